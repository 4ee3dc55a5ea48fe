use domain::{
    demo::{DDSCP, LEICESTER, LRSCP},
    model::{self, GroupDoc, PartnershipDoc},
    sync::Event,
    DocumentId,
};
use tempfile::TempDir;

use crate::helpers::{http, Client, TestServer};

/// A demo account signed in: its client, and its partnerships' documents from `/api/me`.
async fn signed_in(server: &TestServer, email: &str) -> (Client, Vec<(String, DocumentId)>) {
    let person = server.accounts().session(email);
    let (name, value) = person.credential.header();
    let me = http::get_with(server.addr, "/api/me", &[(name, &value)]).await;
    assert!(me.status.is_success(), "{email}: {}", me.text());
    let partnerships = me.json()["partnerships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["documentId"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let client = Client::connect_with(&server.sync_url(), person.credential.header()).await;
    (client, partnerships)
}

async fn partnership(client: &Client, id: DocumentId) -> PartnershipDoc {
    client.request(id);
    client
        .wait_until("a partnership", |i| {
            i.document(id)
                .is_some_and(|d| model::read::<PartnershipDoc>(d).is_ok_and(|p| !p.name.is_empty()))
        })
        .await;
    client.read(|i| model::read::<PartnershipDoc>(i.document(id).unwrap()).unwrap())
}

/// Every group a partnership lists, fetched through the server.
async fn groups(client: &Client, p: &PartnershipDoc) -> Vec<(DocumentId, GroupDoc)> {
    let mut out = Vec::new();
    for id in p.groups() {
        client.request(id);
        client
            .wait_until("a group", |i| {
                i.document(id)
                    .is_some_and(|d| model::read::<GroupDoc>(d).is_ok_and(|g| !g.name.is_empty()))
            })
            .await;
        out.push((id, client.read(|i| model::read::<GroupDoc>(i.document(id).unwrap()).unwrap())));
    }
    out
}

const JOINT: &str = "LLR Joint Procedures & Development Sub Group";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_accounts_read_their_partnerships_and_groups_and_share_the_joint_ones() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), true).await;

    let (leicester, listed) = signed_in(&server, "leicester.admin@example.org").await;
    assert_eq!(listed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), vec![LEICESTER]);
    let l_id = listed[0].1;
    let l_doc = partnership(&leicester, l_id).await;
    let l_groups = groups(&leicester, &l_doc).await;
    let l_joint = l_groups.iter().find(|(_, g)| g.name == JOINT).expect("Leicester lists the joint group");
    assert_eq!(l_joint.1.owners.len(), 2, "owned by both partnerships");

    let (lrscp, listed) = signed_in(&server, "lrscp.editor@example.org").await;
    assert_eq!(listed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), vec![LRSCP]);
    let lr_doc = partnership(&lrscp, listed[0].1).await;
    let lr_groups = groups(&lrscp, &lr_doc).await;
    for g in [
        "Planning and Delivery Group",
        "Young People Advisory Group",
        "Policy and Procedures Group",
        "Case Review Group",
    ] {
        assert!(lr_groups.iter().any(|(_, d)| d.name == g), "LRSCP lacks {g}");
    }
    let lr_joint = lr_groups.iter().find(|(_, g)| g.name == JOINT).expect("LRSCP lists the joint group");
    assert_eq!(lr_joint.0, l_joint.0, "one joint group document, read by both");

    let (derby, listed) = signed_in(&server, "ddscp.admin@example.org").await;
    assert_eq!(listed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), vec![DDSCP]);
    let d_doc = partnership(&derby, listed[0].1).await;
    let d_groups = groups(&derby, &d_doc).await;
    assert!(d_groups.iter().any(|(_, g)| g.name == "Core Business Group"));
    assert!(d_groups.iter().any(|(_, g)| g.name == "Quality Assurance Group"));

    // Derby's admin reads none of Leicester's documents, not even the joint LLR group.
    let leicester_only = l_groups.iter().find(|(_, g)| g.owners.len() == 1).expect("a Leicester-only group").0;
    for id in [l_id, leicester_only, l_joint.0] {
        derby.request(id);
        derby
            .wait_until("doc-unavailable", |i| i.events.contains(&Event::DocumentUnavailable(id)))
            .await;
        assert!(derby.read(|i| i.document(id).is_none_or(|d| d.get_heads().is_empty())));
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn demo_data_is_seeded_once() {
    let data = TempDir::new().unwrap();
    let storage = quorum_server::storage::SqliteStorage::open_dir(data.path()).unwrap();
    let auth = quorum_server::auth::AuthStore::open_dir(data.path()).unwrap();
    let papers = quorum_server::papers::PaperStore::open_dir(data.path(), quorum_server::clock::Clock::system()).unwrap();
    assert!(quorum_server::demo::seed_if_empty(&storage, &auth, &papers).unwrap());
    let blobs = papers.blob_count().unwrap();
    assert!(blobs >= 3, "the demo meetings' papers are stored: {blobs}");
    assert!(!quorum_server::demo::seed_if_empty(&storage, &auth, &papers).unwrap());
    assert_eq!(papers.blob_count().unwrap(), blobs, "seeded once");
}

#[tokio::test]
async fn the_demo_has_a_year_of_meetings_in_the_owners_calendar_feeds_only() {
    let server = TestServer::demo().await;
    let feed_of = |email: &'static str| {
        let server = &server;
        async move {
            let b = server.signed_in(email).await;
            let created = b.post("/api/feeds", serde_json::json!({})).await;
            assert_eq!(created.status, hyper::StatusCode::CREATED, "{}", created.text());
            let path = created.json()["path"].as_str().unwrap().to_owned();
            http::get(server.addr, &path).await.text()
        }
    };
    let count = |ics: &str, name: &str| ics.matches(&format!("SUMMARY:{}", name.replace(',', "\\,"))).count();
    let leicester = feed_of("leicester.admin@example.org").await;
    assert!(count(&leicester, "Leicester Safeguarding Children Board (Board)") >= 6, "{leicester}");
    assert!(count(&leicester, "LLR Joint Procedures & Development Sub Group") >= 4, "the joint group's meetings too");
    assert!(leicester.contains("STATUS:CANCELLED"), "the cancelled meeting");
    let lrscp = feed_of("lrscp.editor@example.org").await;
    assert_eq!(count(&lrscp, "Leicester Safeguarding Children Board (Board)"), 0, "another partnership's board");
    assert!(count(&lrscp, "LLR Joint Procedures & Development Sub Group") >= 4, "the joint group is theirs too");
    let derby = feed_of("ddscp.admin@example.org").await;
    assert_eq!(count(&derby, "LLR Joint"), 0);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_demo_consultees_sign_in_read_the_procedure_and_may_change_only_its_comments() {
    let server = TestServer::demo().await;
    let person = server.accounts().session(domain::demo::procedures::CONSULTEES[0].1);
    let (name, value) = person.credential.header();
    let me = http::get_with(server.addr, "/api/me", &[(name, &value)]).await;
    assert!(me.status.is_success(), "{}", me.text());
    let me = me.json();
    assert_eq!(me["partnerships"].as_array().unwrap().len(), 0, "no partnership role");
    let shared = me["shared"].as_array().unwrap();
    let roles: Vec<&str> = shared.iter().map(|s| s["role"].as_str().unwrap()).collect();
    assert_eq!(shared.len(), 2, "the procedure and its comments: {shared:?}");
    assert!(roles.contains(&"viewer") && roles.contains(&"editor"), "{roles:?}");
    // The procedure (read) arrives through the server.
    let procedure: DocumentId = shared.iter().find(|s| s["role"] == "viewer").unwrap()["documentId"].as_str().unwrap().parse().unwrap();
    let client = Client::connect_with(&server.sync_url(), person.credential.header()).await;
    client.request(procedure);
    client
        .wait_until("the procedure", |i| i.document(procedure).is_some_and(|d| !d.get_heads().is_empty()))
        .await;
    server.stop().await.unwrap();
}
