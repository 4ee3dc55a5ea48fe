//! Revocation on open connections (docs/access-control.md): a role removed by an admin
//! over HTTP, or changed by another process on the same database (the CLI), reaches open
//! websockets within 1 s; an ended session's websockets are closed.

use std::time::{Duration, Instant};

use domain::{protocol::Message, sync::Event, DocumentId};
use hyper::{Method, StatusCode};
use quorum_server::auth::Role;

use crate::helpers::{
    accounts::Credential,
    client::with_header,
    http,
    raw::sync_carrying_change,
    Client, Person, RawPeer, TestServer,
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
/// What the contract promises.
const WITHIN: Duration = Duration::from_secs(1);

/// A document of Leicester's with `k` set, held by an editor's client, and the server.
struct Scene {
    server: TestServer,
    doc: DocumentId,
    writer: Client,
}

impl Scene {
    async fn new() -> Self {
        let server = TestServer::spawn().await;
        let owner = server.accounts().token("l.owner@example.org", LEICESTER, Role::Admin);
        let Credential::Token(token) = &owner.credential else { unreachable!() };
        let writer = Client::connect(&server.ws_url_with(token)).await;
        let doc = writer.create_doc(|_| {});
        writer.put(doc, "k", "before");
        writer.wait_all_on_server().await;
        Self { server, doc, writer }
    }

    /// `email` with `role` in Leicester, signed in, and the server knows it.
    async fn signed_in(&self, email: &str, role: Role) -> Person {
        let person = self.server.accounts().signed_in(email, LEICESTER, role);
        self.until_role_seen(&person, Some(role)).await;
        person
    }

    /// Waits until `/api/me` shows `person` with `role` in Leicester.
    async fn until_role_seen(&self, person: &Person, role: Option<Role>) {
        let (name, value) = person.credential.header();
        let addr = self.server.addr;
        self.server
            .until("the server to see the role", || async {
                let me = http::get_with(addr, "/api/me", &[(name, &value)]).await;
                let roles: Vec<String> = me.json()["partnerships"]
                    .as_array()
                    .map(|ps| ps.iter().filter_map(|p| p["role"].as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                roles.first().map(String::as_str) == role.map(|r| r.as_str())
            })
            .await;
    }

    /// A client of `person` holding the document.
    async fn reader(&self, person: &Person) -> Client {
        let client = Client::connect_with(&self.server.sync_url(), person.credential.header()).await;
        client.request(self.doc);
        client.wait_for_value(self.doc, "k", "before").await;
        client
    }

    /// An admin of Leicester, signed in.
    async fn admin(&self) -> Person {
        self.signed_in("l.admin@example.org", Role::Admin).await
    }
}

/// Waits until `client` is told the document is unavailable; returns how long it took.
async fn until_unavailable(client: &Client, doc: DocumentId, since: Instant) -> Duration {
    client
        .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(doc)))
        .await;
    since.elapsed()
}

/// Asks the server about a document that does not exist and waits for the answer.
async fn answered(client: &Client) {
    let probe = DocumentId::random();
    client.request(probe);
    client
        .wait_until("the answer to a probe", |i| i.events.contains(&Event::DocumentUnavailable(probe)))
        .await;
}

/// The writer changes the document; a second reader that may still read it sees the
/// change, and `revoked` never does.
async fn no_more_changes_reach(scene: &Scene, revoked: &Client, still: &Client) {
    scene.writer.put(scene.doc, "k", "after");
    still.wait_for_value(scene.doc, "k", "after").await;
    // The server handles messages in order and answers each connection in order: once the
    // revoked reader has the answer to a question asked after the change was relayed,
    // anything about the change would have reached it first.
    answered(revoked).await;
    assert_eq!(revoked.get(scene.doc, "k").as_deref(), Some("before"), "a revoked reader got a change");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_removed_by_an_admin_stops_receiving_the_document_within_a_second() {
    let scene = Scene::new().await;
    let admin = scene.admin().await;
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let colleague = scene.signed_in("l.colleague@example.org", Role::Viewer).await;
    let revoked = scene.reader(&viewer).await;
    let still = scene.reader(&colleague).await;

    let (partnership, _) = scene.server.accounts().partnership(LEICESTER);
    let (name, value) = admin.credential.header();
    let started = Instant::now();
    let res = http::json(
        scene.server.addr,
        Method::DELETE,
        &format!("/api/partnerships/{partnership}/people/{}", viewer.account),
        &[(name, &value)],
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let took = until_unavailable(&revoked, scene.doc, started).await;
    assert!(took <= WITHIN, "revocation took {took:?}");
    no_more_changes_reach(&scene, &revoked, &still).await;
    assert!(!revoked.read(|i| i.closed), "the connection itself stays open for other documents");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_removed_by_another_process_reaches_open_connections_within_a_second() {
    let scene = Scene::new().await;
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let colleague = scene.signed_in("l.colleague@example.org", Role::Viewer).await;
    let revoked = scene.reader(&viewer).await;
    let still = scene.reader(&colleague).await;

    // Another connection to the same database file, as the CLI or an operator's tool.
    let accounts = scene.server.accounts();
    let (partnership, _) = accounts.partnership(LEICESTER);
    let started = Instant::now();
    assert!(accounts.store().remove_member(viewer.account, partnership).unwrap());
    let took = until_unavailable(&revoked, scene.doc, started).await;
    assert!(took <= WITHIN + Duration::from_millis(100), "revocation took {took:?}");
    no_more_changes_reach(&scene, &revoked, &still).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_lowered_to_viewer_by_the_cli_can_no_longer_write_within_a_second() {
    let scene = Scene::new().await;
    let editor = scene.signed_in("l.editor@example.org", Role::Editor).await;
    let header = editor.credential.header();
    let mut raw = RawPeer::join_request(with_header(&scene.server.sync_url(), header.clone())).await;
    let (frame, _) = sync_carrying_change(scene.doc, "by-editor", "allowed");
    raw.send(frame).await;
    assert!(matches!(raw.next_message().await, Some(Message::Sync { .. })), "an editor may write");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quorum-server"))
        .args(["user", "add", "--email", "l.editor@example.org", "--name", "Editor", "--partnership", LEICESTER])
        .args(["--role", "viewer", "--data-dir"])
        .arg(&scene.server.data_dir)
        .output()
        .expect("run the CLI");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let changed = Instant::now();
    // The server notices the other process's change within a second: from then on a
    // change is refused.
    scene.until_role_seen(&editor, Some(Role::Viewer)).await;
    assert!(changed.elapsed() <= WITHIN, "noticed after {:?}", changed.elapsed());
    let (frame, hash) = sync_carrying_change(scene.doc, "by-editor", "refused");
    raw.send(frame).await;
    let error = loop {
        match raw.next_message().await {
            Some(Message::Error { message }) => break message,
            Some(Message::Sync { .. }) => continue,
            other => panic!("expected an error, got {other:?}"),
        }
    };
    assert!(error.contains("may not change"), "{error}");
    assert_eq!(scene.server.accounts().attributed_to(&hash), None, "nothing of the refused change was taken");
    // As a viewer they still read it.
    let reader = scene.reader(&editor).await;
    assert_eq!(reader.get(scene.doc, "by-editor").as_deref(), Some("allowed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_closes_the_sessions_websockets() {
    let scene = Scene::new().await;
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let client = scene.reader(&viewer).await;
    let (name, value) = viewer.credential.header();
    let started = Instant::now();
    let res = http::json(scene.server.addr, Method::DELETE, "/api/session", &[(name, &value)], None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    client.wait_until("the websocket to close", |i| i.closed).await;
    assert!(started.elapsed() <= WITHIN, "closing took {:?}", started.elapsed());
    assert!(client.read(|i| i.errors().iter().any(|e| e.contains("session"))), "told why: {:?}", client.read(|i| i.errors()));
    // The cookie no longer opens a websocket.
    let refused = crate::helpers::client::refused_status(with_header(&scene.server.sync_url(), (name, value))).await;
    assert_eq!(refused, Some(401));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ended_elsewhere_closes_its_websockets_within_a_second() {
    let scene = Scene::new().await;
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let client = scene.reader(&viewer).await;
    let started = Instant::now();
    assert!(scene.server.accounts().store().delete_session(viewer.session.unwrap()).unwrap());
    client.wait_until("the websocket to close", |i| i.closed).await;
    assert!(started.elapsed() <= WITHIN + Duration::from_millis(100), "closing took {:?}", started.elapsed());
}

/// A server whose sessions end after `idle` without activity, with a signed-in viewer of a
/// Leicester document holding it.
async fn idle_scene(idle: Duration) -> (Scene, Client) {
    let server = TestServer::spawn_configured(|c| c.sessions.idle = idle).await;
    let owner = server.accounts().token("l.owner@example.org", LEICESTER, Role::Admin);
    let Credential::Token(token) = &owner.credential else { unreachable!() };
    let writer = Client::connect(&server.ws_url_with(token)).await;
    let doc = writer.create_doc(|_| {});
    writer.put(doc, "k", "before");
    writer.wait_all_on_server().await;
    let scene = Scene { server, doc, writer };
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let client = scene.reader(&viewer).await;
    (scene, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_sessions_websocket_is_closed_within_a_second_of_its_timeout() {
    let idle = Duration::from_millis(1500);
    let (scene, client) = idle_scene(idle).await;
    // Everything the client had to say has reached the server (and counted as activity).
    answered(&client).await;
    scene.server.clock.advance(idle - Duration::from_millis(300));
    scene.server.next_recheck().await;
    assert!(!client.read(|i| i.closed), "closed before the session timed out");
    scene.server.clock.advance(Duration::from_millis(300));
    let timed_out = Instant::now();
    client.wait_until("the websocket to close", |i| i.closed).await;
    let took = timed_out.elapsed();
    assert!(took <= WITHIN, "closed {took:?} after the timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_traffic_keeps_a_session_alive() {
    let idle = Duration::from_millis(1500);
    let (scene, client) = idle_scene(idle).await;
    let step = Duration::from_millis(150);
    let mut n = 0;
    while step * n < idle * 2 {
        // Any message counts: here, asking for documents that do not exist.
        n += 1;
        scene.server.clock.advance(step);
        answered(&client).await;
    }
    scene.server.next_recheck().await;
    assert!(!client.read(|i| i.closed), "the session ended despite {n} messages: {:?}", client.read(|i| i.errors()));
    scene.writer.put(scene.doc, "k", "still syncing");
    client.wait_for_value(scene.doc, "k", "still syncing").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_signs_a_member_out_everywhere_and_their_websockets_close_within_a_second() {
    let scene = Scene::new().await;
    let viewer = scene.signed_in("l.viewer@example.org", Role::Viewer).await;
    let client = scene.reader(&viewer).await;
    let admin = scene.admin().await;
    let (pid, _) = scene.server.accounts().partnership(LEICESTER);
    let path = format!("/api/partnerships/{pid}/people/{}/sessions", viewer.account);
    // Only an admin of a partnership the person belongs to.
    let (name, value) = viewer.credential.header();
    let res = http::json(scene.server.addr, Method::DELETE, &path, &[(name, &value)], None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    let (name, value) = admin.credential.header();
    let started = Instant::now();
    let res = http::json(scene.server.addr, Method::DELETE, &path, &[(name, &value)], None).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    client.wait_until("the websocket to close", |i| i.closed).await;
    assert!(started.elapsed() <= WITHIN, "closing took {:?}", started.elapsed());
    let (vname, vvalue) = viewer.credential.header();
    let me = http::get_with(scene.server.addr, "/api/me", &[(vname, &vvalue)]).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "the session is gone");
    // The admin's own session is untouched, and someone who is not a member is not found.
    assert_eq!(http::get_with(scene.server.addr, "/api/me", &[(name, &value)]).await.status, StatusCode::OK);
    let stranger = scene.server.accounts().account("nobody@example.org");
    let res = http::json(scene.server.addr, Method::DELETE, &format!("/api/partnerships/{pid}/people/{stranger}/sessions"), &[(name, &value)], None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
