use rusqlite::{params, Connection};

use super::*;

/// The schema servers wrote before numbered migrations existed.
const BEFORE_MIGRATIONS: &str = include_str!("fixtures/before_migrations.sql");

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Every known migration's version, oldest first.
fn all_versions() -> Vec<u32> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

fn acl_version(conn: &Connection) -> i64 {
    conn.query_row("SELECT version FROM acl_version WHERE id = 1", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_file_gets_every_migration_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut conn = open_dir(dir.path()).unwrap();
    assert_eq!(applied_versions(&conn).unwrap(), all_versions());
    assert_eq!(migrate(&mut conn).unwrap(), Vec::<u32>::new(), "nothing left to apply");
    drop(conn);
    let conn = open_dir(dir.path()).unwrap();
    assert_eq!(applied_versions(&conn).unwrap(), all_versions(), "reopening applies nothing");
    assert_eq!(count(&conn, "chunks"), 0);
    assert_eq!(acl_version(&conn), 0);
}

#[test]
fn a_database_from_before_migrations_is_adopted_without_losing_rows() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let old = Connection::open(&path).unwrap();
        old.execute_batch("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;").unwrap();
        old.execute_batch(BEFORE_MIGRATIONS).unwrap();
        old.execute("INSERT INTO chunks (key, value) VALUES ('doc/1/snapshot/a', x'0102')", [])
            .unwrap();
        old.execute("INSERT INTO meta (key, value) VALUES ('peer_id', 'server-1')", [])
            .unwrap();
        old.execute("INSERT INTO partnerships (id, name, document_id) VALUES ('p1', 'P', 'd1')", [])
            .unwrap();
        old.execute(
            "INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES ('a1', 'a@example.org', 'A', NULL, 1)",
            [],
        )
        .unwrap();
        old.execute(
            "INSERT INTO memberships (account_id, partnership_id, role) VALUES ('a1', 'p1', 'admin')",
            [],
        )
        .unwrap();
        old.execute(
            "INSERT INTO attribution (change_hash, document_id, account_id, at) VALUES ('h', 'd1', 'a1', 2)",
            [],
        )
        .unwrap();
        old.execute(
            "INSERT INTO audit (at, partnership_id, account_id, kind, detail) VALUES (3, 'p1', 'a1', 'sign-in', '')",
            [],
        )
        .unwrap();
        assert_eq!(acl_version(&old), 3, "the old triggers counted three access changes");
    }

    let conn = open(&path).unwrap();
    assert_eq!(applied_versions(&conn).unwrap(), all_versions());
    for (table, rows) in [
        ("chunks", 1),
        ("meta", 1),
        ("partnerships", 1),
        ("accounts", 1),
        ("memberships", 1),
        ("attribution", 1),
        ("audit", 1),
    ] {
        assert_eq!(count(&conn, table), rows, "{table} kept its rows");
    }
    let value: Vec<u8> = conn
        .query_row("SELECT value FROM chunks WHERE key = 'doc/1/snapshot/a'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(value, vec![1, 2]);
    assert_eq!(acl_version(&conn), 3, "the counter is not reset");
    conn.execute(
        "UPDATE memberships SET role = 'viewer' WHERE account_id = ?1",
        params!["a1"],
    )
    .unwrap();
    assert_eq!(acl_version(&conn), 4, "the triggers still count");
    drop(conn);
    let conn = open(&path).unwrap();
    assert_eq!(applied_versions(&conn).unwrap(), all_versions(), "migrated once");
}

#[test]
fn a_database_newer_than_the_server_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let conn = open_dir(dir.path()).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', 0)",
        [latest_version() + 1],
    )
    .unwrap();
    drop(conn);
    assert!(matches!(
        open_dir(dir.path()),
        Err(DbError::TooNew { found, known }) if found == latest_version() + 1 && known == latest_version()
    ));
}

#[test]
fn a_missing_version_below_the_newest_is_still_applied() {
    const M1: Migration = Migration { version: 1, name: "one", sql: "CREATE TABLE one (x INTEGER);" };
    const M2: Migration = Migration { version: 2, name: "two", sql: "CREATE TABLE two (x INTEGER);" };
    const M3: Migration = Migration { version: 3, name: "three", sql: "CREATE TABLE three (x INTEGER);" };
    let mut conn = Connection::open_in_memory().unwrap();
    assert_eq!(migrate_with(&mut conn, &[M1, M3]).unwrap(), vec![1, 3]);
    assert_eq!(migrate_with(&mut conn, &[M1, M2, M3]).unwrap(), vec![2], "2 arrived after 3 was applied");
    assert_eq!(count(&conn, "two"), 0, "its table exists");
    assert_eq!(migrate_with(&mut conn, &[M1, M2, M3]).unwrap(), Vec::<u32>::new());
    let bad = Migration { version: 4, name: "bad", sql: "CREATE TABLE one (x INTEGER);" };
    assert!(matches!(migrate_with(&mut conn, &[M1, M2, M3, bad]), Err(DbError::Migration { version: 4, .. })));
    assert_eq!(applied_versions(&conn).unwrap(), vec![1, 2, 3], "a failed migration records nothing");
}
