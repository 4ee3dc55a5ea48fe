//! Several nodes on one PostgreSQL (issue "Outgrow one machine"): accounts and sessions are
//! shared, so any node accepts a session or token made on another (HTTP and `/sync`), the
//! sign-in limits count attempts on every node and audit a refusal once a window across
//! them, a denied request is audited once a window across them too, and an access change on one node (a member removed, a sign-out) closes what it
//! affects on the others within a second: the accounts tables' triggers `NOTIFY
//! quorum_access` and every node's relay reloads at once. Papers and calendar feeds are
//! shared too.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use domain::{sync::Event, DocumentId};
use hyper::{Method, StatusCode};
use quorum_server::{
    auth::{AuthStore, Role, SignInLimits},
    clock::ManualClock,
    storage::DatabaseUrl,
};
use serde_json::Value;

use crate::helpers::{
    accounts::Credential,
    browser::{error_of, partnership_id, Browser, DDSCP_ADMIN, DEMO_PASSWORD, LEICESTER_ADMIN, LEICESTER_VIEWER},
    client::{refused_status, with_header},
    http,
    postgres::{fresh_database, query},
    Client, Options, TestServer,
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
/// What the contract promises, from the change's commit (the machine running the tests is
/// shared, so the request itself gets as long again; `relay_latency` measures it unloaded).
const WITHIN: Duration = Duration::from_secs(1);

/// Two nodes on a fresh database: the first seeds the demo, the second starts on it.
async fn nodes(test: &str) -> Option<(TestServer, TestServer)> {
    let url = fresh_database(test).await?;
    let one = TestServer::start(Options { demo: true, database_url: Some(url.clone()), ..Options::default() }).await;
    one.signed_in(LEICESTER_ADMIN).await;
    let two = TestServer::start(Options { database_url: Some(url), ..Options::default() }).await;
    Some((one, two))
}

/// Leicester's partnership id and document, as `browser`'s `/api/me` names them.
async fn leicester(browser: &Browser) -> (String, DocumentId) {
    let me = browser.json("/api/me").await;
    let doc = me["partnerships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == LEICESTER)
        .and_then(|p| p["documentId"].as_str())
        .unwrap()
        .parse()
        .unwrap();
    (partnership_id(&me, LEICESTER), doc)
}

/// `browser`'s session cookie, to carry to another node.
fn session_of(browser: &Browser) -> Credential {
    Credential::Session(browser.cookie.clone().expect("signed in"))
}

/// A client of `node` with `credential` holding `doc`.
async fn reader(node: &TestServer, credential: &Credential, doc: DocumentId) -> Client {
    let client = Client::connect_with(&node.sync_url(), credential.header()).await;
    client.request(doc);
    client.wait_until("the document", |i| i.document(doc).is_some()).await;
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_and_a_token_made_on_one_node_work_on_another() {
    let Some((one, two)) = nodes("nodes_session").await else { return };
    let on_one = one.signed_in(LEICESTER_VIEWER).await;
    let mut on_two = two.browser();
    on_two.cookie = on_one.cookie.clone();
    let me: Value = on_two.json("/api/me").await;
    assert_eq!(me["account"]["email"], LEICESTER_VIEWER, "node 2 accepts node 1's session");
    let (_, doc) = leicester(&on_two).await;
    let client = reader(&two, &session_of(&on_one), doc).await;
    assert!(!client.read(|i| i.closed));

    // A token made on node 1 (as its CLI would) works on node 2 as soon as node 2 hears of it.
    let token = one.accounts().token("machine@example.org", LEICESTER, Role::Viewer).credential;
    let started = Instant::now();
    two.until("node 2 to accept node 1's token", || async {
        refused_status(with_header(&two.sync_url(), token.header())).await.is_none()
    })
    .await;
    assert!(started.elapsed() <= WITHIN, "node 2 heard of the token after {:?}", started.elapsed());
    reader(&two, &token, doc).await;
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test]
async fn failed_sign_ins_on_one_node_count_on_another() {
    let Some((one, two)) = nodes("nodes_limits").await else { return };
    let mut on_one = one.browser();
    for _ in 0..5 {
        assert_eq!(on_one.sign_in(LEICESTER_VIEWER, "a wrong password here").await.status, StatusCode::UNAUTHORIZED);
    }
    let res = two.browser().sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "the right password, on the other node, after five failures");
    assert!(error_of(&res).starts_with("Too many attempts"));
    // Another account from the same address still signs in, on either node.
    assert_eq!(two.browser().sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await.status, StatusCode::OK);
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

/// A sign-in as the Leicester viewer with a wrong password, through `node`.
async fn wrong_password(node: &TestServer) -> StatusCode {
    node.browser().sign_in(LEICESTER_VIEWER, "a wrong password here").await.status
}

/// The details of the audit rows of `kind` in the nodes' shared database, oldest first.
async fn audited(node: &TestServer, kind: &str) -> Vec<String> {
    let url = node.database_url.as_ref().unwrap().to_string();
    query(&url, &format!("SELECT detail FROM audit WHERE kind = '{kind}' ORDER BY id")).await.iter().map(|r| r.get(0)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_throttled_on_both_nodes_is_audited_once_a_window() {
    let Some((one, two)) = nodes("nodes_refusals").await else { return };
    // One time on both nodes, as on machines that keep their clocks in step.
    one.clock.advance(Duration::from_millis((two.clock.now_ms() - one.clock.now_ms()).try_into().unwrap()));
    for node in [&one, &two, &one, &two, &one] {
        assert_eq!(wrong_password(node).await, StatusCode::UNAUTHORIZED);
    }
    for node in [&one, &two, &two, &one] {
        assert_eq!(wrong_password(node).await, StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(audited(&one, "sign-in-failed").await.len(), 5);
    assert_eq!(audited(&one, "sign-in-throttled").await, [LEICESTER_VIEWER], "refused on both nodes, audited once in the window");

    // A new window (every attempt aged out with it): five more failures, then refusals on
    // both nodes at once; still one row for the window, whichever node's refusal came first.
    for node in [&one, &two] {
        node.clock.advance(Duration::from_secs(15 * 60));
    }
    for node in [&two, &one, &two, &one, &two] {
        assert_eq!(wrong_password(node).await, StatusCode::UNAUTHORIZED);
    }
    let refused = tokio::join!(wrong_password(&one), wrong_password(&two), wrong_password(&one), wrong_password(&two));
    assert_eq!(<[StatusCode; 4]>::from(refused), [StatusCode::TOO_MANY_REQUESTS; 4]);
    assert_eq!(audited(&two, "sign-in-throttled").await, [LEICESTER_VIEWER; 2], "one more for the new window");
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

/// A role change in Leicester asked by `outsider` (another partnership's admin): refused.
async fn denied(outsider: &Browser, pid: &str) -> StatusCode {
    outsider.put(&format!("/api/partnerships/{pid}/people/probe"), serde_json::json!({"role": "admin"})).await.status
}

/// The access-denied rows of the shared database: the windows' first rows, and the counts
/// of the summary rows ("3 more denied requests within 10 minutes of the one above").
async fn denials(node: &TestServer) -> (Vec<String>, Vec<u64>) {
    let rows = audited(node, "access-denied").await;
    let (summaries, firsts): (Vec<_>, Vec<_>) = rows.into_iter().partition(|d| d.contains(" more denied requests "));
    (firsts, summaries.iter().map(|d| d.split(' ').next().unwrap().parse().unwrap()).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_denied_on_both_nodes_is_audited_once_a_window() {
    let Some((one, two)) = nodes("nodes_denials").await else { return };
    one.clock.advance(Duration::from_millis((two.clock.now_ms() - one.clock.now_ms()).try_into().unwrap()));
    let (pid, _) = leicester(&one.signed_in(LEICESTER_ADMIN).await).await;
    let on_one = one.signed_in(DDSCP_ADMIN).await;
    let mut on_two = two.browser();
    on_two.cookie = on_one.cookie.clone();
    for outsider in [&on_one, &on_two, &on_two, &on_one] {
        assert_eq!(denied(outsider, &pid).await, StatusCode::FORBIDDEN);
    }
    let what = format!("PUT /api/partnerships/{pid}/people/probe");
    assert_eq!(denials(&one).await, (vec![what.clone()], vec![]), "denied on both nodes, audited once in the window");

    // The next window: denied on both nodes at once, one more first row, whichever node's
    // came first; and the first window's other three denials are each summarised by the
    // node that refused them (one more on node 1, two on node 2: none lost).
    for node in [&one, &two] {
        node.clock.advance(Duration::from_secs(10 * 60 + 1));
    }
    let refused = tokio::join!(denied(&on_one, &pid), denied(&on_two, &pid), denied(&on_one, &pid), denied(&on_two, &pid));
    assert_eq!(<[StatusCode; 4]>::from(refused), [StatusCode::FORBIDDEN; 4]);
    one.until("both nodes' summaries of the first window", || async { denials(&one).await.1.len() == 2 }).await;
    let (firsts, mut summaries) = denials(&two).await;
    summaries.sort();
    assert_eq!((firsts, summaries), (vec![what.clone(), what], vec![1, 2]), "one more first row for the new window");
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

/// Refusals of one account racing on two nodes' limits (each with its own connections to
/// the database), two threads each: exactly one is the first of the window, and exactly
/// one of the next window's.
#[tokio::test]
async fn of_refusals_racing_on_two_nodes_exactly_one_is_the_first_of_its_window() {
    let Some(url) = fresh_database("nodes_refusal_race").await else { return };
    let url: DatabaseUrl = url.parse().unwrap();
    tokio::task::spawn_blocking(move || {
        let clock = ManualClock::new();
        let data = tempfile::TempDir::new().unwrap();
        let nodes: Vec<SignInLimits> = (0..2)
            .map(|_| {
                let store = AuthStore::open_for(data.path(), Some(&url)).unwrap().with_clock(clock.clock());
                SignInLimits::shared(clock.clock(), Arc::new(store))
            })
            .collect();
        let address = Some(std::net::Ipv4Addr::new(192, 0, 2, 1).into());
        for _ in 0..2 {
            for i in 0..5 {
                let _ = nodes[i % 2].begin(LEICESTER_VIEWER, address).expect("five attempts");
            }
            let firsts = std::thread::scope(|s| {
                let racers: Vec<_> = [&nodes[0], &nodes[1], &nodes[0], &nodes[1]]
                    .map(|node| s.spawn(move || (0..5).filter(|_| node.begin(LEICESTER_VIEWER, address).unwrap_err().first).count()))
                    .into_iter()
                    .collect();
                racers.into_iter().map(|r| r.join().unwrap()).sum::<usize>()
            });
            assert_eq!(firsts, 1, "twenty refusals on two nodes, one of them the first of the window");
            clock.advance(Duration::from_secs(15 * 60));
        }
    })
    .await
    .unwrap();
}

/// Sign-in refusals (a 15-minute window) and denied requests (10 minutes) share the claims'
/// table: forgetting the old claims of one kind leaves the other's, and their keys never meet.
#[tokio::test]
async fn forgetting_old_denial_claims_keeps_a_sign_in_refusals_window() {
    let Some(url) = fresh_database("nodes_claim_kinds").await else { return };
    let url: DatabaseUrl = url.parse().unwrap();
    tokio::task::spawn_blocking(move || {
        let data = tempfile::TempDir::new().unwrap();
        let store = AuthStore::open_for(data.path(), Some(&url)).unwrap();
        let (minute, key) = (60_000, "account viewer@example.org 192.0.2.1");
        let (p, a) = (Some(quorum_server::auth::PartnershipId::random()), Some(quorum_server::auth::AccountId::random()));
        assert!(store.claim_sign_in_refusal(key, 0, -15 * minute).unwrap());
        assert!(store.claim_denial(p, a, 0, -10 * minute).unwrap(), "its own key");
        assert!(!store.claim_denial(p, a, 9 * minute, -minute).unwrap(), "within its window");
        assert!(store.claim_denial(None, a, 11 * minute, minute).unwrap(), "another partnership's log");
        assert!(!store.claim_sign_in_refusal(key, 12 * minute, -3 * minute).unwrap(), "the refusal's window is still open");
        assert!(store.claim_denial(p, a, 12 * minute, 2 * minute).unwrap(), "a new window");
        assert!(store.claim_sign_in_refusal(key, 15 * minute, 0).unwrap(), "a new window");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_removed_on_one_node_loses_the_document_on_another_within_a_second() {
    let Some((one, two)) = nodes("nodes_revoke").await else { return };
    let admin = one.signed_in(LEICESTER_ADMIN).await;
    let (pid, doc) = leicester(&admin).await;
    let people = admin.json(&format!("/api/partnerships/{pid}/people")).await;
    let viewer_id = people.as_array().unwrap().iter().find(|p| p["email"] == LEICESTER_VIEWER).unwrap()["accountId"]
        .as_str()
        .unwrap()
        .to_owned();
    let viewer = two.signed_in(LEICESTER_VIEWER).await;
    let client = reader(&two, &session_of(&viewer), doc).await;

    let started = Instant::now();
    let res = admin.delete(&format!("/api/partnerships/{pid}/people/{viewer_id}")).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let committed = Instant::now();
    client.wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(doc))).await;
    let (took, across) = (started.elapsed(), committed.elapsed());
    eprintln!("a removal on node 1 reached a socket on node 2 {across:?} after node 1 answered ({took:?} with the request)");
    assert!(across <= WITHIN, "revocation across nodes took {across:?} after node 1 committed it");
    assert!(took <= 2 * WITHIN, "the request and the revocation across nodes took {took:?}");
    assert!(!client.read(|i| i.closed), "the connection itself stays open for other documents");
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_on_one_node_closes_the_sessions_sockets_on_another_within_a_second() {
    let Some((one, two)) = nodes("nodes_sign_out").await else { return };
    let viewer = one.signed_in(LEICESTER_VIEWER).await;
    let (_, doc) = leicester(&viewer).await;
    let client = reader(&two, &session_of(&viewer), doc).await;

    let started = Instant::now();
    assert_eq!(viewer.delete("/api/session").await.status, StatusCode::NO_CONTENT);
    let committed = Instant::now();
    client.wait_until("the websocket to close", |i| i.closed).await;
    let (took, across) = (started.elapsed(), committed.elapsed());
    eprintln!("a sign-out on node 1 closed a socket on node 2 {across:?} after node 1 answered ({took:?} with the request)");
    assert!(across <= WITHIN, "closing across nodes took {across:?} after node 1 ended the session");
    assert!(took <= 2 * WITHIN, "the sign-out and the closing across nodes took {took:?}");
    assert!(client.read(|i| i.errors().iter().any(|e| e.contains("session"))), "told why: {:?}", client.read(|i| i.errors()));
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paper_and_a_calendar_feed_made_on_one_node_are_served_by_another() {
    let Some((one, two)) = nodes("nodes_papers").await else { return };
    let admin = one.signed_in(LEICESTER_ADMIN).await;
    let (_, doc) = leicester(&admin).await;
    let (k, v) = session_of(&admin).header();
    let origin = one.origin.clone();
    let pdf = b"%PDF-1.7\nThe board's annual report\n%%EOF\n".to_vec();
    let path = format!("/api/documents/{doc}/papers?name=report.pdf");
    let headers = [("origin", origin.as_str()), (k, v.as_str()), ("content-type", "application/pdf")];
    let res = http::send(one.addr, Method::POST, &path, &headers, Some(pdf.clone())).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let blob = res.json()["blob"].as_str().unwrap().to_owned();
    let got = http::get_with(two.addr, &format!("/api/documents/{doc}/papers/{blob}"), &[(k, &v)]).await;
    assert_eq!(got.status, StatusCode::OK, "node 2 serves the paper node 1 stored");
    assert_eq!(got.body.to_vec(), pdf);

    let created = http::json(one.addr, Method::POST, "/api/feeds", &[(k, &v)], Some(serde_json::json!({}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let (feed, id) = (created.json()["path"].as_str().unwrap().to_owned(), created.json()["id"].as_str().unwrap().to_owned());
    let served = http::get(two.addr, &feed).await;
    assert_eq!((served.status, served.header(hyper::header::CONTENT_TYPE)), (StatusCode::OK, Some("text/calendar; charset=utf-8")));
    let revoked = http::json(one.addr, Method::DELETE, &format!("/api/feeds/{id}"), &[(k, &v)], None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(http::get(two.addr, &feed).await.status, StatusCode::NOT_FOUND, "revoked on node 1, gone on node 2");
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test]
async fn a_database_from_before_shared_accounts_gains_them_at_start_and_keeps_its_documents() {
    let Some(url) = fresh_database("nodes_prev_version").await else { return };
    // What a node of the previous version left: the documents' migration only, and a chunk.
    let first = &quorum_server::db::postgres::MIGRATIONS[0];
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);
    client
        .batch_execute(&format!(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
             {}
             INSERT INTO schema_migrations (version, name) VALUES (1, 'documents');
             INSERT INTO chunks (key, value) VALUES ('doc/kept', '\\x01');",
            first.sql
        ))
        .await
        .unwrap();

    let server = TestServer::spawn_configured(|c| c.database_url = Some(url.parse().unwrap())).await;
    let client_of_node = Client::connect(&server.ws_url()).await;
    let doc = client_of_node.create_doc(|_| {});
    client_of_node.put(doc, "k", "v");
    client_of_node.wait_all_on_server().await;
    let versions: Vec<i32> = client.query("SELECT version FROM schema_migrations ORDER BY version", &[]).await.unwrap().iter().map(|r| r.get(0)).collect();
    let expected: Vec<i32> = quorum_server::db::postgres::MIGRATIONS.iter().map(|m| m.version as i32).collect();
    assert_eq!(versions, expected, "every later migration applied once");
    let kept: i64 = client.query_one("SELECT count(*) FROM chunks WHERE key = 'doc/kept'", &[]).await.unwrap().get(0);
    assert_eq!(kept, 1, "the old chunk is kept");
    let owners: i64 = client.query_one("SELECT count(*) FROM document_owners", &[]).await.unwrap().get(0);
    assert!(owners >= 1, "the new document's owner is in PostgreSQL");
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_works_on_the_shared_accounts() {
    use crate::auth_hardening::{cli, stdout};
    let Some((one, two)) = nodes("nodes_cli").await else { return };
    let url = one.database_url.as_ref().unwrap().to_string();
    let (_, doc) = leicester(&one.signed_in(LEICESTER_ADMIN).await).await;
    // A token made by the CLI in its own data directory, given the database: node 2 takes it.
    let data = tempfile::TempDir::new().unwrap();
    let args = ["token", "create", "--email", LEICESTER_VIEWER, "--partnership", LEICESTER, "--database-url", &url];
    let token = Credential::Token(stdout(&cli(data.path(), &args, None)));
    two.until("node 2 to accept the CLI's token", || async {
        refused_status(with_header(&two.sync_url(), token.header())).await.is_none()
    })
    .await;
    let client = reader(&two, &token, doc).await;
    // Revoked by the CLI: node 2 closes its socket.
    let listed = stdout(&cli(data.path(), &["token", "list", "--database-url", &url], None));
    let id = listed.lines().find(|l| l.contains(LEICESTER_VIEWER)).and_then(|l| l.split_whitespace().next()).unwrap().to_owned();
    stdout(&cli(data.path(), &["token", "revoke", "--id", &id, "--database-url", &url], None));
    client.wait_until("the websocket to close", |i| i.closed).await;
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

/// `quorum-server migrate` brings an empty database to the schema and says so; run again it
/// changes nothing. On the SQLite file and on PostgreSQL.
#[tokio::test]
async fn migrate_brings_an_empty_database_to_the_schema_and_reports_it() {
    use crate::auth_hardening::{cli, stdout};
    let data = tempfile::TempDir::new().unwrap();
    let first = stdout(&cli(data.path(), &["migrate"], None));
    assert!(first.starts_with("SQLite database at schema version "), "{first}");
    assert!(data.path().join(quorum_server::storage::DATABASE_FILE).exists());
    assert_eq!(stdout(&cli(data.path(), &["migrate"], None)), first, "a second run finds nothing to do");

    let Some(url) = fresh_database("migrate").await else { return };
    let node = tempfile::TempDir::new().unwrap();
    let report = stdout(&cli(node.path(), &["migrate", "--database-url", &url], None));
    assert!(report.starts_with("PostgreSQL database at schema version "), "{report}");
    assert_eq!(crate::helpers::postgres::chunk_count(&url).await, 0, "the documents' tables exist, empty");
    let tables = crate::helpers::postgres::query(&url, "SELECT count(*) FROM accounts").await;
    assert_eq!(tables.len(), 1, "and the accounts'");
}
