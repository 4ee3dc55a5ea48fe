//! Interop with the official JavaScript client (`@automerge/automerge-repo`) through
//! `tests/interop/peer.mjs`. Needs `node` and `cd tests && npm ci`; fails (never skips)
//! without them.

use std::path::{Path, PathBuf};

use automerge::{transaction::Transactable, ROOT};

use crate::helpers::{Client, TestServer};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Runs `node tests/interop/peer.mjs <url> <args…>` and returns its JSON line.
async fn peer(url: &str, args: &[&str]) -> serde_json::Value {
    let root = repo_root();
    let script = root.join("tests/interop/peer.mjs");
    assert!(
        script.is_file(),
        "interop peer missing: {}",
        script.display()
    );
    assert!(
        root.join("tests/node_modules/@automerge/automerge-repo")
            .is_dir(),
        "the JS interop dependencies are not installed: run `cd tests && npm ci`"
    );
    let output = tokio::process::Command::new("node")
        .current_dir(&root)
        .arg(&script)
        .arg(url)
        .args(args)
        .kill_on_drop(true)
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!("cannot run `node` (install Node.js >= 20 for the interop tests): {e}")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "peer.mjs {args:?} failed ({}):\n{stderr}\n{stdout}",
        output.status
    );
    serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("peer.mjs printed no JSON line ({e}): {stdout:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_client_reads_what_the_js_client_wrote() {
    let server = TestServer::spawn().await;
    let created = peer(&server.ws_url(), &["create", r#"{"title":"from js"}"#]).await;
    let id = created["documentId"]
        .as_str()
        .expect("documentId")
        .parse()
        .expect("a document id");
    let client = Client::connect(&server.ws_url()).await;
    client.request(id);
    client.wait_for_value(id, "title", "from js").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_js_client_reads_what_the_rust_client_wrote() {
    let server = TestServer::spawn().await;
    let client = Client::connect(&server.ws_url()).await;
    let id = client.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "title", "from rust").unwrap();
        tx.commit();
    });
    client.wait_all_on_server().await;
    let read = peer(&server.ws_url(), &["read", &id.to_string(), "title"]).await;
    assert_eq!(read["doc"]["title"], "from rust", "{read}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_js_clients_converge_through_the_server() {
    let server = TestServer::spawn().await;
    let converged = peer(&server.ws_url(), &["converge"]).await;
    assert!(
        converged["heads"].as_array().is_some_and(|h| !h.is_empty()),
        "{converged}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_js_client_with_another_partnerships_token_cannot_fetch_the_document() {
    let server = TestServer::spawn().await;
    let client = Client::connect(&server.ws_url()).await;
    let id = client.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "title", "for the test partnership only").unwrap();
        tx.commit();
    });
    client.wait_all_on_server().await;
    let outsider = server
        .accounts()
        .token("outsider@example.org", "Another Partnership", quorum_server::auth::Role::Admin);
    let crate::helpers::accounts::Credential::Token(token) = &outsider.credential else {
        unreachable!()
    };
    let answer = peer(&server.ws_url_with(token), &["unavailable", &id.to_string()]).await;
    assert_eq!(answer["unavailable"], true, "{answer}");
}
