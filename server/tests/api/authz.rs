//! The authorization matrix (docs/access-control.md): role in Leicester (admin, editor,
//! viewer, none) × document (Leicester's own, joint with Leicestershire & Rutland, Derby's)
//! × read/write, over HTTP and over the websocket. Every cell is asserted; a test lists
//! every cell that failed. The websocket matrix also runs on two nodes of one PostgreSQL:
//! the documents are made through node 1, the people connect to node 2.

use std::fmt;

use automerge::{transaction::Transactable, ROOT};
use domain::{protocol::Message, sync::Event, DocumentId};
use hyper::{Method, StatusCode};
use quorum_server::auth::Role;

use crate::helpers::{
    accounts::Credential,
    client::with_header,
    http,
    raw::{ask_for, sync_carrying_change},
    postgres::fresh_database,
    Client, Options, Person, RawPeer, TestServer,
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const LRSCP: &str = "Leicestershire & Rutland Safeguarding Children Partnership";
const DERBY: &str = "Derby and Derbyshire Safeguarding Children Partnership";
const ELSEWHERE: &str = "A Partnership Elsewhere";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Admin,
    Editor,
    Viewer,
    /// Signed in, with a role only in another partnership.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Own,
    Joint,
    Other,
}

const WHO: [Who; 4] = [Who::Admin, Who::Editor, Who::Viewer, Who::None];
const DOCS: [Doc; 3] = [Doc::Own, Doc::Joint, Doc::Other];

impl Who {
    fn may_read(self, doc: Doc) -> bool {
        self != Who::None && doc != Doc::Other
    }

    fn may_write(self, doc: Doc) -> bool {
        matches!(self, Who::Admin | Who::Editor) && doc != Doc::Other
    }

    fn email(self) -> &'static str {
        match self {
            Who::Admin => "l.admin@example.org",
            Who::Editor => "l.editor@example.org",
            Who::Viewer => "l.viewer@example.org",
            Who::None => "elsewhere.editor@example.org",
        }
    }

    /// The partnership and role the person holds.
    fn membership(self) -> (&'static str, Role) {
        match self {
            Who::Admin => (LEICESTER, Role::Admin),
            Who::Editor => (LEICESTER, Role::Editor),
            Who::Viewer => (LEICESTER, Role::Viewer),
            Who::None => (ELSEWHERE, Role::Editor),
        }
    }
}

/// One cell: who, which document, what, and how it went.
struct Cell {
    who: Who,
    doc: Doc,
    what: &'static str,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} × {:?} × {}", self.who, self.doc, self.what)
    }
}

/// The server with three documents, each with `k` set by its owner, and a person per role.
struct World {
    server: TestServer,
    /// A second node on the same PostgreSQL, which the people connect to (else `server`).
    second: Option<TestServer>,
    docs: [(Doc, DocumentId); 3],
    /// Clients of the owners, holding the documents (to see accepted writes arrive).
    owners: Vec<Client>,
}

impl World {
    async fn new() -> Self {
        Self::on(TestServer::spawn().await, None).await
    }

    /// Two nodes on a fresh PostgreSQL database, or `None` without a test cluster.
    async fn two_nodes(test: &str) -> Option<Self> {
        let url = fresh_database(test).await?;
        let one = TestServer::start(Options { database_url: Some(url.clone()), ..Options::default() }).await;
        let two = TestServer::start(Options { database_url: Some(url), ..Options::default() }).await;
        Some(Self::on(one, Some(two)).await)
    }

    /// The node the people connect to.
    fn node(&self) -> &TestServer {
        self.second.as_ref().unwrap_or(&self.server)
    }

    async fn on(server: TestServer, second: Option<TestServer>) -> Self {
        let accounts = server.accounts();
        let leicester = accounts.token("l.owner@example.org", LEICESTER, Role::Admin);
        let derby = accounts.token("d.owner@example.org", DERBY, Role::Admin);
        let url = |p: &Person| match &p.credential {
            Credential::Token(t) => server.ws_url_with(t),
            Credential::Session(_) => unreachable!(),
        };
        // Each document is claimed by the partnership of the token that first writes it.
        let l = Client::connect(&url(&leicester)).await;
        let d = Client::connect(&url(&derby)).await;
        let make = |c: &Client, value: &str| {
            let value = value.to_owned();
            c.create_doc(move |doc| {
                let mut tx = doc.transaction();
                tx.put(ROOT, "k", value).unwrap();
                tx.commit();
            })
        };
        let own = make(&l, "own");
        let joint = make(&l, "joint");
        let other = make(&d, "other");
        l.wait_all_on_server().await;
        d.wait_all_on_server().await;
        accounts.own(joint, LRSCP);
        Self {
            server,
            second,
            docs: [(Doc::Own, own), (Doc::Joint, joint), (Doc::Other, other)],
            owners: vec![l, d],
        }
    }

