//! The server's one SQLite file and its schema. Every connection (the storage adapter's,
//! the accounts store's, the CLI's) is opened here: WAL with `synchronous=FULL` (a commit
//! that returned is on disk), foreign keys on, and the numbered [`MIGRATIONS`] applied
//! before anything else reads the file.
//!
//! A migration runs once: `schema_migrations` records each applied version, and all
//! pending migrations run in one `BEGIN IMMEDIATE` transaction, so two connections
//! opening the file at once (the server and the CLI) never apply one twice. Migrations 1
//! and 2 use `IF NOT EXISTS`, so a database from before numbered migrations (which has
//! their tables but no version table) is adopted without touching its rows.

mod auth_db;
mod error;
mod pg_sync;
mod pg_value;
mod pool;
mod pooled_db;
pub mod postgres;
mod sql_error;
mod sql_row;
#[cfg(test)]
mod tests;

use std::{path::Path, time::Duration};

use rusqlite::{params, Connection, TransactionBehavior};

pub use auth_db::{AuthDb, Begin};
pub use error::DbError;
pub use pg_sync::PgSync;
pub use pool::{DbPool, POSTGRES_CONNECTIONS};
pub use pooled_db::PooledDb;
pub use sql_error::SqlError;
pub use sql_row::SqlRow;

/// The file inside the data directory.
pub const DATABASE_FILE: &str = "quorum.sqlite3";

/// One schema change, applied once, in `version` order.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, oldest first. Append only: never edit one that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents",
        sql: include_str!("migrations/0001_documents.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("migrations/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "operators",
        sql: include_str!("migrations/0003_operators.sql"),
    },
    Migration {
        version: 4,
        name: "consultations",
        sql: include_str!("migrations/0004_consultations.sql"),
    },
    Migration {
        version: 5,
        name: "papers",
        sql: include_str!("migrations/0005_papers.sql"),
    },
    Migration {
        version: 6,
        name: "calendar feeds",
        sql: include_str!("migrations/0006_calendar_feeds.sql"),
    },
    Migration {
        version: 7,
        name: "token expiry",
        sql: include_str!("migrations/0007_token_expiry.sql"),
    },
    Migration {
        version: 8,
        name: "two-step verification",
        sql: include_str!("migrations/0008_two_step.sql"),
    },
    Migration {
        version: 9,
        name: "a sign-in is not an access change",
        sql: include_str!("migrations/0009_sign_in_is_not_an_access_change.sql"),
    },
];

/// The newest schema version this server knows.
pub fn latest_version() -> u32 {
    newest_version(MIGRATIONS)
}

/// The newest version in a list of migrations (SQLite's or PostgreSQL's).
pub(crate) fn newest_version(migrations: &[Migration]) -> u32 {
    migrations.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Opens (creating if needed) the database file at `path`, brought to the latest schema.
pub fn open(path: &Path) -> Result<Connection, DbError> {
    let open_error = |source| DbError::Open {
        path: path.to_owned(),
        source,
    };
    let mut conn = Connection::open(path).map_err(open_error)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(open_error)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(open_error)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(DbError::NotWal(mode));
    }
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        .map_err(open_error)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Opens (creating the directory and the file if needed) the database in `data_dir`.
pub fn open_dir(data_dir: &Path) -> Result<Connection, DbError> {
    std::fs::create_dir_all(data_dir).map_err(|source| DbError::CreateDir {
        path: data_dir.to_owned(),
        source,
    })?;
    open(&data_dir.join(DATABASE_FILE))
}

/// Applies the migrations `conn`'s file has not had yet; returns their versions.
pub fn migrate(conn: &mut Connection) -> Result<Vec<u32>, DbError> {
    migrate_with(conn, MIGRATIONS)
}

/// Applies every migration of `migrations` (in version order) whose version the file has not
/// recorded, even one numbered below the newest applied (e.g. a migration that arrived from
/// another branch after a later one had been applied), in one transaction.
fn migrate_with(conn: &mut Connection, migrations: &[Migration]) -> Result<Vec<u32>, DbError> {
    let known = migrations.iter().map(|m| m.version).max().unwrap_or(0);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY NOT NULL,
             name TEXT NOT NULL,
             applied_at INTEGER NOT NULL
         );",
    )?;
    let done: std::collections::BTreeSet<u32> = {
        let mut s = tx.prepare("SELECT version FROM schema_migrations")?;
        let rows = s.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if let Some(&found) = done.last().filter(|v| **v > known) {
        return Err(DbError::TooNew { found, known });
    }
    let mut todo: Vec<&Migration> = migrations.iter().filter(|m| !done.contains(&m.version)).collect();
    todo.sort_by_key(|m| m.version);
    let mut applied = Vec::new();
    for m in todo {
        tx.execute_batch(m.sql).map_err(|source| DbError::Migration {
            version: m.version,
            name: m.name,
            source,
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![m.version, m.name, unix_ms()],
        )?;
        applied.push(m.version);
    }
    tx.commit()?;
    if !applied.is_empty() {
        tracing::info!(?applied, "database migrated");
    }
    Ok(applied)
}

/// The versions recorded in `schema_migrations`, oldest first.
pub fn applied_versions(conn: &Connection) -> Result<Vec<u32>, DbError> {
    let mut s = conn.prepare("SELECT version FROM schema_migrations ORDER BY version")?;
    let rows = s.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
