//! The PostgreSQL schema, for several `quorum-server` nodes sharing one database (issue
//! "Outgrow one machine"). Its own numbered migrations (the dialects differ), recorded in
//! `schema_migrations` and applied at start under an advisory lock, so nodes starting
//! together never apply one twice.

use tokio_postgres::Client;

use super::Migration;

/// The PostgreSQL migrations, in order: documents (the storage port), the accounts store
/// (everything SQLite's migrations 2 to 4, 7 and 8 hold, in PostgreSQL's dialect), then
/// papers' blobs and calendar feeds (SQLite's 5 and 6), then SQLite's 9, then the shared
/// record of sign-in refusals (PostgreSQL's own: SQLite keeps it in memory).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents",
        sql: include_str!("postgres/0001_documents.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("postgres/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "papers and calendar feeds",
        sql: include_str!("postgres/0003_papers_and_feeds.sql"),
    },
    Migration {
        version: 4,
        name: "a sign-in is not an access change",
        sql: include_str!("postgres/0004_sign_in_is_not_an_access_change.sql"),
    },
    Migration {
        version: 5,
        name: "sign-in refusals",
        sql: include_str!("postgres/0005_sign_in_refusals.sql"),
    },
];

/// The newest PostgreSQL schema version this server knows.
pub fn latest_version() -> u32 {
    super::newest_version(MIGRATIONS)
}

/// The `LISTEN`/`NOTIFY` channel the accounts tables' triggers notify when what access is
/// built from changes (see `postgres/0002_accounts.sql` and `sync::relay`).
pub const ACCESS_CHANNEL: &str = "quorum_access";

/// A key for `pg_advisory_xact_lock` that only Quorum's migrations take.
const MIGRATION_LOCK: i64 = 0x5155_4f52_554d_0001;

/// Applies every migration the database has not recorded, in one transaction.
pub async fn migrate(client: &mut Client) -> Result<Vec<u32>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY NOT NULL,
             name TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let applied: Vec<i32> = tx.query("SELECT version FROM schema_migrations", &[]).await?.iter().map(|r| r.get(0)).collect();
    let mut ran = Vec::new();
    for m in MIGRATIONS {
        let version = i32::try_from(m.version).unwrap_or(i32::MAX);
        if applied.contains(&version) {
            continue;
        }
        tx.batch_execute(m.sql).await?;
        tx.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", &[&version, &m.name]).await?;
        ran.push(m.version);
    }
    tx.commit().await?;
    Ok(ran)
}
