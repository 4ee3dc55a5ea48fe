//! A partnership's people: roles, removal, the last admin, invitations and the audit log.

use hyper::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    browser::{error_of, partnership_id, Browser, DDSCP_ADMIN, LEICESTER_ADMIN, LEICESTER_VIEWER, LRSCP_EDITOR},
    TestServer,
};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const JOINT: &str = "LLR Joint Procedures & Development Sub Group";

async fn leicester(admin: &Browser) -> String {
    partnership_id(&admin.json("/api/me").await, LEICESTER)
}

fn person<'a>(people: &'a Value, email: &str) -> &'a Value {
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {people}"))
}

/// The id of the demo group named `name` (from the server's database).
pub async fn group_document(server: &TestServer, name: &str) -> String {
    let storage = quorum_server::storage::DocumentStore::open(&server.data_dir, server.database_url.as_ref()).unwrap();
    let ids: Vec<String> = server.texts("SELECT DISTINCT document_id FROM document_owners").await;
    ids.into_iter()
        .find(|id| {
            let doc: domain::DocumentId = id.parse().unwrap();
            let chunks = storage.range(&domain::storage::layout::document_prefix(doc)).unwrap();
            let doc = domain::storage::layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
            domain::model::read::<domain::model::GroupDoc>(&doc).is_ok_and(|g| g.name == name)
        })
        .unwrap_or_else(|| panic!("no group {name}"))
}

