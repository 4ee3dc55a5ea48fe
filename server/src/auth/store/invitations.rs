//! Invitations: single use, expiring, to a partnership role or a grant on one document.

use domain::DocumentId;
use rusqlite::params;

use super::{AuthStore, InvitationsError};
use crate::{
    auth::{AccountId, PartnershipId, Role, SqlRole},
    db::{Begin, SqlError, SqlRow},
};

/// What an admin asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub partnership: PartnershipId,
    /// A grant on this one document instead of a partnership role.
    pub document: Option<DocumentId>,
    pub role: Role,
    pub email: String,
    pub created_by: AccountId,
    pub expires_at: i64,
}

/// An invitation that can still be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub partnership: PartnershipId,
    pub partnership_name: String,
    pub document: Option<DocumentId>,
    pub role: Role,
    pub email: String,
    pub expires_at: i64,
}

fn invitation(r: &SqlRow) -> Result<Invitation, SqlError> {
    let document: Option<String> = r.get(2)?;
    Ok(Invitation {
        partnership: r.get(0)?,
        partnership_name: r.get(1)?,
        document: document.and_then(|d| d.parse().ok()),
        role: r.get::<SqlRole>(3)?.0,
        email: r.get(4)?,
        expires_at: r.get(5)?,
    })
}

impl AuthStore {
    pub fn create_invitation(&self, token_hash: &str, new: &NewInvitation) -> Result<(), InvitationsError> {
        self.conn().execute(
            "INSERT INTO invitations (token_hash, partnership_id, document_id, role, email, created_by, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                token_hash,
                new.partnership,
                new.document.map(|d| d.to_string()),
                SqlRole(new.role),
                new.email,
                new.created_by,
                new.expires_at
            ],
        )?;
        Ok(())
    }

    /// An unused, unexpired invitation.
    pub fn invitation(&self, token_hash: &str) -> Result<Option<Invitation>, InvitationsError> {
        Ok(self
            .conn()
            .query_opt(
                "SELECT i.partnership_id, p.name, i.document_id, i.role, i.email, i.expires_at
                 FROM invitations i JOIN partnerships p ON p.id = i.partnership_id
                 WHERE i.token_hash = ?1 AND i.used_at IS NULL AND i.expires_at > ?2",
                params![token_hash, self.now_ms()],
            )?
            .as_ref()
            .map(invitation)
            .transpose()?)
    }

    /// Uses an invitation for `account`, in one transaction: marks it used and gives the
    /// role (never lowering a role the account already holds) or the document grant.
    /// `None` when it is unknown, used or expired.
    pub fn accept_invitation(&self, token_hash: &str, account: AccountId) -> Result<Option<Invitation>, InvitationsError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Immediate, |db| {
            let found = db
                .query_opt(
                    "SELECT i.partnership_id, p.name, i.document_id, i.role, i.email, i.expires_at
                     FROM invitations i JOIN partnerships p ON p.id = i.partnership_id
                     WHERE i.token_hash = ?1 AND i.used_at IS NULL AND i.expires_at > ?2",
                    params![token_hash, now],
                )?
                .as_ref()
                .map(invitation)
                .transpose()?;
            let Some(inv) = found else {
                return Ok(None);
            };
            db.execute("UPDATE invitations SET used_at = ?2 WHERE token_hash = ?1", params![token_hash, now])?;
            match inv.document {
                Some(doc) => {
                    let role = SqlRole(inv.role.as_grant());
                    db.execute(
                        "INSERT INTO document_grants (document_id, account_id, role) VALUES (?1, ?2, ?3)
                         ON CONFLICT(document_id, account_id) DO UPDATE
                         SET role = CASE WHEN excluded.role = 'editor' THEN 'editor' ELSE document_grants.role END",
                        params![doc.to_string(), account, role],
                    )?;
                }
                None => {
                    let current: Option<Role> = db
                        .query_opt(
                            "SELECT role FROM memberships WHERE account_id = ?1 AND partnership_id = ?2",
                            params![account, inv.partnership],
                        )?
                        .map(|r| r.get::<SqlRole>(0).map(|r| r.0))
                        .transpose()?;
                    let role = SqlRole(current.map_or(inv.role, |c| c.max(inv.role)));
                    db.execute(
                        "INSERT INTO memberships (account_id, partnership_id, role) VALUES (?1, ?2, ?3)
                         ON CONFLICT(account_id, partnership_id) DO UPDATE SET role = excluded.role",
                        params![account, inv.partnership, role],
                    )?;
                }
            }
            Ok(Some(inv))
        })
    }
}
