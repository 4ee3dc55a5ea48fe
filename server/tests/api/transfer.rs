//! Issue 13: `quorum-server export` / `import` move a whole deployment between SQLite and
//! PostgreSQL without loss. A real server on SQLite gets a realistic deployment (the demo,
//! a signed-in session, an API token, a document synced with its attribution, a paper, a
//! calendar feed, audit entries); the real binary exports it, imports it into a fresh
//! PostgreSQL database, and a server there accepts the same cookie and token, serves the
//! same paper and feed, and every document has the same heads and every table the same
//! rows. Then back again, PostgreSQL to SQLite. A non-empty target, a truncated, altered or
//! foreign archive, and a table the exporter does not know are refused.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

use domain::{
    storage::{layout, StoreOp},
    DocumentId,
};
use hyper::{Method, StatusCode};
use quorum_server::{
    auth::{store::NewInvitation, Role},
    db::AuthDb,
    storage::{DatabaseUrl, DocumentStore},
    transfer::{self, TransferError, CARRIED},
};
use rusqlite::types::Value;
use serde_json::json;
use tempfile::TempDir;

use crate::helpers::{
    accounts::{Accounts, DEFAULT_PARTNERSHIP},
    browser::{Browser, LEICESTER_ADMIN},
    http::{self, Response},
    postgres::fresh_database,
    Client, Options, Person, TestServer,
};

/// A PDF with every byte value in it, a few hundred KiB.
fn paper_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes.extend(b"\n%%EOF\n");
    bytes
}

