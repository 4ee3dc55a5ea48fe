//! Document owners, grants and attribution.

use domain::DocumentId;
use rusqlite::params;

use super::{AuthStore, DocumentsError, PartnershipsError};
use crate::{
    auth::{AccountId, PartnershipId, Role, SqlRole},
    db::{Begin, SqlError, SqlRow},
};

/// Whether a claim on a document went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The document had no owner and now belongs to the partnership, or already did.
    Owned,
    /// Another partnership owns it.
    OwnedByOthers,
}

/// One attributed change: who delivered it first, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub change_hash: String,
    pub account: AccountId,
    pub name: String,
    pub at: i64,
}

impl AuthStore {
    /// Records `partnership` as an owner of `document` (idempotent).
    pub fn record_owner(&self, document: DocumentId, partnership: PartnershipId) -> Result<(), DocumentsError> {
        self.conn().execute(
            "INSERT INTO document_owners (document_id, partnership_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![document.to_string(), partnership],
        )?;
        Ok(())
    }

    /// Gives `partnership` the document when nobody owns it yet (atomically).
    pub fn claim(&self, document: DocumentId, partnership: PartnershipId) -> Result<Claim, DocumentsError> {
        let doc = document.to_string();
        self.conn().transaction(Begin::Immediate, |db| {
            let owners: Vec<PartnershipId> = db
                .query("SELECT partnership_id FROM document_owners WHERE document_id = ?1", &[&doc])?
                .iter()
                .map(|r| r.get(0))
                .collect::<Result<_, _>>()?;
            Ok(if owners.is_empty() {
                db.execute(
                    "INSERT INTO document_owners (document_id, partnership_id) VALUES (?1, ?2)",
                    params![doc, partnership],
                )?;
                Claim::Owned
            } else if owners.contains(&partnership) {
                Claim::Owned
            } else {
                Claim::OwnedByOthers
            })
        })
    }

    /// Gives one account a role on one document (`editor` or `viewer`).
    pub fn grant(&self, document: DocumentId, account: AccountId, role: Role) -> Result<(), DocumentsError> {
        let role = role.as_grant();
        self.conn().execute(
            "INSERT INTO document_grants (document_id, account_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT(document_id, account_id) DO UPDATE SET role = excluded.role",
            params![document.to_string(), account, SqlRole(role)],
        )?;
        Ok(())
    }

    /// The attributed changes of a document, with the people's names.
    pub fn attribution(&self, document: DocumentId) -> Result<Vec<Attribution>, DocumentsError> {
        let rows = self.conn().query(
            "SELECT t.change_hash, t.account_id, COALESCE(a.name, ''), t.at
             FROM attribution t LEFT JOIN accounts a ON a.id = t.account_id
             WHERE t.document_id = ?1",
            &[&document.to_string()],
        )?;
        let attributed = |r: &SqlRow| -> Result<Attribution, SqlError> {
            Ok(Attribution {
                change_hash: r.get(0)?,
                account: r.get(1)?,
                name: r.get(2)?,
                at: r.get(3)?,
            })
        };
        Ok(rows.iter().map(attributed).collect::<Result<_, _>>()?)
    }

    /// The name of a document's owning partnership's document, if it is a partnership
    /// document (used to name an invitation's document).
    pub fn partnership_by_document(&self, document: DocumentId) -> Result<Option<String>, PartnershipsError> {
        Ok(self
            .conn()
            .query_opt("SELECT name FROM partnerships WHERE document_id = ?1", &[&document.to_string()])?
            .map(|r| r.get(0))
            .transpose()?)
    }
}
