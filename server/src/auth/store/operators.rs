//! Operators (accounts that may start partnerships from the app) and the directory of the
//! partnerships this server hosts (names only, for sharing a group with another one).

use domain::DocumentId;
use rusqlite::params;

use super::{AccountsError, AuthStore, PartnershipsError};
use crate::auth::{AccountId, PartnershipId};

/// A hosted partnership as the directory lists it: no people, no roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedPartnership {
    pub id: PartnershipId,
    pub name: String,
    pub document: DocumentId,
}

/// At most this many partnerships in one directory answer.
pub const DIRECTORY_LIMIT: u32 = 50;

impl AuthStore {
    pub fn is_operator(&self, account: AccountId) -> Result<bool, AccountsError> {
        Ok(self
            .conn()
            .query_one("SELECT EXISTS (SELECT 1 FROM operators WHERE account_id = ?1)", &[&account])?
            .get(0)?)
    }

    /// Makes the account an operator; returns whether it was not one before.
    pub fn grant_operator(&self, account: AccountId) -> Result<bool, AccountsError> {
        Ok(self.conn().execute(
            "INSERT INTO operators (account_id, granted_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![account, self.clock().now_ms()],
        )? > 0)
    }

    /// Takes the operator role away; returns whether the account had it.
    pub fn revoke_operator(&self, account: AccountId) -> Result<bool, AccountsError> {
        Ok(self
            .conn()
            .execute("DELETE FROM operators WHERE account_id = ?1", &[&account])?
            > 0)
    }

    /// The hosted partnerships whose name contains `query` (any case), by name; at most
    /// [`DIRECTORY_LIMIT`].
    pub fn partnership_directory(&self, query: &str) -> Result<Vec<HostedPartnership>, PartnershipsError> {
        let pattern = format!(
            "%{}%",
            query.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        );
        // `lower` on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        let rows = self.conn().query(
            "SELECT id, name, document_id FROM partnerships WHERE lower(name) LIKE lower(?1) ESCAPE '\\'
             ORDER BY lower(name), name LIMIT CAST(?2 AS BIGINT)",
            params![pattern, DIRECTORY_LIMIT],
        )?;
        let mut out = Vec::new();
        for r in &rows {
            let (id, name, doc): (PartnershipId, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Ok(document) = doc.parse() {
                out.push(HostedPartnership { id, name, document });
            }
        }
        Ok(out)
    }
}