#[tokio::test]
async fn admins_see_and_change_their_people_and_others_may_not() {
    admins_see_and_change_their_people_and_others_may_not_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn admins_see_and_change_their_people_and_others_may_not_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let pid = leicester(&admin).await;
    let people = admin.json(&format!("/api/partnerships/{pid}/people")).await;
    assert_eq!(people.as_array().unwrap().len(), 2);
    let viewer_id = person(&people, LEICESTER_VIEWER)["accountId"].as_str().unwrap().to_owned();
    assert_eq!(person(&people, LEICESTER_VIEWER)["role"], "viewer");

    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    assert_eq!(viewer.get(&format!("/api/partnerships/{pid}/people")).await.status, StatusCode::FORBIDDEN);
    let outsider = server.signed_in(DDSCP_ADMIN).await;
    assert_eq!(outsider.get(&format!("/api/partnerships/{pid}/people")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        outsider
            .put(&format!("/api/partnerships/{pid}/people/{viewer_id}"), json!({"role": "admin"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let path = format!("/api/partnerships/{pid}/people/{viewer_id}");
    assert_eq!(admin.put(&path, json!({"role": "owner"})).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(admin.put(&path, json!({"role": "editor"})).await.status, StatusCode::NO_CONTENT);
    let me = viewer.json("/api/me").await;
    assert_eq!(me["partnerships"][0]["role"], "editor", "the change is visible at once");
    assert_eq!(admin.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert!(viewer.json("/api/me").await["partnerships"].as_array().unwrap().is_empty());
    assert_eq!(admin.delete(&path).await.status, StatusCode::NOT_FOUND, "no longer a member");

    let audit = admin.json(&format!("/api/partnerships/{pid}/audit")).await;
    let kinds: Vec<&str> = audit.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[0], "person-removed", "newest first: {kinds:?}");
    assert!(kinds.contains(&"role-changed") && kinds.contains(&"sign-in") && kinds.contains(&"access-denied"));
    let change = audit.as_array().unwrap().iter().find(|r| r["kind"] == "role-changed").unwrap();
    assert_eq!(change["detail"], format!("{LEICESTER_VIEWER}: viewer → editor"));
    assert!(change["actor"].as_str().unwrap().contains(LEICESTER_ADMIN));
    assert_eq!(viewer.get(&format!("/api/partnerships/{pid}/audit")).await.status, StatusCode::FORBIDDEN);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    the_last_admin_cannot_be_demoted_or_removed_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn the_last_admin_cannot_be_demoted_or_removed_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let pid = leicester(&admin).await;
    let me = admin.json("/api/me").await;
    let admin_id = me["account"]["id"].as_str().unwrap();
    let path = format!("/api/partnerships/{pid}/people/{admin_id}");
    let res = admin.put(&path, json!({"role": "editor"})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(error_of(&res).contains("at least one admin"));
    assert_eq!(admin.delete(&path).await.status, StatusCode::CONFLICT);
    assert_eq!(admin.put(&path, json!({"role": "admin"})).await.status, StatusCode::NO_CONTENT);
    // With a second admin, the first may step down.
    let people = admin.json(&format!("/api/partnerships/{pid}/people")).await;
    let viewer_id = person(&people, LEICESTER_VIEWER)["accountId"].as_str().unwrap().to_owned();
    let viewer_path = format!("/api/partnerships/{pid}/people/{viewer_id}");
    assert_eq!(admin.put(&viewer_path, json!({"role": "admin"})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.put(&path, json!({"role": "viewer"})).await.status, StatusCode::NO_CONTENT);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_invitation_makes_a_new_account_once() {
    an_invitation_makes_a_new_account_once_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn an_invitation_makes_a_new_account_once_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let pid = leicester(&admin).await;
    let res = admin
        .post(&format!("/api/partnerships/{pid}/invitations"), json!({"email": " New.Person@Example.org ", "role": "editor"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let created: Value = serde_json::from_slice(&res.body).unwrap();
    let link = created["link"].as_str().unwrap();
    let token = link.strip_prefix("/invite/").unwrap();
    let week = 7 * 24 * 60 * 60 * 1000;
    let now = server.clock.now_ms();
    assert!((created["expiresAt"].as_i64().unwrap() - now - week).abs() < 60_000);

    let anyone = server.browser();
    let offer = anyone.json(&format!("/api/invitations/{token}")).await;
    assert_eq!(
        offer,
        json!({"partnershipName": LEICESTER, "role": "editor", "email": "new.person@example.org", "accountExists": false})
    );
    let accept = format!("/api/invitations/{token}/accept");
    let res = anyone.post(&accept, json!({"name": "New Person", "password": "short"})).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&res), "Password must be 12 characters or more");
    let mut newcomer = server.browser();
    let res = newcomer.post(&accept, json!({"name": "New Person", "password": "a long enough password"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    newcomer.keep_cookie(&res);
    let me = newcomer.json("/api/me").await;
    assert_eq!(me["account"]["name"], "New Person");
    assert_eq!(me["partnerships"][0]["role"], "editor");

    assert_eq!(anyone.get(&format!("/api/invitations/{token}")).await.status, StatusCode::NOT_FOUND, "used");
    let again = anyone.post(&accept, json!({"name": "Someone Else", "password": "another long password"})).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "single use");
    let mut signed = server.browser();
    assert_eq!(signed.sign_in("new.person@example.org", "a long enough password").await.status, StatusCode::OK);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_expired_or_unknown_invitation_is_not_found() {
    let server = TestServer::demo().await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let pid = leicester(&admin).await;
    let res = admin
        .post(&format!("/api/partnerships/{pid}/invitations"), json!({"email": "late@example.org", "role": "viewer"}))
        .await;
    let created: Value = serde_json::from_slice(&res.body).unwrap();
    let token = created["link"].as_str().unwrap().strip_prefix("/invite/").unwrap().to_owned();
    server.db().execute("UPDATE invitations SET expires_at = 1", []).unwrap();
    let anyone = server.browser();
    assert_eq!(anyone.get(&format!("/api/invitations/{token}")).await.status, StatusCode::NOT_FOUND);
    let res = anyone
        .post(&format!("/api/invitations/{token}/accept"), json!({"name": "Late", "password": "a long enough password"}))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(anyone.get("/api/invitations/not-a-token").await.status, StatusCode::NOT_FOUND);
    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    let res = viewer
        .post(&format!("/api/partnerships/{pid}/invitations"), json!({"email": "x@example.org", "role": "viewer"}))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "only admins invite");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_invitation_to_a_joint_group_grants_that_document_to_an_existing_account() {
    an_invitation_to_a_joint_group_grants_that_document_to_an_existing_account_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn an_invitation_to_a_joint_group_grants_that_document_to_an_existing_account_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let pid = leicester(&admin).await;
    let joint = group_document(&server, JOINT).await;
    let derby_group = group_document(&server, "Quality Assurance Group").await;
    let invite = format!("/api/partnerships/{pid}/invitations");
    let res = admin.post(&invite, json!({"email": DDSCP_ADMIN, "role": "editor", "documentId": derby_group})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "Leicester does not own Derby's group");
    let res = admin.post(&invite, json!({"email": DDSCP_ADMIN, "role": "admin", "documentId": joint})).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a document grant is editor or viewer");
    let res = admin.post(&invite, json!({"email": DDSCP_ADMIN, "role": "editor", "documentId": joint})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let created: Value = serde_json::from_slice(&res.body).unwrap();
    let token = created["link"].as_str().unwrap().strip_prefix("/invite/").unwrap().to_owned();

    let derby = server.signed_in(DDSCP_ADMIN).await;
    let offer = derby.json(&format!("/api/invitations/{token}")).await;
    assert_eq!(offer["documentName"], JOINT);
    assert_eq!(offer["accountExists"], true);
    let readable = json!({"documentIds": [joint, derby_group, "not-an-id"]});
    let before: Value = serde_json::from_slice(&derby.post("/api/documents/readable", readable.clone()).await.body).unwrap();
    assert_eq!(before["readable"], json!([derby_group]));

    let other = server.signed_in(LRSCP_EDITOR).await;
    let res = other.post(&format!("/api/invitations/{token}/accept"), json!({})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "another account's invitation");
    let anonymous = server.browser();
    let res = anonymous
        .post(&format!("/api/invitations/{token}/accept"), json!({"name": "X", "password": "a long enough password"}))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "the account exists: sign in first");

    let res = derby.post(&format!("/api/invitations/{token}/accept"), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let me: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(me["shared"], json!([{"documentId": joint, "role": "editor"}]));
    let after: Value = serde_json::from_slice(&derby.post("/api/documents/readable", readable).await.body).unwrap();
    let mut readable = after["readable"].as_array().unwrap().clone();
    readable.sort_by_key(|v| v.as_str().unwrap().to_owned());
    let mut expected = vec![json!(joint), json!(derby_group)];
    expected.sort_by_key(|v| v.as_str().unwrap().to_owned());
    assert_eq!(readable, expected);
    let kinds: Vec<String> = server.texts("SELECT kind FROM audit WHERE kind LIKE 'invitation-%' ORDER BY id").await;
    assert_eq!(kinds, ["invitation-created", "invitation-accepted"]);
    server.stop().await.unwrap();
}
