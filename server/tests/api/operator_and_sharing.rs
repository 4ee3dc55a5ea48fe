//! Issue 16: operators start partnerships from the app (and the CLI makes operators); the
//! directory of hosted partnerships; sharing a group is decided by the server; audit rows
//! carry names.

use hyper::StatusCode;
use serde_json::{json, Value};

use crate::{
    auth_hardening::{cli, stdout},
    auth_people::group_document,
    helpers::{
        browser::{error_of, partnership_id, Browser, DDSCP_ADMIN, LEICESTER_ADMIN, LEICESTER_VIEWER},
        TestServer,
    },
};

const OPERATOR: &str = "operator@example.org";
const LEICESTER: &str = "Leicester Safeguarding Children Board";
const DDSCP: &str = "Derby and Derbyshire Safeguarding Children Partnership";
const LEICESTER_GROUP: &str = "Serious Incident Review Group";
const NEW: &str = "Rutland Test Partnership";

fn start_body(name: &str, email: &str) -> Value {
    json!({"name": name, "area": "Rutland", "adminName": "New Admin", "adminEmail": email})
}

fn partnership_rows(server: &TestServer, name: &str) -> i64 {
    server
        .db()
        .query_row("SELECT COUNT(*) FROM partnerships WHERE name = ?1", [name], |r| r.get(0))
        .unwrap()
}

async fn readable(b: &Browser, doc: &str) -> usize {
    b.post("/api/documents/readable", json!({"documentIds": [doc]})).await.json()["readable"].as_array().unwrap().len()
}

fn audit_row(audit: &Value, kind: &str) -> Value {
    audit
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {audit}"))
        .clone()
}

