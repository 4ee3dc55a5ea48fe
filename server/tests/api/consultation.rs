//! Consultation (docs/access-control.md, "Consultation"): a procedure owned by Leicester and
//! Leicestershire & Rutland is put out to a person of another partnership until a closing
//! date. They read the procedure and write its comments document; the server refuses their
//! changes to the procedure on the sync message itself (nothing stored), an outsider gets
//! `doc-unavailable` for both, and after the closing date (the manual clock moved on) or
//! an early end they get nothing.

use automerge::{transaction::Transactable, Automerge, ObjType, ReadDoc, ROOT};
use domain::{
    procedure::{Author, PresenceIdentity, PresenceMessage, PresenceState, ProcedureCommentsDoc, ProcedureError},
    storage::layout,
    sync::Event,
    DocumentId, ItemId,
};
use hyper::{Method, StatusCode};
use quorum_server::{
    auth::{Role, SessionPolicy},
    storage::SqliteStorage,
};
use serde_json::json;

use crate::helpers::{accounts::Credential, http, http::Response, Client, Person, TestServer};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const LRSCP: &str = "Leicestershire & Rutland Safeguarding Children Partnership";
const DERBY: &str = "Derby and Derbyshire Safeguarding Children Partnership";
const AGENCY: &str = "A Partner Agency";
const PROCEDURE_TEXT: &str = "Practitioners escalate disagreements to their manager.";

/// A joint procedure (text at `text`) and its comments document (`k`), both first written
/// by a Leicester admin's token; the people of the tests, signed in.
struct Scene {
    server: TestServer,
    procedure: DocumentId,
    comments: DocumentId,
    /// The owner's client, holding both documents.
    owner: Client,
    l_editor: Person,
    l_viewer: Person,
    lr_editor: Person,
    consultee: Person,
    outsider: Person,
}

impl Scene {
    async fn new() -> Self {
        // Sessions that outlast the days the tests move the clock by.
        let server = TestServer::spawn_configured(|c| {
            c.sessions = SessionPolicy {
                idle: days(10),
                absolute: days(10),
            }
        })
        .await;
        let accounts = server.accounts();
        let admin = accounts.token("l.owner@example.org", LEICESTER, Role::Admin);
        let Credential::Token(token) = &admin.credential else { unreachable!() };
        let owner = Client::connect(&server.ws_url_with(token)).await;
        let procedure = owner.create_doc(|d| {
            let mut tx = d.transaction();
            let text = tx.put_object(ROOT, "text", ObjType::Text).unwrap();
            tx.splice_text(&text, 0, 0, PROCEDURE_TEXT).unwrap();
            tx.commit();
        });
        let comments = owner.create_doc(|d| {
            let mut tx = d.transaction();
            tx.put(ROOT, "k", "comments").unwrap();
            tx.commit();
        });
        owner.wait_all_on_server().await;
        // The procedure is joint; its comments document is Leicester's alone until the
        // consultation registers it for both owners.
        accounts.own(procedure, LRSCP);
        let scene = Self {
            l_editor: accounts.signed_in("l.editor@example.org", LEICESTER, Role::Editor),
            l_viewer: accounts.signed_in("l.viewer@example.org", LEICESTER, Role::Viewer),
            lr_editor: accounts.signed_in("lr.editor@example.org", LRSCP, Role::Editor),
            consultee: accounts.signed_in("consultee@example.org", AGENCY, Role::Viewer),
            outsider: accounts.signed_in("d.editor@example.org", DERBY, Role::Editor),
            server,
            procedure,
            comments,
            owner,
        };
        scene.until_seen(&scene.outsider).await;
        scene
    }

    /// Waits until the server's access rules hold the people added from another connection.
    async fn until_seen(&self, person: &Person) {
        let addr = self.server.addr;
        let (name, value) = person.credential.header();
        self.server
            .until("the server to see the new roles", || async {
                let me = http::get_with(addr, "/api/me", &[(name, &value)]).await;
                me.status == StatusCode::OK && me.json()["partnerships"].as_array().is_some_and(|p| !p.is_empty())
            })
            .await;
    }