    fn id(&self, doc: Doc) -> DocumentId {
        self.docs.iter().find(|(d, _)| *d == doc).unwrap().1
    }

    fn value(doc: Doc) -> &'static str {
        match doc {
            Doc::Own => "own",
            Doc::Joint => "joint",
            Doc::Other => "other",
        }
    }

    /// The four people, signed in (`sessions`) or with API tokens.
    async fn people(&self, sessions: bool) -> Vec<(Who, Person)> {
        let accounts = self.server.accounts();
        let people: Vec<(Who, Person)> = WHO
            .iter()
            .map(|who| {
                let (partnership, role) = who.membership();
                let person = if sessions {
                    accounts.signed_in(who.email(), partnership, role)
                } else {
                    accounts.token(who.email(), partnership, role)
                };
                (*who, person)
            })
            .collect();
        self.wait_for_roles().await;
        people
    }

    /// Waits until the server's access rules include every role given so far (they are
    /// written by another connection; the server notices within its 500 ms tick).
    async fn wait_for_roles(&self) {
        let probe = self.server.accounts().session(Who::None.email());
        let cookie = header_pair(&probe.credential);
        for node in [&self.server, self.node()] {
            let addr = node.addr;
            node.until("the server to see the new roles", || async {
                let me = http::get_with(addr, "/api/me", &[(cookie.0, &cookie.1)]).await;
                me.status == StatusCode::OK && me.json()["partnerships"].as_array().is_some_and(|p| !p.is_empty())
            })
            .await;
        }
    }
}

/// A message's type, and an error's text, for failure reports.
fn kind(m: &Option<Message>) -> String {
    match m {
        Some(Message::Error { message }) => format!("error {message:?}"),
        Some(m) => m.type_name().to_owned(),
        None => "the connection closed".to_owned(),
    }
}

fn header_pair(c: &Credential) -> (&'static str, String) {
    c.header()
}