/// Runs the real binary with `args`; its stdout, or the test fails with its stderr.
fn cli(args: &[&str]) -> String {
    let out = cli_output(args);
    assert!(out.status.success(), "quorum-server {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn cli_output(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quorum-server"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("QUORUM_DEMO")
        .output()
        .expect("run quorum-server")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn url_of(url: Option<&str>) -> Option<DatabaseUrl> {
    url.map(|u| u.parse().unwrap())
}

fn open_db(data_dir: &Path, url: Option<&str>) -> AuthDb {
    match url {
        None => AuthDb::Sqlite(quorum_server::db::open_dir(data_dir).unwrap()),
        Some(url) => AuthDb::connect_postgres(url).unwrap(),
    }
}

/// Every document's heads, loaded from its stored chunks.
fn heads(data_dir: &Path, url: Option<&str>) -> BTreeMap<String, BTreeSet<String>> {
    let store = DocumentStore::open(data_dir, url_of(url).as_ref()).unwrap();
    let mut chunks: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    let mut after = None;
    loop {
        let keys = store.keys_after(after.as_ref(), 100).unwrap();
        let Some(last) = keys.last().cloned() else { break };
        for (key, value) in store.get_many(&keys).unwrap() {
            chunks.entry(key.parts()[0].clone()).or_default().push(value);
        }
        after = Some(last);
    }
    chunks
        .into_iter()
        .map(|(doc, chunks)| {
            let loaded = layout::load_chunks(chunks.iter().map(Vec::as_slice)).unwrap();
            (doc, loaded.get_heads().iter().map(ToString::to_string).collect())
        })
        .collect()
}

/// Every carried table's rows, each its values by column name (sorted), the rows sorted.
fn rows(data_dir: &Path, url: Option<&str>) -> BTreeMap<&'static str, Vec<String>> {
    let mut db = open_db(data_dir, url);
    CARRIED
        .iter()
        .map(|t| {
            let mut columns = transfer::columns(&mut db, t.name).unwrap();
            columns.sort();
            let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let mut rows: Vec<String> = db
                .query(&format!("SELECT {list} FROM {}", t.name), &[])
                .unwrap()
                .iter()
                .map(|r| {
                    let values: Vec<Value> = (0..columns.len()).map(|i| r.get(i).unwrap()).collect();
                    format!("{values:?}")
                })
                .collect();
            rows.sort();
            (t.name, rows)
        })
        .collect()
}

fn counts(rows: &BTreeMap<&'static str, Vec<String>>) -> BTreeMap<&'static str, usize> {
    rows.iter().map(|(t, r)| (*t, r.len())).collect()
}

/// What the test made on the first server and checks on the others.
struct Deployment {
    admin_cookie: String,
    officer: Person,
    machine: Person,
    meeting: DocumentId,
    synced: DocumentId,
    blob: String,
    paper: Vec<u8>,
    feed: String,
}

/// The demo on a real server on SQLite in `data_dir`, plus a signed-in admin, an officer
/// with a session, a machine with an API token, a document synced over `/sync`, a paper, a
/// calendar feed, an invitation without a document and an audit entry with awkward text.
async fn make_deployment(data_dir: &Path) -> Deployment {
    let server = TestServer::spawn_with(data_dir, true).await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let accounts = server.accounts();
    let officer = accounts.signed_in("officer@example.org", DEFAULT_PARTNERSHIP, Role::Editor);
    let machine = accounts.token("machine@example.org", DEFAULT_PARTNERSHIP, Role::Editor);

    let client = Client::connect_with(&server.sync_url(), machine.credential.header()).await;
    let synced = client.create_doc(|d| {
        use automerge::transaction::Transactable;
        let mut tx = d.transaction();
        tx.put(automerge::ROOT, "title", "Minutes, 30 March 2027").unwrap();
        tx.commit();
    });
    client.put(synced, "venue", "City Hall, Leicester");
    client.wait_all_on_server().await;

    let meeting = DocumentId::random();
    accounts.own(meeting, DEFAULT_PARTNERSHIP);
    let paper = paper_bytes();
    // The server notices the new owner within a second.
    let mut uploaded = upload(&server, &officer, meeting, paper.clone()).await;
    for _ in 0..50 {
        if uploaded.status != StatusCode::NOT_FOUND {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        uploaded = upload(&server, &officer, meeting, paper.clone()).await;
    }
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.text());
    let blob = uploaded.json()["blob"].as_str().unwrap().to_owned();
    assert_eq!(download(server.addr, &officer, meeting, &blob).await.body.as_ref(), paper.as_slice());

    let (k, v) = officer.credential.header();
    let feed = http::json(server.addr, Method::POST, "/api/feeds", &[(k, &v)], Some(json!({}))).await;
    assert_eq!(feed.status, StatusCode::CREATED, "{}", feed.text());
    let feed = feed.json()["path"].as_str().unwrap().to_owned();
    assert_eq!(http::get(server.addr, &feed).await.status, StatusCode::OK);

    let (partnership, _) = accounts.partnership(DEFAULT_PARTNERSHIP);
    let store = accounts.store();
    store.audit(Some(partnership), None, "export-test", "ünïcode, a quote ' and\na new line").unwrap();
    let invitation = NewInvitation {
        partnership,
        document: None,
        role: Role::Viewer,
        email: "guest@example.org".into(),
        created_by: officer.account,
        expires_at: i64::MAX,
    };
    store.create_invitation(&"a".repeat(64), &invitation).unwrap();
    server.stop().await.unwrap();
    Deployment { admin_cookie: admin.cookie.clone().unwrap(), officer, machine, meeting, synced, blob, paper, feed }
}

async fn upload(server: &TestServer, who: &Person, doc: DocumentId, bytes: Vec<u8>) -> Response {
    let origin = format!("http://{}", server.addr);
    let (k, v) = who.credential.header();
    let path = format!("/api/documents/{doc}/papers?name=report.pdf");
    http::send(server.addr, Method::POST, &path, &[("origin", &origin), (k, &v), ("content-type", "application/pdf")], Some(bytes)).await
}

async fn download(addr: std::net::SocketAddr, who: &Person, doc: DocumentId, blob: &str) -> Response {
    let (k, v) = who.credential.header();
    http::get_with(addr, &format!("/api/documents/{doc}/papers/{blob}"), &[(k, &v)]).await
}

/// On `server` (started on the imported database): the cookie and the token still work,
/// the synced document has `heads`, the paper downloads byte-identical, the feed answers.
async fn still_works(server: &TestServer, made: &Deployment, heads: &BTreeSet<String>) {
    let mut browser: Browser = server.browser();
    browser.cookie = Some(made.admin_cookie.clone());
    assert_eq!(browser.json("/api/me").await["account"]["email"], LEICESTER_ADMIN, "the same session cookie");
    let (k, v) = made.officer.credential.header();
    assert_eq!(http::get_with(server.addr, "/api/me", &[(k, &v)]).await.status, StatusCode::OK);

    let client = Client::connect_with(&server.sync_url(), made.machine.credential.header()).await;
    client.request(made.synced);
    client.wait_until("the synced document", |i| i.document(made.synced).is_some_and(|d| d.get_heads().len() == heads.len())).await;
    let got: BTreeSet<String> = client.read(|i| i.document(made.synced).unwrap().get_heads().iter().map(ToString::to_string).collect());
    assert_eq!(&got, heads, "the same token reads the same document");
    assert!(!client.read(|i| i.closed));

    let paper = download(server.addr, &made.officer, made.meeting, &made.blob).await;
    assert_eq!(paper.status, StatusCode::OK);
    assert!(paper.body.as_ref() == made.paper.as_slice(), "the paper downloads byte-identical");
    let feed = http::get(server.addr, &made.feed).await;
    assert_eq!(feed.status, StatusCode::OK, "the feed URL answers");
    assert!(feed.text().starts_with("BEGIN:VCALENDAR"), "{}", feed.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_deployment_moves_to_postgresql_and_back_without_loss() {
    let Some(url) = fresh_database("transfer_round_trip").await else { return };
    let work = TempDir::new().unwrap();
    let sqlite_dir = work.path().join("sqlite");
    let made = make_deployment(&sqlite_dir).await;
    let source_heads = heads(&sqlite_dir, None);
    let source_rows = rows(&sqlite_dir, None);
    assert!(source_heads.len() > 5, "the demo's documents and the synced one: {}", source_heads.len());
    for table in ["partnerships", "accounts", "memberships", "document_owners", "sessions", "api_tokens", "attribution", "audit", "blobs", "papers", "calendar_feeds", "invitations"] {
        assert!(!source_rows[table].is_empty(), "the deployment has {table}");
    }

    // SQLite → PostgreSQL, with the real binary, as the README says.
    let archive = work.path().join("deployment.quorum");
    let said = cli(&["export", "--to", path(&archive), "--data-dir", path(&sqlite_dir)]);
    assert!(said.starts_with("exported ") && said.contains(&format!("{} documents", source_heads.len())), "{said}");
    let pg_dir = work.path().join("pg-node");
    assert!(cli(&["migrate", "--database-url", &url, "--data-dir", path(&pg_dir)]).contains("PostgreSQL database at schema version"));
    let said = cli(&["import", "--from", path(&archive), "--database-url", &url, "--data-dir", path(&pg_dir)]);
    assert!(said.starts_with("imported ") && said.contains("a sqlite export"), "{said}");

    assert_eq!(heads(&pg_dir, Some(&url)), source_heads, "every document's heads");
    let pg_rows = rows(&pg_dir, Some(&url));
    assert_eq!(counts(&pg_rows), counts(&source_rows), "rows per table");
    assert_eq!(pg_rows, source_rows, "every value, exactly");

    let on_pg = TestServer::start(Options { database_url: Some(url.clone()), ..Options::default() }).await;
    still_works(&on_pg, &made, &source_heads[&made.synced.to_string()]).await;
    // The audit log numbers on after the imported entries.
    on_pg.browser().sign_in(LEICESTER_ADMIN, "a wrong password here").await;
    on_pg.stop().await.unwrap();

    // PostgreSQL → SQLite.
    let pg_heads = heads(&pg_dir, Some(&url));
    let pg_rows = rows(&pg_dir, Some(&url));
    let back = work.path().join("back.quorum");
    let said = cli(&["export", "--to", path(&back), "--database-url", &url, "--data-dir", path(&pg_dir)]);
    assert!(said.starts_with("exported "), "{said}");
    let back_dir = work.path().join("back");
    let said = cli(&["import", "--from", path(&back), "--data-dir", path(&back_dir)]);
    assert!(said.contains("a postgresql export"), "{said}");
    assert_eq!(heads(&back_dir, None), pg_heads, "every document's heads");
    assert_eq!(rows(&back_dir, None), pg_rows, "every value, exactly");
    assert!(pg_rows["audit"].len() > source_rows["audit"].len(), "the failed sign-in on PostgreSQL was audited");

    let on_sqlite = TestServer::spawn_with(&back_dir, false).await;
    still_works(&on_sqlite, &made, &source_heads[&made.synced.to_string()]).await;
    on_sqlite.stop().await.unwrap();
}

/// A small deployment on SQLite in `dir`: people, a session and a token, and a document.
fn small_deployment(dir: &Path) {
    let accounts = Accounts::open(dir);
    accounts.signed_in("officer@example.org", DEFAULT_PARTNERSHIP, Role::Editor);
    accounts.token("machine@example.org", DEFAULT_PARTNERSHIP, Role::Viewer);
    quorum_server::cli::add_partnership(&quorum_server::Config::new(dir, dir), "Another Partnership").unwrap();
}

fn is_empty(dir: &Path) -> bool {
    let mut db = open_db(dir, None);
    let rows: u64 = transfer::row_counts(&mut db).unwrap().iter().map(|(_, n)| n).sum();
    rows == 0 && DocumentStore::open(dir, None).unwrap().is_empty().unwrap()
}

fn exported(work: &TempDir) -> PathBuf {
    let source = work.path().join("source");
    small_deployment(&source);
    let archive = work.path().join("a.quorum");
    let done = transfer::export(&source, None, &archive).unwrap();
    assert!(done.documents >= 1 && done.rows["accounts"] == 2, "{done:?}");
    archive
}

#[test]
fn an_import_into_a_database_that_is_not_empty_is_refused() {
    let work = TempDir::new().unwrap();
    let archive = exported(&work);
    let target = work.path().join("target");
    transfer::import(&target, None, &archive).unwrap();
    let before = rows(&target, None);

    let again = transfer::import(&target, None, &archive).unwrap_err();
    assert!(matches!(again, TransferError::NotEmpty(_)), "{again}");
    let message = again.to_string();
    assert!(message.contains("accounts has rows") && message.contains("documents are stored"), "{message}");
    assert_eq!(rows(&target, None), before, "nothing merged");

    // Only documents there: refused too, and said so (through the real binary).
    let docs_only = work.path().join("docs-only");
    let doc = DocumentId::random();
    let key = layout::chunk_key(doc, layout::ChunkKind::Snapshot, &[]);
    DocumentStore::open(&docs_only, None).unwrap().apply(&[StoreOp::Put(key, vec![1, 2, 3])]).unwrap();
    let out = cli_output(&["import", "--from", path(&archive), "--data-dir", path(&docs_only)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("documents are stored") && stderr.contains("never over a deployment"), "{stderr}");

    // An export never overwrites a file.
    let refused = transfer::export(&target, None, &archive).unwrap_err();
    assert!(matches!(refused, TransferError::Exists(_)), "{refused}");
}

#[test]
fn a_truncated_altered_or_foreign_archive_is_refused_and_writes_nothing() {
    let work = TempDir::new().unwrap();
    let archive = exported(&work);
    let text = std::fs::read_to_string(&archive).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let attempt = |name: &str, content: &str| {
        let file = work.path().join(name);
        std::fs::write(&file, content).unwrap();
        let target = work.path().join(format!("{name}-target"));
        let err = transfer::import(&target, None, &file).unwrap_err();
        assert!(is_empty(&target), "{name}: nothing written");
        err
    };

    let half = &text[..text.len() / 2];
    assert!(matches!(attempt("half", half), TransferError::Truncated));
    let without_end = lines[..lines.len() - 1].iter().map(|l| format!("{l}\n")).collect::<String>();
    let err = attempt("without-end", &without_end);
    assert!(matches!(err, TransferError::Truncated), "{err}");
    assert!(err.to_string().contains("truncated"));

    let altered = text.replacen("officer@example.org", "officeR@example.org", 1);
    assert_ne!(altered, text);
    let err = attempt("altered", &altered);
    assert!(matches!(err, TransferError::Checksum), "{err}");

    let newer = text.replacen("\"version\":1", "\"version\":2", 1);
    let err = attempt("newer", &newer);
    assert!(matches!(err, TransferError::FormatVersion { found: 2, known: 1 }), "{err}");

    let err = attempt("foreign", "{\"hello\":\"world\"}\n");
    assert!(matches!(err, TransferError::NotAnArchive { .. }), "{err}");

    // The same file whole imports.
    let target = work.path().join("whole");
    transfer::import(&target, None, &archive).unwrap();
    assert!(!is_empty(&target));
}

#[test]
fn an_export_refuses_a_table_it_does_not_know() {
    let work = TempDir::new().unwrap();
    let dir = work.path().join("db");
    let mut db = open_db(&dir, None);
    assert_eq!(transfer::unknown_tables(&mut db).unwrap(), Vec::<String>::new(), "every table of SQLite's migrations is carried or left behind on purpose");
    let AuthDb::Sqlite(conn) = &db else { unreachable!() };
    conn.execute_batch("CREATE TABLE minutes_templates (id TEXT PRIMARY KEY)").unwrap();
    let err = transfer::export(&dir, None, &work.path().join("x.quorum")).unwrap_err();
    assert!(err.to_string().contains("minutes_templates"), "{err}");
    assert!(!work.path().join("x.quorum").exists() && !work.path().join("x.quorum.partial").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_postgresql_table_is_known_and_has_sqlites_columns() {
    let Some(url) = fresh_database("transfer_tables").await else { return };
    let work = TempDir::new().unwrap();
    let mut pg = open_db(work.path(), Some(&url));
    assert_eq!(transfer::unknown_tables(&mut pg).unwrap(), Vec::<String>::new(), "every table of PostgreSQL's migrations is carried or left behind on purpose");
    let mut sqlite = open_db(work.path(), None);
    for t in CARRIED {
        let mut a = transfer::columns(&mut pg, t.name).unwrap();
        let mut b = transfer::columns(&mut sqlite, t.name).unwrap();
        a.sort();
        b.sort();
        assert_eq!(a, b, "table {} has the same columns on both engines", t.name);
    }
}

/// `lines` (without their newlines) and an end record with the right counts and checksum.
fn sealed(lines: &[String]) -> String {
    use sha2::Digest;
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    let (mut table, mut chunks) = (String::new(), 0);
    for line in lines {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(name) = record["table"]["name"].as_str() {
            table = name.to_owned();
            rows.insert(table.clone(), 0);
        } else if record.get("row").is_some() {
            *rows.get_mut(&table).unwrap() += 1;
        } else if record.get("chunk").is_some() {
            chunks += 1;
        }
    }
    let sha256 = hex::encode(sha2::Sha256::digest(body.as_bytes()));
    format!("{body}{}\n", json!({"end": {"rows": rows, "chunks": chunks, "sha256": sha256}}))
}

#[test]
fn a_row_the_database_refuses_rolls_every_table_back() {
    let work = TempDir::new().unwrap();
    let archive = exported(&work);
    let text = std::fs::read_to_string(&archive).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.pop();
    // A second copy of a membership: a well-formed archive whose row the primary key refuses.
    let memberships = lines.iter().position(|l| l.starts_with("{\"table\":{\"name\":\"memberships\"")).unwrap();
    lines.insert(memberships + 1, lines[memberships + 1].clone());
    let file = work.path().join("duplicated.quorum");
    std::fs::write(&file, sealed(&lines)).unwrap();
    let target = work.path().join("target");
    let err = transfer::import(&target, None, &file).unwrap_err();
    assert!(matches!(err, TransferError::Schema { ref table, .. } if table == "memberships"), "{err}");
    assert!(is_empty(&target), "the tables before it were rolled back, and no document written");

    // Well sealed but unreadable: a chunk's bytes that are not base64, a cell that is not a
    // 64-bit integer, a row too short. Found before anything is written.
    lines.remove(memberships + 1);
    let edit = |at: usize, f: &dyn Fn(&mut serde_json::Value)| {
        let mut bad = lines.clone();
        let mut record: serde_json::Value = serde_json::from_str(&bad[at]).unwrap();
        f(&mut record);
        bad[at] = record.to_string();
        bad
    };
    let last = lines.len() - 1;
    let account_row = lines.iter().position(|l| l.starts_with("{\"table\":{\"name\":\"accounts\"")).unwrap() + 1;
    for bad in [
        edit(last, &|r| r["chunk"]["value"] = json!("***")),
        edit(account_row, &|r| r["row"][0] = json!(1.5)),
        edit(account_row, &|r| r["row"] = json!(["just one"])),
    ] {
        std::fs::write(&file, sealed(&bad)).unwrap();
        let err = transfer::import(&target, None, &file).unwrap_err();
        assert!(matches!(err, TransferError::Malformed { .. }), "{err}");
        assert!(is_empty(&target), "{err}: nothing written");
    }

    // Resealed as it was, the same edit path gives a whole import.
    std::fs::write(&file, sealed(&lines)).unwrap();
    transfer::import(&target, None, &file).unwrap();
    assert_eq!(rows(&target, None), rows(&work.path().join("source"), None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_page_through_keys_in_the_same_byte_order() {
    let Some(url) = fresh_database("transfer_keys").await else { return };
    let work = TempDir::new().unwrap();
    let keys = ["a/snapshot/1", "a-b/incremental/2", "a/incremental/3", "ab/snapshot/4", "a0/snapshot/5", "Z/snapshot/6", "é/snapshot/7"];
    let ops: Vec<StoreOp> = keys.iter().map(|k| StoreOp::Put(k.parse().unwrap(), k.as_bytes().to_vec())).collect();
    let mut seen = Vec::new();
    for url in [None, Some(url.as_str())] {
        let store = DocumentStore::open(&work.path().join(if url.is_some() { "pg" } else { "sqlite" }), url_of(url).as_ref()).unwrap();
        assert!(store.is_empty().unwrap());
        store.apply(&ops).unwrap();
        assert!(!store.is_empty().unwrap());
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = store.keys_after(after.as_ref(), 2).unwrap();
            let Some(last) = page.last().cloned() else { break };
            paged.extend(page.iter().map(|k| k.encode()));
            after = Some(last);
        }
        seen.push(paged);
    }
    let mut expected: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(seen[0], expected, "SQLite: every key once, in byte order");
    assert_eq!(seen[1], expected, "PostgreSQL: the same");
}
