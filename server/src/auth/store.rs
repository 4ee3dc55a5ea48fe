//! The accounts and access-control tables (see `docs/access-control.md`; the schema and its
//! migrations are [`crate::db`]'s): in the node's SQLite file, or, given a PostgreSQL URL, in
//! that database, shared by every node. [`AuthStore`] owns its own connection ([`AuthDb`]:
//! on SQLite WAL, so it reads while the sync hub writes; on PostgreSQL a small pool of them,
//! [`DbPool`]) and keeps every query in one place, written once for both engines; the rest
//! of the server works with typed values and the [`Acl`] snapshot built by
//! [`AuthStore::load_acl`].

mod accounts;
mod consultations;
mod documents;
mod error;
mod invitations;
mod operators;
mod sessions;
mod sign_in_attempts;
mod sign_in_refusals;
mod two_step;

use std::path::Path;


use crate::{
    clock::Clock,
    db::{AuthDb, Begin, DbPool, PooledDb, SqlError},
    storage::DatabaseUrl,
};
use domain::DocumentId;
use rusqlite::params;

pub use accounts::{Account, AuditRow, Person};
pub use error::{
    AccountsError, AclError, AuditError, ConsultationsError, DocumentsError, InvitationsError, OpenError, PartnershipsError, SessionsError, TwoStepError,
};
pub use two_step::{KeyRefused, TwoStepRecord};
pub use consultations::{ConsultationRecord, ConsulteeRecord, NewConsultation, Opened};
pub use documents::{Attribution, Claim};
pub use invitations::{Invitation, NewInvitation};
pub use operators::{HostedPartnership, DIRECTORY_LIMIT};
pub use sessions::{SessionRecord, SessionSummary};

use super::{acl::Acl, AccountId, PartnershipId, Role, SqlRole};

/// How long an API token works unless its creator says otherwise (`token create --days`).
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
/// The longest a token may work: a machine client's credential is renewed at least yearly.
pub const MAX_TOKEN_DAYS: u32 = 365;

/// One API token as the CLI lists it (never its secret or hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    pub id: String,
    pub email: String,
    pub partnership: String,
    pub partnership_id: PartnershipId,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub expires_at: i64,
}

/// A random id for a token row (not a secret: it only names the row).
fn rand_u64() -> u64 {
    let mut b = [0u8; 8];
    // An id collision fails the insert (the column is unique); randomness failing is fatal
    // elsewhere first.
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b)
}

/// The auth tables on their own connection. Queries are short; callers may run them on
/// async threads. Every time it stores or compares (sessions, links, invitations, audit
/// rows) comes from its [`Clock`].
#[derive(Debug)]
pub struct AuthStore {
    /// One connection on SQLite, a few on PostgreSQL.
    conn: DbPool,
    path: std::path::PathBuf,
    clock: Clock,
    /// Seals and opens the TOTP secrets (none: they can be neither stored nor read).
    secrets_key: Option<super::SecretsKey>,
}

pub(crate) use crate::clock::ms;

impl AuthStore {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self, OpenError> {
        Ok(Self::from_connection(crate::db::open_dir(data_dir)?, &data_dir.join(crate::db::DATABASE_FILE)))
    }