fn report(failures: Vec<String>, cells: usize) {
    assert!(
        failures.is_empty(),
        "{} of {cells} cells failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_over_http() {
    let world = World::new().await;
    let people = world.people(true).await;
    let addr = world.server.addr;
    let mut failures = Vec::new();
    let mut cells = 0;
    let all: Vec<String> = world.docs.iter().map(|(_, id)| id.to_string()).collect();
    for (who, person) in &people {
        let (name, value) = person.credential.header();
        let headers = [(name, value.as_str())];
        let readable = http::json(
            addr,
            Method::POST,
            "/api/documents/readable",
            &headers,
            Some(serde_json::json!({ "documentIds": all })),
        )
        .await;
        let readable: Vec<String> = if readable.status == StatusCode::OK {
            serde_json::from_value(readable.json()["readable"].clone()).unwrap()
        } else {
            failures.push(format!("{who:?}: POST /api/documents/readable answered {}", readable.status));
            Vec::new()
        };
        let (partnership, _) = world.server.accounts().partnership(LEICESTER);
        for doc in DOCS {
            let id = world.id(doc);
            let expect = who.may_read(doc);

            cells += 1;
            let cell = Cell { who: *who, doc, what: "read: POST /api/documents/readable" };
            if readable.contains(&id.to_string()) != expect {
                failures.push(format!("{cell}: listed {}, expected {expect}", !expect));
            }

            cells += 1;
            let cell = Cell { who: *who, doc, what: "read: GET /api/documents/{doc}/attribution" };
            let res = http::get_with(addr, &format!("/api/documents/{id}/attribution"), &headers).await;
            let want = if expect { StatusCode::OK } else { StatusCode::NOT_FOUND };
            if res.status != want {
                failures.push(format!("{cell}: {} (expected {want})", res.status));
            } else if expect {
                let changes = res.json()["changes"].as_object().map_or(0, |c| c.len());
                if changes == 0 {
                    failures.push(format!("{cell}: no attributed changes listed"));
                }
            }

            // Writing over HTTP: registering the document for Leicester.
            cells += 1;
            let cell = Cell { who: *who, doc, what: "write: POST /api/documents for Leicester" };
            let res = http::json(
                addr,
                Method::POST,
                "/api/documents",
                &headers,
                Some(serde_json::json!({ "documentId": id.to_string(), "partnershipId": partnership.to_string() })),
            )
            .await;
            let want = match (who.may_write(doc), who) {
                (true, _) => StatusCode::NO_CONTENT,
                (false, Who::Viewer | Who::None) => StatusCode::FORBIDDEN,
                (false, _) => StatusCode::CONFLICT,
            };
            if res.status != want {
                failures.push(format!("{cell}: {} (expected {want}): {}", res.status, res.text()));
            }
        }
    }
    report(failures, cells);
    assert_eq!(cells, 4 * 3 * 3);
}

async fn websocket_matrix(sessions: bool) {
    websocket_matrix_in(World::new().await, sessions).await;
}

async fn websocket_matrix_in(world: World, sessions: bool) {
    let people = world.people(sessions).await;
    let url = world.node().sync_url();
    let mut failures = Vec::new();
    let mut cells = 0;
    for (who, person) in &people {
        let header = person.credential.header();
        for doc in DOCS {
            let id = world.id(doc);
            let expect = who.may_read(doc);

            // Read by `request`, through a full client.
            cells += 1;
            let cell = Cell { who: *who, doc, what: "read: request" };
            let client = Client::connect_with(&url, header.clone()).await;
            client.request(id);
            client
                .wait_until("the document or doc-unavailable", |i| {
                    i.document(id).is_some_and(|d| !d.get_heads().is_empty())
                        || i.events.contains(&Event::DocumentUnavailable(id))
                })
                .await;
            let got = client.get(id, "k");
            if expect && got.as_deref() != Some(World::value(doc)) {
                failures.push(format!("{cell}: not served (got {got:?})"));
            }
            if !expect && got.is_some() {
                failures.push(format!("{cell}: served {got:?}"));
            }
            drop(client);

            // Read by `sync` (a peer announcing it has the document, without changes).
            cells += 1;
            let cell = Cell { who: *who, doc, what: "read: sync without changes" };
            let mut raw = RawPeer::join_request(with_header(&url, header.clone())).await;
            raw.send(ask_for(id, true)).await;
            match raw.next_message().await {
                Some(Message::Sync { document, .. }) if document == id && expect => {}
                Some(Message::DocUnavailable { document, .. }) if document == id && !expect => {}
                other => failures.push(format!("{cell}: answered {}", kind(&other))),
            }
            drop(raw);

            // Write: a `sync` carrying a change.
            cells += 1;
            let cell = Cell { who: *who, doc, what: "write: sync with a change" };
            let mut raw = RawPeer::join_request(with_header(&url, header.clone())).await;
            let (frame, hash) = sync_carrying_change(id, "written-by", &format!("{who:?}"));
            raw.send(frame).await;
            let answer = raw.next_message().await;
            let outcome = match &answer {
                Some(Message::Sync { document, .. }) if *document == id => "accepted",
                Some(Message::Error { message }) if message.contains("may not change") => "refused",
                Some(Message::DocUnavailable { document, .. }) if *document == id => "unavailable",
                _ => "something else",
            };
            let want = match (who.may_write(doc), expect) {
                (true, _) => "accepted",
                (false, true) => "refused",
                (false, false) => "unavailable",
            };
            if outcome != want {
                failures.push(format!("{cell}: {outcome} ({}), expected {want}", kind(&answer)));
            }
            if outcome == "refused" && raw.next_message().await.is_some() {
                failures.push(format!("{cell}: the connection stayed open after the error"));
            }
            // The hub commits before it answers: the attribution is there exactly when the
            // change was taken.
            let attributed = world.server.accounts().attributed_in(id, &hash);
            let want_attributed = (want == "accepted").then(|| person.account.to_string());
            if attributed != want_attributed {
                failures.push(format!("{cell}: attribution {attributed:?}, expected {want_attributed:?}"));
            }
        }
    }
    // Accepted writes reached the owners' clients, refused ones never did.
    let (l, d) = (&world.owners[0], &world.owners[1]);
    for (doc, client) in [(Doc::Own, l), (Doc::Joint, l), (Doc::Other, d)] {
        let id = world.id(doc);
        let writers: Vec<Who> = WHO.into_iter().filter(|w| w.may_write(doc)).collect();
        // Each accepted write is a new root change: one more head each.
        client
            .wait_until("the accepted writes", |i| {
                i.document(id).is_some_and(|d| d.get_heads().len() == 1 + writers.len())
            })
            .await;
        let seen: Vec<String> = client.read(|i| {
            use automerge::ReadDoc;
            i.document(id)
                .map(|d| d.get_all(ROOT, "written-by").unwrap().into_iter().map(|(v, _)| v.to_string()).collect())
                .unwrap_or_default()
        });
        for who in WHO {
            cells += 1;
            let shown = seen.iter().any(|v| v.contains(&format!("{who:?}")));
            if shown != who.may_write(doc) {
                failures.push(format!(
                    "{}: the owner's client {} the write",
                    Cell { who, doc, what: "write relayed" },
                    if shown { "received" } else { "never received" }
                ));
            }
        }
    }
    report(failures, cells);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_over_the_websocket_with_sessions() {
    websocket_matrix(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_over_the_websocket_with_api_tokens() {
    websocket_matrix(false).await;
}

/// A partnership's client on node 2 never gets a document from node 1 it may not read, nor
/// changes one it may not write; what it may write reaches the owners' clients on node 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_across_two_nodes_on_postgres() {
    let Some(world) = World::two_nodes("authz_two_nodes").await else { return };
    websocket_matrix_in(world, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_sync_messages_are_in_the_owners_audit_log() {
    let world = World::new().await;
    let people = world.people(true).await;
    let own = world.id(Doc::Own);
    let person = |w: Who| &people.iter().find(|(who, _)| *who == w).unwrap().1;
    let url = world.server.sync_url();
    // An outsider asks for Leicester's document; a viewer tries to change it.
    let mut raw = RawPeer::join_request(with_header(&url, person(Who::None).credential.header())).await;
    raw.send(ask_for(own, false)).await;
    assert!(matches!(raw.next_message().await, Some(Message::DocUnavailable { .. })));
    let mut raw = RawPeer::join_request(with_header(&url, person(Who::Viewer).credential.header())).await;
    raw.send(sync_carrying_change(own, "k", "not allowed").0).await;
    assert!(matches!(raw.next_message().await, Some(Message::Error { .. })));

    let (partnership, _) = world.server.accounts().partnership(LEICESTER);
    let (name, value) = person(Who::Admin).credential.header();
    let log = http::get_with(world.server.addr, &format!("/api/partnerships/{partnership}/audit"), &[(name, &value)]).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text());
    let denied: Vec<String> = log
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["kind"] == "access-denied")
        .map(|row| row["detail"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(denied.contains(&format!("read {own} over sync")), "{denied:?}");
    assert!(denied.contains(&format!("change {own} over sync")), "{denied:?}");
}

#[tokio::test]
async fn the_websocket_handshake_needs_credentials_and_this_servers_origin() {
    use crate::helpers::client::refused_status;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let server = TestServer::spawn().await;
    let viewer = server.accounts().signed_in("l.viewer@example.org", LEICESTER, Role::Viewer);
    let url = server.sync_url();
    let ours = format!("http://{}", server.addr);
    let with = |headers: &[(&'static str, String)]| {
        let mut request = url.as_str().into_client_request().unwrap();
        for (name, value) in headers {
            request.headers_mut().append(*name, value.parse().unwrap());
        }
        request
    };
    let bearer = ("authorization", format!("Bearer {}", server.token));
    let cookie = viewer.credential.header();
    type Headers = Vec<(&'static str, String)>;
    let cases: Vec<(&str, Headers, Option<u16>)> = vec![
        ("no credentials", vec![], Some(401)),
        ("an unknown token", vec![("authorization", format!("Bearer {}", "A".repeat(43)))], Some(401)),
        ("a malformed token", vec![("authorization", "Bearer nope".into())], Some(401)),
        ("an unknown session cookie", vec![("cookie", format!("quorum_session={}", "A".repeat(43)))], Some(401)),
        ("a token in the header", vec![bearer.clone()], None),
        ("a session cookie", vec![cookie.clone()], None),
        ("a session cookie from our own page", vec![cookie.clone(), ("origin", ours.clone())], None),
        ("a session cookie from another site", vec![cookie.clone(), ("origin", "http://evil.example".into())], Some(403)),
        ("a token from another site", vec![bearer, ("origin", "http://evil.example".into())], Some(403)),
        ("an opaque origin", vec![cookie, ("origin", "null".into())], Some(403)),
    ];
    let mut failures = Vec::new();
    for (what, headers, want) in cases {
        let got = refused_status(with(&headers)).await;
        if got != want {
            failures.push(format!("{what}: {got:?}, expected {want:?}"));
        }
    }
    assert_eq!(refused_status(server.ws_url().into_client_request().unwrap()).await, None, "?token= works");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The partnerships recorded as owning `doc`, by name.
fn owners(server: &TestServer, doc: DocumentId) -> Vec<String> {
    let db = rusqlite::Connection::open(server.data_dir.join(quorum_server::storage::DATABASE_FILE)).unwrap();
    let mut s = db
        .prepare(
            "SELECT p.name FROM document_owners o JOIN partnerships p ON p.id = o.partnership_id
             WHERE o.document_id = ?1 ORDER BY p.name",
        )
        .unwrap();
    s.query_map([doc.to_string()], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_document_belongs_to_the_partnership_of_its_first_writer() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let editor = accounts.signed_in("l.editor@example.org", LEICESTER, Role::Editor);
    let both = accounts.signed_in("both@example.org", LEICESTER, Role::Editor);
    accounts.member("both@example.org", LRSCP, Role::Admin);
    let outsider = accounts.token("d.editor@example.org", DERBY, Role::Editor);
    // Until the server has loaded the new roles (within its tick), a session cannot claim.
    let (name, value) = both.credential.header();
    server
        .until("the server to see the roles", || async {
            http::get_with(server.addr, "/api/me", &[(name, &value)]).await.json()["partnerships"]
                .as_array()
                .is_some_and(|p| p.len() >= 2)
        })
        .await;
    let url = server.sync_url();

    // A session whose account edits in one partnership claims for it.
    let client = Client::connect_with(&url, editor.credential.header()).await;
    let doc = client.create_doc_minted(&editor.account, |_| {});
    client.put(doc, "k", "new");
    client.wait_all_on_server().await;
    assert_eq!(owners(&server, doc), vec![LEICESTER.to_owned()]);
    let Credential::Token(token) = &outsider.credential else { unreachable!() };
    let other = Client::connect(&server.ws_url_with(token)).await;
    other.request(doc);
    other
        .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(doc)))
        .await;
    assert_eq!(other.get(doc, "k"), None);

    // An account that edits in two partnerships must say which: until it registers the
    // document, the server does not take it.
    let client = Client::connect_with(&url, both.credential.header()).await;
    let doc = client.create_doc_minted(&both.account, |_| {});
    client.put(doc, "k", "unclaimed");
    client
        .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(doc)))
        .await;
    assert!(owners(&server, doc).is_empty());
    let (lrscp, _) = accounts.partnership(LRSCP);
    let res = http::json(
        server.addr,
        Method::POST,
        "/api/documents",
        &[(name, &value)],
        Some(serde_json::json!({ "documentId": doc.to_string(), "partnershipId": lrscp.to_string() })),
    )
    .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    client.put(doc, "k", "registered");
    client.wait_all_on_server().await;
    assert_eq!(owners(&server, doc), vec![LRSCP.to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_registered_like_a_joint_group_belongs_to_every_owner_of_the_group() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let editor = accounts.signed_in("l.editor@example.org", LEICESTER, Role::Editor);
    let lrscp_viewer = accounts.signed_in("r.viewer@example.org", LRSCP, Role::Viewer);
    let outsider = accounts.signed_in("d.editor@example.org", DERBY, Role::Editor);
    let (leicester, _) = accounts.partnership(LEICESTER);
    let (derby, _) = accounts.partnership(DERBY);
    let group = DocumentId::random();
    accounts.own(group, LEICESTER);
    accounts.own(group, LRSCP);
    server.next_recheck().await;
    let register = |who: &crate::helpers::Person, doc: DocumentId, partnership: String, like: DocumentId| {
        let (name, value) = who.credential.header();
        let addr = server.addr;
        async move {
            http::json(
                addr,
                Method::POST,
                "/api/documents",
                &[(name, &value)],
                Some(serde_json::json!({ "documentId": doc.to_string(), "partnershipId": partnership, "ownedLike": like.to_string() })),
            )
            .await
        }
    };
    // Someone who may not change the group cannot borrow its owners.
    let theirs = DocumentId::minted_for(&outsider.account.to_string());
    let res = register(&outsider, theirs, derby.to_string(), group).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    assert!(owners(&server, theirs).is_empty());

    let meeting = DocumentId::minted_for(&editor.account.to_string());
    let res = register(&editor, meeting, leicester.to_string(), group).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    assert_eq!(owners(&server, meeting), vec![LEICESTER.to_owned(), LRSCP.to_owned()]);

    // A viewer of the other owner reads what the editor writes into it.
    let client = Client::connect_with(&server.sync_url(), editor.credential.header()).await;
    client.lock_create_as(meeting);
    client.put(meeting, "k", "minutes of the joint group");
    client.wait_all_on_server().await;
    let reader = Client::connect_with(&server.sync_url(), lrscp_viewer.credential.header()).await;
    reader.request(meeting);
    reader.wait_for_value(meeting, "k", "minutes of the joint group").await;
}
