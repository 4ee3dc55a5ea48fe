//! The storage port on PostgreSQL passes the same conformance suite as memory, SQLite and
//! IndexedDB, against a real cluster: `scripts/test.sh` starts a throw-away one
//! (`scripts/postgres.sh`) and sets `QUORUM_TEST_DATABASE_URL`. Without it these tests say so
//! and do nothing (a plain `cargo test` on a machine without PostgreSQL).

use domain::storage::{conformance, Storage, StoreOp};
use quorum_server::storage::PgStorage;

/// A fresh schema for one test: each test connects with `search_path` set to its own
/// schema, so tests sharing the cluster never see each other's rows.
async fn storage(test: &str) -> Option<PgStorage> {
    let Ok(url) = std::env::var("QUORUM_TEST_DATABASE_URL") else {
        eprintln!("QUORUM_TEST_DATABASE_URL is not set: skipping {test} (scripts/test.sh sets it)");
        return None;
    };
    let schema = format!("t_{test}_{}", std::process::id());
    let (admin, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.expect("connect to the test cluster");
    tokio::spawn(conn);
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).await.unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    Some(PgStorage::connect(&url).await.expect("PgStorage::connect"))
}

#[tokio::test]
async fn postgres_storage_passes_the_conformance_suite() {
    let Some(storage) = storage("conformance").await else { return };
    conformance::run(&storage).await;
}

#[tokio::test]
async fn ranges_come_back_in_component_order_and_reconnecting_keeps_everything() {
    let Some(storage) = storage("ranges").await else { return };
    let ops = ["p/a-c", "p/a/b", "p", "q/x"].iter().map(|k| StoreOp::Put(k.parse().unwrap(), k.as_bytes().to_vec())).collect();
    storage.commit(ops).await.unwrap();
    let keys: Vec<String> = storage.load_range(&"p".parse().unwrap()).await.unwrap().iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(keys, ["p", "p/a/b", "p/a-c"]);
    drop(storage);
    // A second node (a new connection) sees every committed chunk.
    let url = std::env::var("QUORUM_TEST_DATABASE_URL").unwrap();
    let schema = format!("t_ranges_{}", std::process::id());
    let sep = if url.contains('?') { '&' } else { '?' };
    let again = PgStorage::connect(&format!("{url}{sep}options=-c%20search_path%3D{schema}")).await.unwrap();
    assert_eq!(again.load(&"q/x".parse().unwrap()).await.unwrap().as_deref(), Some(&b"q/x"[..]));
}

#[tokio::test]
async fn nodes_starting_together_apply_each_migration_once() {
    let Some(first) = storage("migrate").await else { return };
    drop(first);
    let url = std::env::var("QUORUM_TEST_DATABASE_URL").unwrap();
    let schema = format!("t_migrate_{}", std::process::id());
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let nodes = futures::future::join_all((0..4).map(|_| PgStorage::connect(&url))).await;
    assert!(nodes.iter().all(Result::is_ok), "every node starts");
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);
    let rows = client.query("SELECT version FROM schema_migrations", &[]).await.unwrap();
    assert_eq!(rows.len(), quorum_server::db::postgres::MIGRATIONS.len(), "each recorded once");
}

#[tokio::test]
async fn keys_list_without_values_and_get_many_reads_only_those_still_stored() {
    let Some(storage) = storage("keys").await else { return };
    let ops = ["d/1/a", "d/1/b", "d/10/a", "d/1-x"].iter().map(|k| StoreOp::Put(k.parse().unwrap(), k.as_bytes().to_vec())).collect();
    storage.commit(ops).await.unwrap();
    let keys: Vec<String> = storage.keys(&"d/1".parse().unwrap()).await.unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(keys, ["d/1/a", "d/1/b"]);
    let wanted: Vec<_> = ["d/1/b", "d/1/gone", "d/10/a"].iter().map(|k| k.parse().unwrap()).collect();
    let got: Vec<(String, Vec<u8>)> = storage.get_many(&wanted).await.unwrap().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    assert_eq!(got, [("d/1/b".to_owned(), b"d/1/b".to_vec()), ("d/10/a".to_owned(), b"d/10/a".to_vec())]);
}
