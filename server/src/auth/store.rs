//! The accounts and access-control tables, in the same SQLite file as the documents (see
//! `docs/access-control.md`). [`AuthStore`] owns its own connection to that file (WAL, so
//! it reads while the sync hub writes) and keeps every query in one place; the rest of the
//! server works with typed values and the [`Acl`] snapshot built by [`AuthStore::load_acl`].

mod accounts;
mod documents;
mod invitations;
mod sessions;

use std::{
    path::Path,
    sync::{Mutex, MutexGuard},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use anyhow::Context;
use domain::DocumentId;
use rusqlite::{params, Connection, OptionalExtension};

pub use accounts::{Account, AuditRow, Person};
pub use documents::{Attribution, Claim};
pub use invitations::{Invitation, NewInvitation};
pub use sessions::{SessionRecord, SessionSummary};

use super::{acl::Acl, AccountId, PartnershipId, Role};

/// The tables, created if missing. `acl_version` counts changes to what the [`Acl`] is
/// built from (kept by triggers), so a reader notices changes made by another process.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS partnerships (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    PRIMARY KEY (account_id, partnership_id)
);
CREATE INDEX IF NOT EXISTS memberships_by_partnership ON memberships(partnership_id);
CREATE TABLE IF NOT EXISTS document_owners (
    document_id TEXT NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, partnership_id)
);
CREATE TABLE IF NOT EXISTS document_grants (
    document_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    PRIMARY KEY (document_id, account_id)
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    document_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    email TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE IF NOT EXISTS password_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE IF NOT EXISTS attribution (
    change_hash TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attribution_by_document ON attribution(document_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    partnership_id TEXT,
    account_id TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_by_partnership ON audit(partnership_id, id);
CREATE TABLE IF NOT EXISTS acl_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT OR IGNORE INTO acl_version (id, version) VALUES (1, 0);
";

/// Tables whose changes alter the [`Acl`] or a session's life.
const WATCHED: &[&str] = &[
    "partnerships",
    "memberships",
    "document_owners",
    "document_grants",
    "api_tokens",
    "sessions",
    "accounts",
];

/// The auth tables on their own connection. Queries are short; callers may run them on
/// async threads.
#[derive(Debug)]
pub struct AuthStore {
    conn: Mutex<Connection>,
    path: std::path::PathBuf,
}

/// Now, in unix milliseconds (the unit of every stored time).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A duration in milliseconds, saturating.
pub(crate) fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl AuthStore {
    /// Opens the database in `data_dir` (the documents' file) and creates the tables.
    pub fn open_dir(data_dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating {}", data_dir.display()))?;
        Self::open(&data_dir.join(crate::storage::DATABASE_FILE))
    }

    /// Opens the database file at `path` and creates the tables.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        let mut schema = String::from("BEGIN IMMEDIATE;");
        schema.push_str(SCHEMA);
        for table in WATCHED {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                if *table == "sessions" && event == "UPDATE" {
                    continue; // touching a session is not an access change
                }
                schema.push_str(&format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_{ev}_acl AFTER {event} ON {table}
                     BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;",
                    ev = event.to_ascii_lowercase()
                ));
            }
        }
        schema.push_str("COMMIT;");
        conn.execute_batch(&schema).context("creating the auth tables")?;
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_owned(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// SQLite's `PRAGMA data_version` on this connection: changes whenever another
    /// connection (the sync hub, the CLI in another process) commits.
    pub fn data_version(&self) -> anyhow::Result<i64> {
        Ok(self.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The counter the triggers bump on every access-relevant change.
    pub fn acl_version(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT version FROM acl_version WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Everything the access decisions need, read in one transaction.
    pub fn load_acl(&self) -> anyhow::Result<Acl> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut acl = Acl::default();
        {
            let mut s = tx.prepare("SELECT id, name, document_id FROM partnerships")?;
            let rows = s.query_map([], |r| {
                Ok((r.get::<_, PartnershipId>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })?;
            for row in rows {
                let (id, name, doc) = row?;
                let doc: DocumentId = doc.parse().context("a partnership's document id")?;
                acl.add_partnership(id, name, doc);
            }
            let mut s = tx.prepare("SELECT account_id, partnership_id, role FROM memberships")?;
            for row in s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
                let (a, p, role) = row?;
                acl.set_role(a, p, role);
            }
            let mut s = tx.prepare("SELECT document_id, partnership_id FROM document_owners")?;
            for row in s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
                let (d, p) = row?;
                if let Ok(d) = d.parse() {
                    acl.add_owner(d, p);
                }
            }
            let mut s = tx.prepare("SELECT document_id, account_id, role FROM document_grants")?;
            for row in s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
                let (d, a, role) = row?;
                if let Ok(d) = d.parse() {
                    acl.grant(d, a, role);
                }
            }
            let mut s = tx.prepare("SELECT token_hash, account_id, partnership_id FROM api_tokens")?;
            for row in s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
                let (h, a, p) = row?;
                acl.add_token(h, a, p);
            }
        }
        tx.commit()?;
        Ok(acl)
    }

    /// A new partnership row for an existing partnership document; the document is
    /// recorded as owned by it.
    pub fn create_partnership(&self, name: &str, document: DocumentId) -> anyhow::Result<PartnershipId> {
        let id = PartnershipId::random();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO partnerships (id, name, document_id) VALUES (?1, ?2, ?3)",
            params![id, name, document.to_string()],
        )
        .with_context(|| format!("adding the partnership {name:?} (is the name taken?)"))?;
        tx.execute(
            "INSERT OR IGNORE INTO document_owners (document_id, partnership_id) VALUES (?1, ?2)",
            params![document.to_string(), id],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A partnership by its id or its exact name.
    pub fn find_partnership(&self, id_or_name: &str) -> anyhow::Result<Option<(PartnershipId, String, DocumentId)>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT id, name, document_id FROM partnerships WHERE id = ?1 OR name = ?2
                 ORDER BY (id = ?1) DESC LIMIT 1",
                params![
                    id_or_name.parse::<PartnershipId>().map(|p| p.to_string()).unwrap_or_default(),
                    id_or_name
                ],
                |r| Ok((r.get::<_, PartnershipId>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
            )
            .optional()?;
        row.map(|(id, name, doc)| Ok((id, name, doc.parse().context("a partnership's document id")?)))
            .transpose()
    }

    /// Whether any partnership exists (the demo seeds only into an empty store).
    pub fn has_partnerships(&self) -> anyhow::Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM partnerships)", [], |r| r.get(0))?)
    }

    /// Sets (or changes) an account's role in a partnership.
    pub fn set_role(&self, account: AccountId, partnership: PartnershipId, role: Role) -> anyhow::Result<()> {
        self.conn().execute(
            "INSERT INTO memberships (account_id, partnership_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT(account_id, partnership_id) DO UPDATE SET role = excluded.role",
            params![account, partnership, role],
        )?;
        Ok(())
    }

    /// A new API token row (by its hash) for `account` acting for `partnership`.
    pub fn add_api_token(&self, token_hash: &str, account: AccountId, partnership: PartnershipId) -> anyhow::Result<()> {
        self.conn().execute(
            "INSERT INTO api_tokens (token_hash, account_id, partnership_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, account, partnership, now_ms()],
        )?;
        Ok(())
    }

    /// Appends an audit row. `detail` must never hold a password or a secret.
    pub fn audit(
        &self,
        partnership: Option<PartnershipId>,
        account: Option<AccountId>,
        kind: &str,
        detail: &str,
    ) -> anyhow::Result<()> {
        self.conn().execute(
            "INSERT INTO audit (at, partnership_id, account_id, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now_ms(), partnership, account, kind, detail],
        )?;
        Ok(())
    }
}
