//! A node that keeps its documents in PostgreSQL (`--database-url`) syncs as one on SQLite
//! does: the core scenarios of `sync.rs` and `durability.rs` against the test cluster.

use automerge::{transaction::Transactable, ROOT};
use quorum_server::storage::SqliteStorage;
use tempfile::TempDir;

use crate::helpers::{
    postgres::{chunk_count, cut_connections, fresh_database, named},
    ChildServer, Client, TestServer,
};

#[tokio::test]
async fn two_clients_converge_through_a_node_on_postgres() {
    let Some(url) = fresh_database("converge").await else { return };
    let server = TestServer::spawn_configured(|c| c.database_url = Some(url.parse().unwrap())).await;
    let a = Client::connect(&server.ws_url()).await;
    let b = Client::connect(&server.ws_url()).await;
    let doc = a.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "name", "Leicester Safeguarding Children Board").unwrap();
        tx.commit();
    });
    a.wait_all_on_server().await;
    b.request(doc);
    b.wait_for_value(doc, "name", "Leicester Safeguarding Children Board").await;

    a.put(doc, "chair", "Independent Chair");
    b.put(doc, "frequency", "quarterly");
    a.wait_for_value(doc, "frequency", "quarterly").await;
    b.wait_for_value(doc, "chair", "Independent Chair").await;

    assert!(chunk_count(&url).await > 0, "the chunks are in PostgreSQL");
    let file = SqliteStorage::open_dir(&server.data_dir).unwrap();
    assert!(file.is_empty().unwrap(), "and none in the node's SQLite file");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_change_acknowledged_by_a_node_on_postgres_survives_kill_9_and_restart() {
    let Some(url) = fresh_database("kill9").await else { return };
    let data = TempDir::new().unwrap();
    let server = ChildServer::start_with(data.path(), &["--database-url", &url]);
    let client = Client::connect(&server.ws_url()).await;
    let doc = client.create_doc(|_| {});
    for i in 0..20 {
        client.put(doc, &format!("minute-{i}"), "agreed");
    }
    client.put(doc, "decision", "approved at the March meeting");
    client.wait_all_on_server().await;
    server.kill();
    drop(client);

    // Nothing of the document is in the node's own file: it comes back from PostgreSQL.
    assert!(SqliteStorage::open_dir(data.path()).unwrap().is_empty().unwrap(), "no chunks in the node's SQLite file");
    let server = ChildServer::start_with(data.path(), &["--database-url", &url]);
    let fresh = Client::connect(&server.ws_url()).await;
    fresh.request(doc);
    fresh.wait_for_value(doc, "decision", "approved at the March meeting").await;
    for i in 0..20 {
        assert_eq!(fresh.get(doc, &format!("minute-{i}")).as_deref(), Some("agreed"), "change {i} lost");
    }
}

#[tokio::test]
async fn a_node_connects_again_when_the_database_cuts_its_connections() {
    let Some(url) = fresh_database("cut").await else { return };
    let name = format!("quorum_cut_{}", std::process::id());
    let url = named(&url, &name);
    let data = TempDir::new().unwrap();
    let config = |c: &mut quorum_server::Config| c.database_url = Some(url.parse().unwrap());
    let server = TestServer::spawn_with_config(data.path(), false, config).await;
    let a = Client::connect(&server.ws_url()).await;
    let doc = a.create_doc(|_| {});
    a.put(doc, "before", "the cut");
    a.wait_all_on_server().await;

    let cut = cut_connections(&name).await;
    assert!(cut >= 3, "the hub's, the compactor's and the relay's connections at least: {cut}");
    // The hub's next commit finds its connection gone, connects again and commits: the
    // change is acknowledged, and the client was never disconnected.
    a.put(doc, "after", "the cut");
    a.wait_all_on_server().await;
    assert_eq!(a.read(|i| i.errors()), Vec::<String>::new(), "the client stayed connected");
    server.stop().await.unwrap();

    let server = TestServer::spawn_with_config(data.path(), false, config).await;
    let b = Client::connect(&server.ws_url()).await;
    b.request(doc);
    b.wait_for_value(doc, "after", "the cut").await;
    assert_eq!(b.get(doc, "before").as_deref(), Some("the cut"));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_demo_and_a_partnership_added_on_the_command_line_go_to_postgres() {
    let Some(url) = fresh_database("side_paths").await else { return };
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with_config(data.path(), true, |c| c.database_url = Some(url.parse().unwrap())).await;
    let seeded = chunk_count(&url).await;
    assert!(seeded > 0, "the demo's documents are in PostgreSQL");
    // The command line, on the same data directory and database, adds a partnership whose
    // document goes there too.
    let mut config = quorum_server::Config::new(data.path(), server.dist.path());
    config.database_url = Some(url.parse().unwrap());
    let command = quorum_server::config::Command::Partnership(quorum_server::config::PartnershipCommand::Add { name: "Rutland Safeguarding Partnership".into() });
    quorum_server::cli::run(&config, command, &mut std::io::empty()).unwrap();
    assert_eq!(chunk_count(&url).await, seeded + 1, "its document is in PostgreSQL");
    assert!(SqliteStorage::open_dir(data.path()).unwrap().is_empty().unwrap(), "no chunks in the node's SQLite file");
    server.stop().await.unwrap();
}
