//! Which tables an archive carries, in an order that respects their foreign keys, and
//! which it deliberately leaves behind; reading a table's columns and counting its rows on
//! either engine.

use crate::db::{AuthDb, SqlError};

/// A carried table: its name and the columns of its primary key (rows are read a page at
/// a time in that key's order), and how many rows a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub key: &'static [&'static str],
    pub page: usize,
}

const fn table(name: &'static str, key: &'static [&'static str]) -> Table {
    Table { name, key, page: 500 }
}

/// Every table an archive carries, parents before children.
pub const CARRIED: &[Table] = &[
    table("partnerships", &["id"]),
    table("accounts", &["id"]),
    table("memberships", &["account_id", "partnership_id"]),
    table("document_owners", &["document_id", "partnership_id"]),
    table("document_grants", &["document_id", "account_id"]),
    table("sessions", &["token_hash"]),
    table("api_tokens", &["token_hash"]),
    table("invitations", &["token_hash"]),
    table("password_links", &["token_hash"]),
    table("attribution", &["change_hash"]),
    table("audit", &["id"]),
    table("operators", &["account_id"]),
    table("consultations", &["document_id"]),
    table("consultees", &["document_id", "account_id"]),
    // Papers' bytes (up to 25 MiB each): one row at a time.
    Table { name: "blobs", key: &["hash"], page: 1 },
    table("papers", &["document", "hash"]),
    table("calendar_feeds", &["id"]),
    table("two_step", &["account_id"]),
    table("recovery_codes", &["account_id", "code_hash"]),
    table("pending_sign_ins", &["token_hash"]),
];

/// Tables left behind on purpose: each engine's own migrations record, the node's identity
/// (`meta`), the access counter (every node reloads at start), and sign-in attempts and
/// refusals (a few minutes' limits, and which refusal or denied request of a window was
/// audited). `chunks` is carried, through the storage port, as documents.
pub const NOT_CARRIED: &[&str] = &["schema_migrations", "meta", "acl_version", "sign_in_attempts", "sign_in_refusals", "chunks"];

/// The carried table named `name`.
pub(super) fn carried(name: &str) -> Option<&'static Table> {
    CARRIED.iter().find(|t| t.name == name)
}

/// The tables of the database, by name.
fn table_names(db: &mut AuthDb) -> Result<Vec<String>, SqlError> {
    let sql = match db {
        AuthDb::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
        AuthDb::Postgres(_) => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    db.query(sql, &[])?.iter().map(|r| r.get(0)).collect()
}

/// The database's tables that are neither carried nor deliberately left behind: a
/// migration added a table and the exporter was not told (an export refuses to run).
pub fn unknown_tables(db: &mut AuthDb) -> Result<Vec<String>, SqlError> {
    Ok(table_names(db)?
        .into_iter()
        .filter(|name| carried(name).is_none() && !NOT_CARRIED.contains(&name.as_str()))
        .collect())
}

/// The columns of `table`, in the database's order.
pub fn columns(db: &mut AuthDb, table: &str) -> Result<Vec<String>, SqlError> {
    let sql = match db {
        AuthDb::Sqlite(_) => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        AuthDb::Postgres(_) => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = CAST(?1 AS TEXT) ORDER BY ordinal_position"
        }
    };
    db.query(sql, &[&table])?.iter().map(|r| r.get(0)).collect()
}

/// How many rows each carried table holds, in [`CARRIED`] order.
pub fn row_counts(db: &mut AuthDb) -> Result<Vec<(&'static str, u64)>, SqlError> {
    CARRIED
        .iter()
        .map(|t| {
            let n: i64 = db.query_one(&format!("SELECT COUNT(*) FROM {}", t.name), &[])?.get(0)?;
            Ok((t.name, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

/// The carried tables that hold any row.
pub(super) fn non_empty(db: &mut AuthDb) -> Result<Vec<&'static str>, SqlError> {
    let mut out = Vec::new();
    for t in CARRIED {
        let any: bool = db.query_one(&format!("SELECT EXISTS (SELECT 1 FROM {})", t.name), &[])?.get(0)?;
        if any {
            out.push(t.name);
        }
    }
    Ok(out)
}
