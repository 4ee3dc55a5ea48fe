//! Issue 10, items 2 and 6: new documents under attack. A flood of `sync` messages for random
//! ids leaves no rows (a claim is made only by real changes, in the commit of their chunks);
//! an account creates at most a quota of new documents a minute; and nobody can claim or
//! register an id another person created (ids are minted for their creator's account).

use std::time::Duration;

use domain::{protocol::Message, DocumentId};
use hyper::{Method, StatusCode};
use quorum_server::auth::Role;

use crate::helpers::{
    client::{get_str, with_header, Client},
    http,
    raw::{ask_for, sync_carrying_change, RawPeer},
    TestServer,
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const DERBY: &str = "Derby and Derbyshire Safeguarding Children Partnership";

fn count(server: &TestServer, sql: &str) -> i64 {
    server.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn owner_rows(server: &TestServer) -> i64 {
    count(server, "SELECT COUNT(*) FROM document_owners")
}

fn audit_rows(server: &TestServer) -> i64 {
    count(server, "SELECT COUNT(*) FROM audit")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_syncs_for_random_ids_leaves_no_rows_and_no_documents() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let editor = accounts.signed_in("l.editor@example.org", LEICESTER, Role::Editor);
    server.next_recheck().await;
    let (owners, audits) = (owner_rows(&server), audit_rows(&server));

    // Ids minted for the flooder's own account, so each is one it could really claim.
    let ids: Vec<DocumentId> = (0..400).map(|_| DocumentId::minted_for(&editor.account.to_string())).collect();
    let mut peer = RawPeer::join_request(with_header(&server.sync_url(), editor.credential.header())).await;
    peer.send_all(ids.iter().map(|id| ask_for(*id, true))).await;
    let mut answered = 0;
    while answered < ids.len() {
        match peer.next_message().await {
            Some(Message::Sync { document, .. } | Message::DocUnavailable { document, .. }) if ids.contains(&document) => answered += 1,
            Some(Message::Error { message }) => panic!("the flood closed the connection: {message}"),
            Some(_) => {}
            None => panic!("the connection closed"),
        }
    }
    assert_eq!(owner_rows(&server), owners, "no owner rows");
    assert_eq!(audit_rows(&server), audits, "no audit rows");
    let stored = count(&server, "SELECT COUNT(*) FROM chunks");
    assert_eq!(stored, 0, "nothing stored");

    // The same connection still creates a real document.
    let id = DocumentId::minted_for(&editor.account.to_string());
    let (frame, _) = sync_carrying_change(id, "k", "real");
    peer.send(frame).await;
    server.until("the new document's owner", || async { owner_rows(&server) == owners + 1 }).await;
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_creates_at_most_its_quota_of_new_documents_a_minute() {
    let server = TestServer::spawn().await;
    let before = owner_rows(&server);
    let mut peer = RawPeer::join(&server.ws_url()).await;
    let ids: Vec<DocumentId> = (0..150).map(|_| DocumentId::random()).collect();
    peer.send_all(ids.iter().enumerate().map(|(i, id)| sync_carrying_change(*id, "n", &i.to_string()).0)).await;
    // Past the quota, a new id is answered as one the account may not have.
    let mut refused = 0;
    while refused < 30 {
        match peer.next_message().await {
            Some(Message::DocUnavailable { document, .. }) if ids.contains(&document) => refused += 1,
            Some(Message::Error { message }) => panic!("the connection was closed: {message}"),
            Some(_) => {}
            None => panic!("the connection closed"),
        }
    }
    server.until("the accepted claims to be committed", || async { owner_rows(&server) - before == 120 }).await;
    assert_eq!(owner_rows(&server) - before, 120, "the quota, and no more");

    // A minute later the same account creates documents again.
    server.clock.advance(Duration::from_secs(61));
    let client = Client::connect(&server.ws_url()).await;
    let doc = client.create_doc(|_| {});
    client.put(doc, "k", "after a minute");
    client.wait_all_on_server().await;
    assert_eq!(owner_rows(&server) - before, 121);
    server.stop().await.unwrap();
}

/// Issue 11: a library of more new documents than the quota (a joint group's manual made at
/// once) is not cut off at the quota: the rest wait for it to free, are invited again, and
/// reach a reader that asked for them before they existed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_documents_over_the_quota_wait_for_it_and_then_all_arrive() {
    let server = TestServer::spawn().await;
    let before = owner_rows(&server);
    let writer = Client::connect(&server.ws_url()).await;
    let reader = Client::connect(&server.ws_url()).await;
    let docs: Vec<DocumentId> = (0..150)
        .map(|i| {
            let doc = writer.create_doc(|_| {});
            writer.put(doc, "n", &i.to_string());
            doc
        })
        .collect();
    for doc in &docs {
        reader.request(*doc);
    }
    server.until("the quota's worth to be committed", || async { owner_rows(&server) - before == 120 }).await;
    server.next_recheck().await;
    assert_eq!(owner_rows(&server) - before, 120, "the quota holds within the minute");

    server.clock.advance(Duration::from_secs(61));
    server.until("the rest to be taken as the quota frees", || async { owner_rows(&server) - before == 150 }).await;
    writer.wait_all_on_server().await;
    reader
        .wait_until("every document on the reader", |inner| {
            docs.iter().enumerate().all(|(i, d)| inner.document(*d).and_then(|d| get_str(d, "n")) == Some(i.to_string()))
        })
        .await;
    for client in [&writer, &reader] {
        let errors = client.read(|i| i.errors());
        assert!(errors.is_empty(), "{errors:?}");
    }
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_can_claim_or_register_an_id_another_person_created() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    // The victim edits in Leicester; the squatter edits in Derby and can read Leicester's
    // documents (so sees the new id listed there before it reaches the server).
    let victim = accounts.signed_in("l.editor@example.org", LEICESTER, Role::Editor);
    let squatter = accounts.signed_in("d.editor@example.org", DERBY, Role::Editor);
    accounts.member("d.editor@example.org", LEICESTER, Role::Viewer);
    let (derby, _) = accounts.partnership(DERBY);
    let (leicester, _) = accounts.partnership(LEICESTER);
    server.next_recheck().await;
    let made_offline = DocumentId::minted_for(&victim.account.to_string());

    // Registering it for Derby first: refused.
    let (name, value) = squatter.credential.header();
    let res = http::json(
        server.addr,
        Method::POST,
        "/api/documents",
        &[(name, &value)],
        Some(serde_json::json!({ "documentId": made_offline.to_string(), "partnershipId": derby.to_string() })),
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());

    // Creating it over sync first: refused, nothing of it kept.
    let mut peer = RawPeer::join_request(with_header(&server.sync_url(), squatter.credential.header())).await;
    let (frame, _) = sync_carrying_change(made_offline, "k", "squatted");
    peer.send(frame).await;
    loop {
        match peer.next_message().await {
            Some(Message::DocUnavailable { document, .. }) if document == made_offline => break,
            Some(Message::Error { .. }) | None => break,
            Some(_) => {}
        }
    }
    assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM document_owners WHERE document_id = '{made_offline}'")), 0);

    // The creator then registers and syncs it as usual.
    let (name, value) = victim.credential.header();
    let res = http::json(
        server.addr,
        Method::POST,
        "/api/documents",
        &[(name, &value)],
        Some(serde_json::json!({ "documentId": made_offline.to_string(), "partnershipId": leicester.to_string() })),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let client = Client::connect_with(&server.sync_url(), victim.credential.header()).await;
    let doc = client.create_doc_minted(&victim.account, |_| {});
    client.put(doc, "k", "mine");
    client.wait_all_on_server().await;
    assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM document_owners WHERE document_id = '{doc}'")), 1);
    server.stop().await.unwrap();
}