    async fn api(&self, who: &Person, method: Method, body: Option<serde_json::Value>) -> Response {
        let (name, value) = who.credential.header();
        let path = format!("/api/documents/{}/consultation", self.procedure);
        http::json(self.server.addr, method, &path, &[(name, &value)], body).await
    }

    /// Opens a consultation with the consultee until `closes_on`.
    async fn consult(&self, who: &Person, emails: &[&str], closes_on: &str) -> Response {
        let body = json!({"commentsDocumentId": self.comments.to_string(), "emails": emails, "closesOn": closes_on});
        self.api(who, Method::POST, Some(body)).await
    }

    /// Today by the server's clock, `YYYY-MM-DD` (UTC).
    fn today(&self) -> String {
        utc_day(self.server.clock.now_ms())
    }

    fn sync(&self, who: &Person) -> (String, (&'static str, String)) {
        (self.server.sync_url(), who.credential.header())
    }

    /// A client of `who` that asked for `doc` and got it or `doc-unavailable`.
    async fn open(&self, who: &Person, doc: DocumentId) -> Client {
        let (url, header) = self.sync(who);
        let client = Client::connect_with(&url, header).await;
        client.request(doc);
        client
            .wait_until("the document or doc-unavailable", |i| {
                i.document(doc).is_some_and(|d| !d.get_heads().is_empty())
                    || i.events.contains(&Event::DocumentUnavailable(doc))
            })
            .await;
        client
    }

    /// The document as the server stored it.
    fn stored(&self, doc: DocumentId) -> Automerge {
        let storage = SqliteStorage::open_dir(&self.server.data_dir).unwrap();
        let chunks = storage.range(&layout::document_prefix(doc)).unwrap();
        layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap()
    }

    /// The `shared` documents of `who`'s `/api/me`, as (id, role).
    async fn shared(&self, who: &Person) -> Vec<(String, String)> {
        let (name, value) = who.credential.header();
        let me = http::get_with(self.server.addr, "/api/me", &[(name, &value)]).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text());
        let mut out: Vec<(String, String)> = me.json()["shared"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["documentId"].as_str().unwrap().to_owned(), s["role"].as_str().unwrap().to_owned()))
            .collect();
        out.sort();
        out
    }

    fn expected_shares(&self) -> Vec<(String, String)> {
        let mut want = vec![
            (self.procedure.to_string(), "viewer".to_owned()),
            (self.comments.to_string(), "editor".to_owned()),
        ];
        want.sort();
        want
    }
}

