use domain::storage::{conformance, Storage, StoreOp};
use quorum_server::storage::SqliteStorage;
use tempfile::TempDir;

#[tokio::test]
async fn sqlite_storage_passes_the_conformance_suite() {
    let dir = TempDir::new().unwrap();
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    conformance::run(&storage).await;
}

#[tokio::test]
async fn committed_data_survives_reopening_the_file() {
    let dir = TempDir::new().unwrap();
    let key = "doc/incremental/abc".parse().unwrap();
    {
        let storage = SqliteStorage::open_dir(dir.path()).unwrap();
        storage
            .commit(vec![StoreOp::Put(key, vec![1, 2, 3])])
            .await
            .unwrap();
        storage.apply(&[], &[("answer", "42")]).unwrap();
    }
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    let got = storage.load_range(&"doc".parse().unwrap()).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, vec![1, 2, 3]);
    assert_eq!(storage.meta("answer").unwrap().as_deref(), Some("42"));
}

#[tokio::test]
async fn ranges_come_back_in_component_order_not_string_order() {
    let dir = TempDir::new().unwrap();
    let storage = SqliteStorage::open_dir(dir.path()).unwrap();
    // By string "p/a-c" < "p/a/b" ('-' < '/'); by component "a" < "a-c".
    let ops = ["p/a-c", "p/a/b", "p"]
        .iter()
        .map(|k| StoreOp::Put(k.parse().unwrap(), vec![]))
        .collect();
    storage.commit(ops).await.unwrap();
    let keys: Vec<String> = storage
        .load_range(&"p".parse().unwrap())
        .await
        .unwrap()
        .iter()
        .map(|(k, _)| k.to_string())
        .collect();
    assert_eq!(keys, ["p", "p/a/b", "p/a-c"]);
}

#[test]
fn the_database_file_is_in_wal_mode() {
    let dir = TempDir::new().unwrap();
    drop(SqliteStorage::open_dir(dir.path()).unwrap());
    // WAL is a property of the file: a plain connection sees it.
    let conn =
        rusqlite::Connection::open(dir.path().join(quorum_server::storage::DATABASE_FILE)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}
