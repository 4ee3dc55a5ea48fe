//! Issue 10, item 8 (tokens): an API token works for a set number of days (90 unless its
//! creator says otherwise, at most 365); past its date it no longer authenticates and its open
//! websockets close at the next re-check; the operator lists tokens (never their secrets) and
//! revokes one by id, which closes its sockets within a second.

use std::time::{Duration, Instant};

use quorum_server::auth::{Role, Secret};

use crate::{
    auth_hardening::{cli, stdout},
    helpers::{Client, TestServer},
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const DAY: Duration = Duration::from_secs(86_400);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_stops_working_on_its_expiry_date_and_its_socket_closes() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let account = accounts.member("robot@example.org", LEICESTER, Role::Editor);
    let (partnership, _) = accounts.partnership(LEICESTER);
    let secret = Secret::generate().unwrap();
    accounts.store().add_api_token_for(&secret.hash(), account, partnership, 2).unwrap();
    server.next_recheck().await;
    let client = Client::connect(&server.ws_url_with(secret.expose())).await;
    let doc = client.create_doc(|_| {});
    client.put(doc, "k", "made by a machine client");
    client.wait_all_on_server().await;

    server.clock.advance(DAY);
    server.next_recheck().await;
    assert!(!client.read(|i| i.closed), "still working after one of its two days");

    server.clock.advance(DAY + Duration::from_secs(1));
    let expired = Instant::now();
    client.wait_until("the expired token's websocket to close", |i| i.closed).await;
    assert!(expired.elapsed() <= Duration::from_secs(1), "closed {:?} after expiry", expired.elapsed());
    let refused = crate::helpers::client::refused_status(
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(server.ws_url_with(secret.expose())).unwrap(),
    )
    .await;
    assert_eq!(refused, Some(401), "a new connection with it is refused");
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_lists_tokens_without_secrets_and_revokes_one_by_id() {
    let server = TestServer::spawn().await;
    let dir = server.data_dir.clone();
    let accounts = server.accounts();
    accounts.member("robot@example.org", LEICESTER, Role::Editor);
    let longer = cli(&dir, &["token", "create", "--email", "robot@example.org", "--partnership", LEICESTER, "--days", "400"], None);
    assert!(!longer.status.success(), "more than a year is refused");
    let token = stdout(&cli(&dir, &["token", "create", "--email", "robot@example.org", "--partnership", LEICESTER, "--days", "30"], None));
    server.next_recheck().await;
    let client = Client::connect(&server.ws_url_with(&token)).await;
    let doc = client.create_doc(|_| {});
    client.put(doc, "k", "v");
    client.wait_all_on_server().await;

    let list = stdout(&cli(&dir, &["token", "list"], None));
    let line = list.lines().find(|l| l.contains("robot@example.org")).unwrap_or_else(|| panic!("listed: {list}"));
    assert!(!list.contains(&token), "the secret is never shown again");
    assert!(line.contains(LEICESTER), "{line}");
    let id = line.split('\t').next().unwrap();

    let revoked = Instant::now();
    stdout(&cli(&dir, &["token", "revoke", "--id", id], None));
    client.wait_until("the revoked token's websocket to close", |i| i.closed).await;
    assert!(revoked.elapsed() <= Duration::from_millis(1100), "closed {:?} after revocation", revoked.elapsed());
    assert!(!stdout(&cli(&dir, &["token", "list"], None)).contains(id), "gone from the list");
    assert!(!cli(&dir, &["token", "revoke", "--id", id], None).status.success(), "an unknown id is an error");
    server.stop().await.unwrap();
}