    /// Opens (creating and migrating if needed, see [`crate::db`]) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        Ok(Self::from_connection(crate::db::open(path)?, path))
    }

    /// The store in the PostgreSQL database at `url` when given (brought to the latest
    /// schema), else in the SQLite file in `data_dir`.
    pub fn open_for(data_dir: &Path, url: Option<&DatabaseUrl>) -> Result<Self, OpenError> {
        match url {
            None => Self::open_dir(data_dir),
            Some(url) => Ok(Self::from_pool(
                DbPool::postgres(url.as_str()).map_err(OpenError::Postgres)?,
                &data_dir.join(crate::db::DATABASE_FILE),
            )),
        }
    }

    fn from_connection(conn: rusqlite::Connection, path: &Path) -> Self {
        Self::from_pool(DbPool::one(AuthDb::Sqlite(conn)), path)
    }

    fn from_pool(conn: DbPool, path: &Path) -> Self {
        Self {
            conn,
            path: path.to_owned(),
            clock: Clock::system(),
            secrets_key: None,
        }
    }

    /// The same store, reading the time from `clock` (tests pass a manual one).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Now, in unix milliseconds, by the store's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The node's SQLite file (where the store is unless it is on PostgreSQL).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the store is on PostgreSQL (shared by every node).
    pub fn is_shared(&self) -> bool {
        matches!(*self.conn(), AuthDb::Postgres(_))
    }

    pub(crate) fn conn(&self) -> PooledDb<'_> {
        self.conn.get()
    }

    /// SQLite's `PRAGMA data_version` on this connection: changes whenever another
    /// connection (the sync hub, the CLI in another process) commits (0 on PostgreSQL).
    pub fn data_version(&self) -> Result<i64, AclError> {
        Ok(self.conn().data_version()?)
    }

    /// The counter the triggers bump on every access-relevant change.
    pub fn acl_version(&self) -> Result<i64, AclError> {
        Ok(self.conn().query_one("SELECT version FROM acl_version WHERE id = 1", &[])?.get(0)?)
    }

    /// Everything the access decisions need, read in one transaction.
    pub fn load_acl(&self) -> Result<Acl, AclError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Snapshot, |db| {
            let mut acl = Acl::default();
            for r in db.query("SELECT id, name, document_id FROM partnerships", &[])? {
                let doc: String = r.get(2)?;
                let doc: DocumentId = doc.parse().map_err(|_| AclError::BadDocumentId(doc))?;
                acl.add_partnership(r.get(0)?, r.get(1)?, doc);
            }
            for r in db.query("SELECT account_id, partnership_id, role FROM memberships", &[])? {
                acl.set_role(r.get(0)?, r.get(1)?, r.get::<SqlRole>(2)?.0);
            }
            for r in db.query("SELECT document_id, partnership_id FROM document_owners", &[])? {
                if let Ok(d) = r.get::<String>(0)?.parse() {
                    acl.add_owner(d, r.get(1)?);
                }
            }
            for r in db.query("SELECT document_id, account_id, role FROM document_grants", &[])? {
                if let Ok(d) = r.get::<String>(0)?.parse() {
                    acl.grant(d, r.get(1)?, r.get::<SqlRole>(2)?.0);
                }
            }
            // Consultations still open now give their consultees a viewer grant on the
            // document and an editor grant on its comments, until they close.
            for g in Self::open_consultation_grants(db, now)? {
                acl.grant_until(g.document, g.account, Role::Viewer, g.expires_at);
                acl.grant_until(g.comments, g.account, Role::Editor, g.expires_at);
            }
            let tokens = db.query(
                "SELECT token_hash, account_id, partnership_id, expires_at FROM api_tokens WHERE expires_at > ?1",
                &[&now],
            )?;
            for r in tokens {
                acl.add_token_until(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            }
            Ok(acl)
        })
    }

    /// A new partnership row for an existing partnership document; the document is
    /// recorded as owned by it.
    pub fn create_partnership(&self, name: &str, document: DocumentId) -> Result<PartnershipId, PartnershipsError> {
        let id = PartnershipId::random();
        self.conn().transaction(Begin::Deferred, |db| {
            db.execute(
                "INSERT INTO partnerships (id, name, document_id) VALUES (?1, ?2, ?3)",
                params![id, name, document.to_string()],
            )
            .map_err(|e| if e.is_unique_violation() { PartnershipsError::NameTaken(name.to_owned()) } else { PartnershipsError::Db(e) })?;
            db.execute(
                "INSERT INTO document_owners (document_id, partnership_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![document.to_string(), id],
            )?;
            Ok(id)
        })
    }

    /// A partnership by its id or its exact name.
    pub fn find_partnership(&self, id_or_name: &str) -> Result<Option<(PartnershipId, String, DocumentId)>, PartnershipsError> {
        let row = self.conn().query_opt(
            "SELECT id, name, document_id FROM partnerships WHERE id = ?1 OR name = ?2
             ORDER BY (id = ?1) DESC LIMIT 1",
            params![
                id_or_name.parse::<PartnershipId>().map(|p| p.to_string()).unwrap_or_default(),
                id_or_name
            ],
        )?;
        row.map(|r| {
            let doc: String = r.get(2)?;
            let parsed = doc.parse().map_err(|_| PartnershipsError::BadDocumentId(doc))?;
            Ok((r.get(0)?, r.get(1)?, parsed))
        })
            .transpose()
    }

    /// Whether any partnership exists (the demo seeds only into an empty store).
    pub fn has_partnerships(&self) -> Result<bool, PartnershipsError> {
        Ok(self.conn().query_one("SELECT EXISTS (SELECT 1 FROM partnerships)", &[])?.get(0)?)
    }

    /// Sets (or changes) an account's role in a partnership.
    pub fn set_role(&self, account: AccountId, partnership: PartnershipId, role: Role) -> Result<(), PartnershipsError> {
        self.conn().execute(
            "INSERT INTO memberships (account_id, partnership_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT(account_id, partnership_id) DO UPDATE SET role = excluded.role",
            params![account, partnership, SqlRole(role)],
        )?;
        Ok(())
    }

    /// A new API token row (by its hash) for `account` acting for `partnership`.
    /// A token for `account` in `partnership`, working for [`DEFAULT_TOKEN_DAYS`]; returns
    /// its id (for listing and revoking).
    pub fn add_api_token(&self, token_hash: &str, account: AccountId, partnership: PartnershipId) -> Result<String, AccountsError> {
        self.add_api_token_for(token_hash, account, partnership, DEFAULT_TOKEN_DAYS)
    }

    /// A token that works for `days` days from now; returns its id.
    pub fn add_api_token_for(&self, token_hash: &str, account: AccountId, partnership: PartnershipId, days: u32) -> Result<String, AccountsError> {
        let now = self.now_ms();
        let id = format!("{:016x}", rand_u64());
        self.conn().execute(
            "INSERT INTO api_tokens (token_hash, account_id, partnership_id, created_at, expires_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token_hash, account, partnership, now, now + i64::from(days) * 86_400_000, id],
        )?;
        Ok(id)
    }

    /// Every token (live or ended), newest first: id, account email, partnership name,
    /// created and expiry times (unix ms).
    pub fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, AccountsError> {
        let rows = self.conn().query(
            "SELECT t.id, a.email, p.name, t.created_at, t.expires_at, t.partnership_id
             FROM api_tokens t JOIN accounts a ON a.id = t.account_id JOIN partnerships p ON p.id = t.partnership_id
             ORDER BY t.created_at DESC",
            &[],
        )?;
        let token = |r: &crate::db::SqlRow| -> Result<ApiTokenRow, SqlError> {
            Ok(ApiTokenRow { id: r.get(0)?, email: r.get(1)?, partnership: r.get(2)?, created_at: r.get(3)?, expires_at: r.get(4)?, partnership_id: r.get(5)? })
        };
        Ok(rows.iter().map(token).collect::<Result<_, _>>()?)
    }

    /// Deletes a token by id (its sockets close at the next re-check); whether it existed.
    pub fn revoke_api_token(&self, id: &str) -> Result<Option<ApiTokenRow>, AccountsError> {
        let row = self.api_tokens()?.into_iter().find(|t| t.id == id);
        if row.is_some() {
            self.conn().execute("DELETE FROM api_tokens WHERE id = ?1", &[&id])?;
        }
        Ok(row)
    }

    /// Appends an audit row. `detail` must never hold a password or a secret.
    pub fn audit(
        &self,
        partnership: Option<PartnershipId>,
        account: Option<AccountId>,
        kind: &str,
        detail: &str,
    ) -> Result<(), AuditError> {
        self.conn().execute(
            "INSERT INTO audit (at, partnership_id, account_id, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.now_ms(), partnership, account, kind, detail],
        )?;
        Ok(())
    }
}
