use domain::{
    model::{self, GroupDoc, PartnershipDoc, RootIndex},
    DocumentId,
};
use tempfile::TempDir;

use crate::{
    helpers::{Client, TestServer},
    http::root_document,
};

#[tokio::test]
async fn demo_partnerships_with_their_groups_are_served_to_clients() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), true).await;
    let root = root_document(&server).await;
    let client = Client::connect(&server.ws_url()).await;
    client.request(root);
    client
        .wait_until("the root index", |i| {
            i.document(root).is_some_and(|d| {
                model::read::<RootIndex>(d).is_ok_and(|r| r.partnerships.len() == 3)
            })
        })
        .await;
    let ids = client.read(|i| {
        model::read::<RootIndex>(i.document(root).unwrap())
            .unwrap()
            .documents()
    });
    let mut partnerships = Vec::new();
    for id in ids {
        client.request(id);
        client
            .wait_until("a partnership", |i| {
                i.document(id).is_some_and(|d| {
                    model::read::<PartnershipDoc>(d).is_ok_and(|p| !p.name.is_empty())
                })
            })
            .await;
        partnerships
            .push(client.read(|i| model::read::<PartnershipDoc>(i.document(id).unwrap()).unwrap()));
    }
    let find = |name: &str| {
        partnerships
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // Each listed group is its own document; fetch them all by name.
    let mut groups: Vec<(DocumentId, GroupDoc)> = Vec::new();
    for p in &partnerships {
        for id in p.groups() {
            if groups.iter().any(|(g, _)| *g == id) {
                continue;
            }
            client.request(id);
            client
                .wait_until("a group", |i| {
                    i.document(id).is_some_and(|d| {
                        model::read::<GroupDoc>(d).is_ok_and(|g| !g.name.is_empty())
                    })
                })
                .await;
            groups.push((id, client.read(|i| model::read::<GroupDoc>(i.document(id).unwrap()).unwrap())));
        }
    }
    let names = |p: &PartnershipDoc| {
        p.groups()
            .iter()
            .map(|id| groups.iter().find(|(g, _)| g == id).unwrap().1.name.clone())
            .collect::<Vec<_>>()
    };
    let lrscp = find("Leicestershire & Rutland Safeguarding Children Partnership");
    for g in [
        "Planning and Delivery Group",
        "Young People Advisory Group",
        "Policy and Procedures Group",
        "Case Review Group",
    ] {
        assert!(names(lrscp).iter().any(|n| n == g), "LRSCP lacks {g}");
    }
    let ddscp = find("Derby and Derbyshire Safeguarding Children Partnership");
    assert!(names(ddscp).iter().any(|n| n == "Core Business Group"));
    assert!(names(ddscp).iter().any(|n| n == "Quality Assurance Group"));
    let leicester = find("Leicester Safeguarding Children Board");
    let joint = |p: &PartnershipDoc| {
        p.groups()
            .into_iter()
            .find(|id| groups.iter().any(|(g, d)| g == id && d.name == "LLR Joint Procedures & Development Sub Group"))
    };
    assert!(
        joint(leicester).is_some(),
        "the joint group is in Leicester's partnership"
    );
    assert_eq!(
        joint(leicester),
        joint(lrscp),
        "one joint group document, listed by both partnerships"
    );
    let (_, joint_doc) = groups.iter().find(|(g, _)| Some(*g) == joint(lrscp)).unwrap();
    assert_eq!(joint_doc.owners.len(), 2);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn demo_data_is_seeded_once() {
    let data = TempDir::new().unwrap();
    let storage = quorum_server::storage::SqliteStorage::open_dir(data.path()).unwrap();
    let root = quorum_server::root::ensure(&storage).unwrap();
    assert!(quorum_server::demo::seed_if_empty(&storage, root).unwrap());
    assert!(!quorum_server::demo::seed_if_empty(&storage, root).unwrap());
    assert_eq!(
        quorum_server::root::ensure(&storage).unwrap(),
        root,
        "the root id is kept"
    );
}

#[tokio::test]
async fn without_demo_the_root_index_exists_and_is_empty() {
    let server = TestServer::spawn().await;
    let root = root_document(&server).await;
    let client = Client::connect(&server.ws_url()).await;
    client.request(root);
    client
        .wait_until("the root index", |i| {
            i.document(root).is_some_and(|d| !d.get_heads().is_empty())
        })
        .await;
    let index = client.read(|i| model::read::<RootIndex>(i.document(root).unwrap()).unwrap());
    assert!(index.partnerships.is_empty());
}