#[tokio::test]
async fn an_operator_starts_a_partnership_whose_first_admin_sets_a_password_and_signs_in() {
    let server = TestServer::demo().await;
    let operator = server.signed_in(OPERATOR).await;
    assert_eq!(operator.json("/api/operator").await["operator"], true);
    assert!(operator.json("/api/me").await["partnerships"].as_array().unwrap().is_empty(), "the operator has no partnership");

    let res = operator.post("/api/partnerships", start_body(NEW, "new.admin@example.org")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let started = res.json();
    assert_eq!(started["name"], NEW);
    let path = started["setPasswordPath"].as_str().expect("a set-password link for the new admin").to_owned();
    assert!(path.starts_with("/set-password/"), "{path}");

    // The partnership document is in the sync store, named, with its area.
    let doc: domain::DocumentId = started["documentId"].as_str().unwrap().parse().unwrap();
    let storage = quorum_server::storage::SqliteStorage::open_dir(&server.data_dir).unwrap();
    let chunks = storage.range(&domain::storage::layout::document_prefix(doc)).unwrap();
    let loaded = domain::storage::layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
    let p = domain::model::read::<domain::model::PartnershipDoc>(&loaded).unwrap();
    assert_eq!((p.name.as_str(), p.area.as_str()), (NEW, "Rutland"));

    // The same name again is refused.
    let again = operator.post("/api/partnerships", start_body(NEW, "other@example.org")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(error_of(&again).contains("already exists"));

    let token = path.trim_start_matches("/set-password/");
    let set = server
        .browser()
        .post(&format!("/api/password-links/{token}"), json!({"password": "a new admin's long password"}))
        .await;
    assert!(set.status.is_success(), "{}", set.text());
    let mut admin = server.browser();
    let signed = admin.sign_in("new.admin@example.org", "a new admin's long password").await;
    assert_eq!(signed.status, StatusCode::OK);
    let me = admin.json("/api/me").await;
    let pid = partnership_id(&me, NEW);
    assert_eq!(me["partnerships"][0]["role"], "admin");

    // The new partnership's audit log names the operator who started it.
    let audit = admin.json(&format!("/api/partnerships/{pid}/audit")).await;
    let created = audit_row(&audit, "partnership-created");
    assert!(created["actor"].as_str().unwrap().contains("Demo Operator"), "{created}");
    assert!(created["detail"].as_str().unwrap().contains(NEW), "{created}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn people_who_are_not_operators_get_403_and_start_nothing() {
    let server = TestServer::demo().await;
    assert_eq!(server.browser().post("/api/partnerships", start_body(NEW, "x@example.org")).await.status, StatusCode::UNAUTHORIZED);
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    assert_eq!(admin.json("/api/operator").await["operator"], false);
    let res = admin.post("/api/partnerships", start_body(NEW, "x@example.org")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(partnership_rows(&server, NEW), 0);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_cli_grants_and_revokes_the_operator_role() {
    let server = TestServer::demo().await;
    let data = server.data_dir.clone();
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let out = stdout(&cli(&data, &["operator", "grant", "--email", LEICESTER_ADMIN], None));
    assert!(out.contains("is now an operator"), "{out}");
    assert_eq!(admin.json("/api/operator").await["operator"], true);
    let res = admin.post("/api/partnerships", start_body(NEW, "new.admin@example.org")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());

    stdout(&cli(&data, &["operator", "revoke", "--email", LEICESTER_ADMIN], None));
    assert_eq!(admin.json("/api/operator").await["operator"], false);
    let res = admin.post("/api/partnerships", start_body("Another Partnership", "y@example.org")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // `user add --operator` makes an operator with no partnership; they set a password by link.
    let link = stdout(&cli(&data, &["user", "add", "--email", "op2@example.org", "--name", "Second Operator", "--operator"], None));
    assert!(link.contains("/set-password/"), "{link}");
    let token = link.rsplit('/').next().unwrap();
    let set = server.browser().post(&format!("/api/password-links/{token}"), json!({"password": "second operator's password"})).await;
    assert!(set.status.is_success());
    let mut op2 = server.browser();
    assert_eq!(op2.sign_in("op2@example.org", "second operator's password").await.status, StatusCode::OK);
    assert_eq!(op2.json("/api/operator").await["operator"], true);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_partnership_directory_needs_an_editor_and_gives_names_only() {
    let server = TestServer::demo().await;
    assert_eq!(server.browser().get("/api/partnerships").await.status, StatusCode::UNAUTHORIZED);
    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    assert_eq!(viewer.get("/api/partnerships").await.status, StatusCode::FORBIDDEN);

    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let all = admin.json("/api/partnerships").await;
    let names: Vec<&str> = all.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{all}");
    assert!(names.contains(&DDSCP) && names.contains(&LEICESTER));
    for p in all.as_array().unwrap() {
        let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, vec!["documentId", "id", "name"], "ids and names only: {p}");
    }
    let derby = admin.json("/api/partnerships?q=derby").await;
    assert_eq!(derby.as_array().unwrap().len(), 1);
    assert_eq!(derby[0]["name"], DDSCP);
    assert!(admin.json("/api/partnerships?q=%25").await.as_array().unwrap().is_empty(), "a % is a character, not a wildcard");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn only_an_editor_of_an_owner_shares_a_group_and_the_server_records_and_names_it() {
    let server = TestServer::demo().await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let group = group_document(&server, LEICESTER_GROUP).await;
    let derby_admin = server.signed_in(DDSCP_ADMIN).await;
    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    let directory = admin.json("/api/partnerships?q=Derby").await;
    let derby_id = directory[0]["id"].as_str().unwrap().to_owned();
    let derby_doc = directory[0]["documentId"].as_str().unwrap().to_owned();
    let owners = |server: &TestServer| -> i64 {
        server
            .db()
            .query_row("SELECT COUNT(*) FROM document_owners WHERE document_id = ?1", [&group], |r| r.get(0))
            .unwrap()
    };
    let path = format!("/api/documents/{group}/owners");
    let body = json!({"partnershipId": derby_id});

    // Someone of another partnership (who cannot read the group) and a viewer are refused.
    assert_eq!(derby_admin.post(&path, body.clone()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(viewer.post(&path, body.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(owners(&server), 1);
    assert_eq!(readable(&derby_admin, &group).await, 0);

    let res = admin.post(&path, body.clone()).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    assert_eq!(owners(&server), 2);
    assert_eq!(readable(&derby_admin, &group).await, 1, "Derby's people may read the group now");
    assert_eq!(admin.post(&path, body).await.status, StatusCode::NO_CONTENT, "sharing twice is harmless");

    // Both documents say so, as synced to Derby's admin.
    let cookie = ("cookie", format!("quorum_session={}", derby_admin.cookie.clone().unwrap()));
    let client = crate::helpers::Client::connect_with(&format!("ws://{}/sync", server.addr), cookie).await;
    let derby_doc: domain::DocumentId = derby_doc.parse().unwrap();
    let group_id: domain::DocumentId = group.parse().unwrap();
    client.request(derby_doc);
    client
        .wait_until("Derby's document to list the shared group", |i| {
            i.document(derby_doc)
                .and_then(|d| domain::model::read::<domain::model::PartnershipDoc>(d).ok())
                .is_some_and(|p| p.groups().contains(&group_id))
        })
        .await;
    client.request(group_id);
    client
        .wait_until("the group to name Derby as an owner", |i| {
            i.document(group_id)
                .and_then(|d| domain::model::read::<domain::model::GroupDoc>(d).ok())
                .is_some_and(|g| g.owned_by(derby_doc) && g.owners.len() == 2)
        })
        .await;

    // The audit logs of both partnerships name the group, the partnerships and the person.
    let leicester = partnership_id(&admin.json("/api/me").await, LEICESTER);
    let audit = admin.json(&format!("/api/partnerships/{leicester}/audit")).await;
    let shared = audit_row(&audit, "group-shared");
    assert_eq!(shared["detail"], format!("“{LEICESTER_GROUP}” with {DDSCP}"));
    assert!(shared["actor"].as_str().unwrap().starts_with("Leicester Admin"), "{shared}");
    let derby = partnership_id(&derby_admin.json("/api/me").await, DDSCP);
    let audit = derby_admin.json(&format!("/api/partnerships/{derby}/audit")).await;
    assert_eq!(audit_row(&audit, "group-shared")["detail"], format!("“{LEICESTER_GROUP}” by {LEICESTER}"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn document_registered_rows_name_the_document_not_its_id() {
    let server = TestServer::demo().await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let group = group_document(&server, LEICESTER_GROUP).await;
    let leicester = partnership_id(&admin.json("/api/me").await, LEICESTER);
    let res = admin.post("/api/documents", json!({"documentId": group, "partnershipId": leicester})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let audit = admin.json(&format!("/api/partnerships/{leicester}/audit")).await;
    let row = audit_row(&audit, "document-registered");
    assert_eq!(row["detail"], format!("“{LEICESTER_GROUP}”"));
    assert!(!audit.to_string().contains(&group), "no raw document id in the log: {audit}");
    assert!(row["actor"].as_str().unwrap().starts_with("Leicester Admin"));
    server.stop().await.unwrap();
}

/// A stored document as the server holds it now.
fn stored<T: autosurgeon::Hydrate>(server: &TestServer, doc: &str) -> T {
    let storage = quorum_server::storage::DocumentStore::open(&server.data_dir, server.database_url.as_ref()).unwrap();
    let loaded = storage.load_document(doc.parse().unwrap()).unwrap_or_else(|| panic!("{doc} is not stored"));
    domain::model::read::<T>(&loaded).unwrap()
}

fn owner_rows(server: &TestServer, doc: &str) -> i64 {
    server.db().query_row("SELECT COUNT(*) FROM document_owners WHERE document_id = ?1", [doc], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn sharing_a_group_shares_its_meetings_and_manuals_with_their_procedures_and_comments() {
    use domain::{model::GroupDoc, procedure::{LibraryDoc, ProcedureDoc}};
    let server = TestServer::demo().await;
    let leicester_admin = server.signed_in(LEICESTER_ADMIN).await;
    let derby_admin = server.signed_in(DDSCP_ADMIN).await;
    let leicester_doc = leicester_admin.json("/api/partnerships?q=Leicester%20Safeguarding").await[0]["documentId"].as_str().unwrap().to_owned();
    let leicester_id = leicester_admin.json("/api/partnerships?q=Leicester%20Safeguarding").await[0]["id"].as_str().unwrap().to_owned();
    let derby_id = leicester_admin.json("/api/partnerships?q=Derby").await[0]["id"].as_str().unwrap().to_owned();

    // Derby's procedures group, with its manual, the manual's procedures and their comments.
    let group = group_document(&server, "Policies and Procedures Group").await;
    let g: GroupDoc = stored(&server, &group);
    assert_eq!(g.manuals.len(), 1, "the demo lists the manual in its owner group");
    let manual = g.manuals[0].to_string();
    let lib: LibraryDoc = stored(&server, &manual);
    let procedures: Vec<String> = lib.procedures().iter().map(ToString::to_string).collect();
    assert!(!procedures.is_empty());
    let comments: Vec<String> = procedures.iter().filter_map(|p| stored::<ProcedureDoc>(&server, p).comments).map(|c| c.to_string()).collect();
    assert_eq!(comments.len(), procedures.len(), "each demo procedure has its comments document");
    for d in std::iter::once(&manual).chain(&procedures).chain(&comments) {
        assert_eq!(readable(&leicester_admin, d).await, 0, "Leicester may not read {d} yet");
    }

    let res = derby_admin.post(&format!("/api/documents/{group}/owners"), json!({"partnershipId": leicester_id})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    for d in std::iter::once(&manual).chain(&procedures).chain(&comments) {
        assert_eq!(readable(&leicester_admin, d).await, 1, "Leicester may read {d} now");
        assert_eq!(owner_rows(&server, d), 2);
    }
    // The manual and its procedures name Leicester among their owners, so a procedure's
    // publication now waits for Leicester's sign-off too.
    let leicester_doc: domain::DocumentId = leicester_doc.parse().unwrap();
    assert!(stored::<LibraryDoc>(&server, &manual).owners.iter().any(|o| o.partnership == leicester_doc));
    for p in &procedures {
        let p: ProcedureDoc = stored(&server, p);
        assert_eq!(p.owners.len(), 2);
        assert!(p.owned_by(leicester_doc));
    }

    // Leicester's board, with a year of meetings, shared with Derby: Derby may read them.
    let board = group_document(&server, "Leicester Safeguarding Children Board (Board)").await;
    let meetings: Vec<String> = stored::<GroupDoc>(&server, &board).meetings.iter().map(|m| m.document.to_string()).collect();
    assert!(!meetings.is_empty());
    assert_eq!(readable(&derby_admin, &meetings[0]).await, 0);
    let res = leicester_admin.post(&format!("/api/documents/{board}/owners"), json!({"partnershipId": derby_id})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    for m in &meetings {
        assert_eq!(readable(&derby_admin, m).await, 1, "Derby may read the board's meeting {m} now");
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_group_cannot_hand_on_a_document_it_lists_but_does_not_own() {
    use domain::{meeting::MeetingRef, model::GroupDoc};
    let server = TestServer::demo().await;
    let derby_admin = server.signed_in(DDSCP_ADMIN).await;
    // A document of Leicester's board that Derby may not read: one of its meetings.
    let board = group_document(&server, "Leicester Safeguarding Children Board (Board)").await;
    let secret = stored::<GroupDoc>(&server, &board).meetings[0].document;
    // Derby's admin lists it as a meeting (and a manual) of Derby's own group, then shares that group.
    let group = group_document(&server, "Policies and Procedures Group").await;
    let group_id: domain::DocumentId = group.parse().unwrap();
    let cookie = ("cookie", format!("quorum_session={}", derby_admin.cookie.clone().unwrap()));
    let client = crate::helpers::Client::connect_with(&format!("ws://{}/sync", server.addr), cookie).await;
    client.request(group_id);
    // All of it: a change to a half-synced copy would make lists of its own, which lose.
    client
        .wait_until("Derby's group to arrive whole", |i| {
            i.document(group_id).and_then(|d| domain::model::read::<GroupDoc>(d).ok()).is_some_and(|g| !g.name.is_empty() && !g.manuals.is_empty())
        })
        .await;
    // And one of its own procedures as a manual: it stays a procedure, not rewritten as one.
    let own_manual = stored::<GroupDoc>(&server, &group).manuals[0];
    let own_procedure = stored::<domain::procedure::LibraryDoc>(&server, &own_manual.to_string()).procedures()[0];
    client.change(group_id, |d| {
        domain::model::update::<GroupDoc, _, std::convert::Infallible>(d, "list another's document", 0, |g| {
            g.meetings.push(MeetingRef { document: secret, date: None, status: Default::default() });
            g.list_manual(secret);
            g.list_manual(own_procedure);
            Ok(())
        })
        .unwrap();
    });
    client.wait_all_on_server().await;
    assert!(stored::<GroupDoc>(&server, &group).manuals.contains(&secret));
    let res = derby_admin.post(&format!("/api/documents/{group}/owners"), json!({"partnershipId": lrscp_id(&derby_admin).await})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    assert_eq!(owner_rows(&server, &secret.to_string()), 1, "Leicester's meeting stays Leicester's alone");
    assert_eq!(readable(&derby_admin, &secret.to_string()).await, 0);
    let storage = quorum_server::storage::DocumentStore::open(&server.data_dir, server.database_url.as_ref()).unwrap();
    let procedure = storage.load_document(own_procedure).unwrap();
    use automerge::ReadDoc;
    assert!(procedure.get(automerge::ROOT, "chapters").unwrap().is_none(), "the procedure was not written as a manual");
    let p: domain::procedure::ProcedureDoc = domain::model::read(&procedure).unwrap();
    assert_eq!(p.owners.len(), 2, "as a procedure of the shared group's manual, it gains the new owner");
    server.stop().await.unwrap();
}

async fn lrscp_id(b: &Browser) -> String {
    b.json("/api/partnerships?q=Rutland").await[0]["id"].as_str().unwrap().to_owned()
}