/// `YYYY-MM-DD` of a unix-ms time in UTC (days to civil date, H. Hinnant's algorithm).
fn utc_day(ms: i64) -> String {
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn text_of(doc: &Automerge) -> String {
    let (_, text) = doc.get(ROOT, "text").unwrap().expect("the procedure has text");
    doc.text(text).unwrap()
}

fn days(n: u64) -> std::time::Duration {
    std::time::Duration::from_secs(n * 86_400)
}

#[test]
fn utc_days_are_civil_dates() {
    assert_eq!(utc_day(0), "1970-01-01");
    assert_eq!(utc_day(1_796_407_200_000), "2026-12-04");
    assert_eq!(utc_day(951_782_400_000), "2000-02-29");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consulted_person_comments_but_their_changes_to_the_procedure_are_refused() {
    let s = Scene::new().await;
    let closes_on = s.today();
    let res = s.consult(&s.l_editor, &["Consultee@Example.org"], &closes_on).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let c = res.json();
    assert_eq!(c["closesOn"], closes_on.as_str());
    assert_eq!(c["open"], true);
    assert_eq!(c["commentsDocumentId"], s.comments.to_string());
    assert_eq!(c["people"][0]["email"], "consultee@example.org");
    assert_eq!(c["people"].as_array().unwrap().len(), 1);
    assert_eq!(s.shared(&s.consultee).await, s.expected_shares(), "/api/me lists both documents");

    // They read the procedure and change it locally: the server refuses the change with an
    // error (and closes the connection), and stores nothing of it.
    let reader = s.open(&s.consultee, s.procedure).await;
    assert_eq!(reader.read(|i| i.document(s.procedure).map(text_of)).as_deref(), Some(PROCEDURE_TEXT));
    reader.change(s.procedure, |d| {
        let mut tx = d.transaction();
        let (_, text) = tx.get(ROOT, "text").unwrap().unwrap();
        tx.splice_text(&text, 0, 12, "Consultees").unwrap();
        tx.commit();
    });
    reader.wait_until("the server's error", |i| !i.errors().is_empty()).await;
    let errors = reader.read(|i| i.errors());
    assert!(errors.iter().any(|e| e.contains("may not change")), "{errors:?}");
    assert_eq!(text_of(&s.stored(s.procedure)), PROCEDURE_TEXT, "nothing of the change was stored");

    // Their comment is stored, attributed to them, and reaches the owner.
    let commenter = s.open(&s.consultee, s.comments).await;
    commenter.put(s.comments, "comment", "Please name the escalation stages.");
    commenter.wait_all_on_server().await;
    let stored = s.stored(s.comments);
    assert_eq!(
        crate::helpers::client::get_str(&stored, "comment").as_deref(),
        Some("Please name the escalation stages.")
    );
    let hash = stored.get_heads()[0];
    assert_eq!(s.server.accounts().attributed_to(&hash), Some(s.consultee.account.to_string()));
    s.owner.request(s.comments);
    s.owner.wait_for_value(s.comments, "comment", "Please name the escalation stages.").await;

    // An editor of a partnership that owns neither gets doc-unavailable for both.
    for doc in [s.procedure, s.comments] {
        let outsider = s.open(&s.outsider, doc).await;
        assert!(outsider.read(|i| i.events.contains(&Event::DocumentUnavailable(doc))), "{doc}");
        assert!(outsider.read(|i| i.document(doc).is_none_or(|d| d.get_heads().is_empty())));
    }

    // Both owners' people see who is consulted, until when; the consultee does not.
    for who in [&s.l_viewer, &s.lr_editor] {
        let res = s.api(who, Method::GET, None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        assert_eq!(res.json()["people"][0]["name"], "consultee");
    }
    assert_eq!(s.api(&s.consultee, Method::GET, None).await.status, StatusCode::FORBIDDEN);

    // The comments document now belongs to both owners (registered by the consultation).
    let lr = s.open(&s.lr_editor, s.comments).await;
    assert_eq!(lr.get(s.comments, "comment").as_deref(), Some("Please name the escalation stages."));
}

/// Changes the comments document held by `client` through the typed document.
fn change_comments(client: &Client, comments: DocumentId, f: impl FnOnce(&mut ProcedureCommentsDoc) -> Result<(), ProcedureError>) {
    client.change(comments, |d| {
        domain::model::update(d, "Comment", 1_796_400_000, f).expect("the change applies locally");
    });
}

fn stored_comments(s: &Scene) -> ProcedureCommentsDoc {
    domain::model::read(&s.stored(s.comments)).expect("the stored comments read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consulted_person_adds_and_changes_only_their_own_comments_and_replies() {
    let s = Scene::new().await;
    // A Leicester editor's comment is in the comments document before the consultation.
    let section = ItemId::random();
    let mut theirs = None;
    change_comments(&s.owner, s.comments, |c| {
        c.procedure = Some(s.procedure);
        theirs = Some(c.add_comment(section, None, "l.editor", 1_796_400_000, "Name the escalation stages.", None)?);
        Ok(())
    });
    let theirs = theirs.unwrap();
    s.owner.wait_all_on_server().await;
    let res = s.consult(&s.l_editor, &["consultee@example.org"], &s.today()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    // Their own comment, a reply to the editor's, then a change to their own comment: stored.
    // As the app writes them: in the account's name and id.
    let me = Author::new("consultee", &s.consultee.account.to_string());
    let consultee = s.open(&s.consultee, s.comments).await;
    let mut mine = None;
    change_comments(&consultee, s.comments, |c| {
        mine = Some(c.add_comment(section, None, &me, 1_796_400_100, "Please add the contact numbers.", None)?);
        c.reply(theirs, &me, 1_796_400_200, "The police stages differ.").map(|_| ())
    });
    let mine = mine.unwrap();
    change_comments(&consultee, s.comments, |c| c.edit_comment(mine, &me, 1_796_400_300, "Please add the out-of-hours numbers."));
    consultee.wait_all_on_server().await;
    let stored = stored_comments(&s);
    assert_eq!(stored.comments.len(), 2);
    assert_eq!(stored.comment(mine).unwrap().body, "Please add the out-of-hours numbers.");
    assert_eq!(stored.comment(theirs).unwrap().replies[0].author, "consultee");
    assert!(consultee.read(|i| i.errors()).is_empty());

    // Changing the editor's words: refused with an error; nothing of it is stored.
    change_comments(&consultee, s.comments, |c| {
        c.comments.iter_mut().find(|x| x.id == theirs).unwrap().body = "Nothing to add.".into();
        Ok(())
    });
    consultee.wait_until("the server's error", |i| !i.errors().is_empty()).await;
    let errors = consultee.read(|i| i.errors());
    assert!(errors.iter().any(|e| e.contains("may not make that change") && e.contains("someone else's comment")), "{errors:?}");
    assert_eq!(stored_comments(&s), stored, "nothing of the refused change was stored");

    // Removing it, or a comment in the editor's name, from a new connection: refused too.
    type Forgery = fn(&mut ProcedureCommentsDoc, ItemId, ItemId) -> Result<(), ProcedureError>;
    let forgeries: [(&str, Forgery); 4] = [
        ("removing a comment", |c, theirs, _| {
            c.comments.retain(|x| x.id != theirs);
            Ok(())
        }),
        ("in someone else's name", |c, _, section| c.add_comment(section, None, "l.editor", 1_796_400_400, "Withdrawn.", None).map(|_| ())),
        // Their own name but another account's id (a namesake's): refused as well.
        ("in someone else's name", |c, _, section| {
            c.add_comment(section, None, &Author::new("consultee", "another-account"), 1_796_400_500, "Withdrawn.", None).map(|_| ())
        }),
        ("someone else's reply", |c, _, _| {
            let reply = c.comments.iter_mut().flat_map(|x| x.replies.iter_mut()).next().unwrap();
            reply.author = "l.editor".into();
            Ok(())
        }),
    ];
    for (words, forge) in forgeries {
        let again = s.open(&s.consultee, s.comments).await;
        change_comments(&again, s.comments, |c| forge(c, theirs, section));
        again.wait_until("the server's error", |i| !i.errors().is_empty()).await;
        let errors = again.read(|i| i.errors());
        assert!(errors.iter().any(|e| e.contains(words)), "{words}: {errors:?}");
        assert_eq!(stored_comments(&s), stored, "{words}: nothing stored");
    }

    // An editor of an owning partnership is not held to the consultee's rule.
    let editor = s.open(&s.l_editor, s.comments).await;
    change_comments(&editor, s.comments, |c| c.set_resolved(mine, true));
    editor.wait_all_on_server().await;
    assert!(stored_comments(&s).comment(mine).unwrap().resolved);
    assert!(editor.read(|i| i.errors()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_closing_date_a_consulted_person_gets_nothing() {
    let s = Scene::new().await;
    let res = s.consult(&s.lr_editor, &["consultee@example.org"], &s.today()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let reader = s.open(&s.consultee, s.procedure).await;
    let commenter = s.open(&s.consultee, s.comments).await;
    assert_eq!(commenter.get(s.comments, "k").as_deref(), Some("comments"));

    // The end of the closing day passes: the open connections lose both documents.
    s.server.clock.advance(days(1));
    reader
        .wait_until("doc-unavailable for the procedure", |i| {
            i.events.contains(&Event::DocumentUnavailable(s.procedure))
        })
        .await;
    commenter
        .wait_until("doc-unavailable for the comments", |i| {
            i.events.contains(&Event::DocumentUnavailable(s.comments))
        })
        .await;
    assert!(s.shared(&s.consultee).await.is_empty(), "/api/me no longer lists them");
    for doc in [s.procedure, s.comments] {
        let late = s.open(&s.consultee, doc).await;
        assert!(late.read(|i| i.events.contains(&Event::DocumentUnavailable(doc))), "{doc}");
    }
    // A late comment is not taken.
    let (frame_doc, value) = (s.comments, "too late");
    let mut raw = crate::helpers::RawPeer::join_request(crate::helpers::client::with_header(
        &s.server.sync_url(),
        s.consultee.credential.header(),
    ))
    .await;
    let (frame, hash) = crate::helpers::raw::sync_carrying_change(frame_doc, "comment", value);
    raw.send(frame).await;
    assert!(matches!(raw.next_message().await, Some(domain::protocol::Message::DocUnavailable { .. })));
    assert_eq!(s.server.accounts().attributed_to(&hash), None);

    // The owners still see the consultation, closed, with its people.
    let res = s.api(&s.l_editor, Method::GET, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["open"], false);
    assert_eq!(res.json()["people"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_a_consultation_early_takes_the_documents_from_open_connections() {
    let s = Scene::new().await;
    let closes_on = utc_day(s.server.clock.now_ms() + 30 * 86_400_000);
    assert_eq!(s.consult(&s.l_editor, &["consultee@example.org"], &closes_on).await.status, StatusCode::OK);
    let reader = s.open(&s.consultee, s.procedure).await;
    assert!(reader.read(|i| i.document(s.procedure).is_some_and(|d| !d.get_heads().is_empty())));

    assert_eq!(s.api(&s.lr_editor, Method::DELETE, None).await.status, StatusCode::NO_CONTENT);
    reader
        .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(s.procedure)))
        .await;
    assert!(s.shared(&s.consultee).await.is_empty());
    assert_eq!(s.api(&s.l_editor, Method::GET, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(s.api(&s.l_editor, Method::DELETE, None).await.status, StatusCode::NOT_FOUND);

    // Both owners' audit logs say who opened and ended it, and with whom.
    let (leicester, _) = s.server.accounts().partnership(LEICESTER);
    let (lrscp, _) = s.server.accounts().partnership(LRSCP);
    let admin = s.server.accounts().signed_in("l.admin@example.org", LEICESTER, Role::Admin);
    let lr_admin = s.server.accounts().signed_in("lr.admin@example.org", LRSCP, Role::Admin);
    s.until_seen(&lr_admin).await;
    for (p, who) in [(leicester, &admin), (lrscp, &lr_admin)] {
        let (name, value) = who.credential.header();
        let log = http::get_with(s.server.addr, &format!("/api/partnerships/{p}/audit"), &[(name, &value)]).await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.text());
        let kinds: Vec<(String, String)> = log
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["kind"].as_str().unwrap().to_owned(), r["detail"].as_str().unwrap().to_owned()))
            .collect();
        let opened = kinds.iter().find(|(k, _)| k == "consultation-opened").expect("opened");
        assert!(opened.1.contains(&format!("until {closes_on} with consultee")), "{opened:?}");
        assert!(kinds.iter().any(|(k, _)| k == "consultation-ended"), "{kinds:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_editor_of_an_owning_partnership_opens_a_consultation() {
    let s = Scene::new().await;
    let today = s.today();
    let emails = ["consultee@example.org"];
    // An editor of a partnership that does not own it cannot even see it.
    assert_eq!(s.consult(&s.outsider, &emails, &today).await.status, StatusCode::NOT_FOUND);
    // A viewer of an owner may not.
    assert_eq!(s.consult(&s.l_viewer, &emails, &today).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.api(&s.l_viewer, Method::DELETE, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.api(&s.l_editor, Method::GET, None).await.status, StatusCode::NOT_FOUND, "nothing was opened");
    assert!(s.shared(&s.consultee).await.is_empty());

    // A consulted person may not widen the consultation.
    assert_eq!(s.consult(&s.lr_editor, &emails, &today).await.status, StatusCode::OK);
    let res = s.consult(&s.consultee, &["d.editor@example.org"], &today).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(s.shared(&s.outsider).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_emails_bad_dates_and_foreign_comments_are_refused_with_nothing_granted() {
    let s = Scene::new().await;
    let today = s.today();
    let res = s
        .consult(&s.l_editor, &["consultee@example.org", "nobody@example.org", "gone@example.org"], &today)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    let message = res.json()["error"].as_str().unwrap().to_owned();
    assert!(message.contains("nobody@example.org") && message.contains("gone@example.org"), "{message}");
    assert!(!message.contains("consultee@example.org"), "{message}");
    assert_eq!(s.api(&s.l_editor, Method::GET, None).await.status, StatusCode::NOT_FOUND);
    assert!(s.shared(&s.consultee).await.is_empty(), "nothing was granted");

    let yesterday = utc_day(s.server.clock.now_ms() - 86_400_000);
    for (closes_on, words) in [(yesterday.as_str(), "today or later"), ("31/12/2027", "real date")] {
        let res = s.consult(&s.l_editor, &["consultee@example.org"], closes_on).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{closes_on}");
        assert!(res.json()["error"].as_str().unwrap().contains(words), "{}", res.text());
    }
    assert_eq!(s.consult(&s.l_editor, &[], &today).await.status, StatusCode::BAD_REQUEST);

    // Comments kept in a document Derby owns are refused.
    let derby = s.server.accounts().token("d.owner@example.org", DERBY, Role::Admin);
    let Credential::Token(token) = &derby.credential else { unreachable!() };
    let d = Client::connect(&s.server.ws_url_with(token)).await;
    let foreign = d.create_doc(|doc| {
        let mut tx = doc.transaction();
        tx.put(ROOT, "k", "derby").unwrap();
        tx.commit();
    });
    d.wait_all_on_server().await;
    let body = json!({"commentsDocumentId": foreign.to_string(), "emails": ["consultee@example.org"], "closesOn": today});
    let res = s.api(&s.l_editor, Method::POST, Some(body)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    assert!(s.shared(&s.consultee).await.is_empty(), "nothing was granted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_reaches_only_the_people_who_may_read_the_procedure() {
    let s = Scene::new().await;
    let res = s.consult(&s.l_editor, &["consultee@example.org"], &s.today()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let leicester = s.open(&s.l_editor, s.procedure).await;
    let lrscp = s.open(&s.lr_editor, s.procedure).await;
    let consultee = s.open(&s.consultee, s.procedure).await;
    let outsider = s.open(&s.outsider, s.procedure).await;
    assert!(outsider.read(|i| i.events.contains(&Event::DocumentUnavailable(s.procedure))));

    // A Leicester editor starts editing: the other owner's editor and the consulted reader
    // hear it; the sender does not hear itself back.
    let editing = br#"{"t":"presence","state":"editing"}"#;
    leicester.broadcast_ephemeral(s.procedure, editing);
    for (who, client) in [("LRSCP", &lrscp), ("the consultee", &consultee)] {
        client
            .wait_until(&format!("{who} to hear the presence"), |i| {
                i.events.iter().any(|e| matches!(e, Event::Ephemeral { document, data, .. } if *document == s.procedure && data == editing))
            })
            .await;
    }

    // The outsider says something too: refused as for a document they cannot have, and
    // relayed to nobody (a later message from Leicester arrives; theirs never did).
    let unavailable_before = outsider.read(|i| i.events.iter().filter(|e| **e == Event::DocumentUnavailable(s.procedure)).count());
    outsider.broadcast_ephemeral(s.procedure, b"outsider");
    outsider
        .wait_until("doc-unavailable for the outsider's presence", |i| {
            i.events.iter().filter(|e| **e == Event::DocumentUnavailable(s.procedure)).count() > unavailable_before
        })
        .await;
    leicester.broadcast_ephemeral(s.procedure, b"sentinel");
    for client in [&lrscp, &consultee] {
        client
            .wait_until("the sentinel", |i| {
                i.events.iter().any(|e| matches!(e, Event::Ephemeral { data, .. } if data == b"sentinel"))
            })
            .await;
    }
    for (who, client) in [("Leicester", &leicester), ("LRSCP", &lrscp), ("the consultee", &consultee)] {
        assert!(!client.ephemeral_heard(s.procedure).iter().any(|d| d == b"outsider"), "{who} heard the outsider");
    }
    assert!(outsider.ephemeral_heard(s.procedure).is_empty(), "the outsider heard nobody");
    assert_eq!(leicester.ephemeral_heard(s.procedure), Vec::<Vec<u8>>::new(), "no echo to the sender");

    // Once the consultation ends, the consultee hears nothing more.
    assert_eq!(s.api(&s.lr_editor, Method::DELETE, None).await.status, StatusCode::NO_CONTENT);
    consultee
        .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(s.procedure)))
        .await;
    leicester.broadcast_ephemeral(s.procedure, b"after");
    lrscp
        .wait_until("LRSCP to hear the message after the end", |i| {
            i.events.iter().any(|e| matches!(e, Event::Ephemeral { data, .. } if data == b"after"))
        })
        .await;
    // Sent in the same batch as LRSCP's copy: a moment more is plenty for a stray one.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!consultee.ephemeral_heard(s.procedure).iter().any(|d| d == b"after"), "a former consultee hears nothing");
    // Nothing of presence was stored.
    assert_eq!(text_of(&s.stored(s.procedure)), PROCEDURE_TEXT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_is_relayed_only_as_the_senders_own_account() {
    let s = Scene::new().await;
    let res = s.consult(&s.l_editor, &["consultee@example.org"], &s.today()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let consultee = s.open(&s.consultee, s.procedure).await;
    let lrscp = s.open(&s.lr_editor, s.procedure).await;
    let section = ItemId::random();
    let presence = |session: &str, person: &Person, name: &str, organisation: &str| PresenceMessage {
        session: session.into(),
        who: PresenceIdentity { person: person.account.to_string(), name: name.into(), organisation: organisation.into() },
        state: PresenceState::Editing(section),
        seq: 1,
    };

    // The consulted reader claims to be the Leicester editor: nobody hears it.
    consultee.broadcast_ephemeral(s.procedure, &presence("forged", &s.l_editor, "l.editor", LEICESTER).encode());
    // Under their own id but another's name and organisation: relayed under their own.
    consultee.broadcast_ephemeral(s.procedure, &presence("own", &s.consultee, "Leicester Editor", LEICESTER).encode());
    // Other ephemeral messages pass as they are.
    consultee.broadcast_ephemeral(s.procedure, b"sentinel");
    lrscp
        .wait_until("the sentinel", |i| {
            i.events.iter().any(|e| matches!(e, Event::Ephemeral { data, .. } if data == b"sentinel"))
        })
        .await;
    let heard: Vec<PresenceMessage> = lrscp
        .ephemeral_heard(s.procedure)
        .iter()
        .filter_map(|d| PresenceMessage::decode(d).ok())
        .collect();
    let expected = presence("own", &s.consultee, "consultee", AGENCY);
    assert_eq!(heard, vec![expected], "only the sender's own presence, under their account's name");
}
