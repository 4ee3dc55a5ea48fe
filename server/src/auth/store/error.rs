//! One error type per boundary of the accounts store, so callers see what failed; the
//! HTTP layer maps each to a response in one place (`crate::http::error`), never sending
//! their text.

use crate::db::{DbError, SqlError};

/// Opening the accounts tables.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("opening the accounts tables: {0}")]
    Sqlite(#[from] DbError),
    #[error("opening the accounts tables on PostgreSQL: {0}")]
    Postgres(SqlError),
}

/// Accounts, memberships, password links and API tokens.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("accounts: {0}")]
    Db(#[from] SqlError),
}

/// Partnerships.
#[derive(Debug, thiserror::Error)]
pub enum PartnershipsError {
    #[error("the partnership name {0:?} is taken")]
    NameTaken(String),
    #[error("a partnership's stored document id is not valid: {0}")]
    BadDocumentId(String),
    #[error("partnerships: {0}")]
    Db(#[from] SqlError),
}

/// Sessions.
#[derive(Debug, thiserror::Error)]
pub enum SessionsError {
    #[error("sessions: {0}")]
    Db(#[from] SqlError),
}

/// Invitations.
#[derive(Debug, thiserror::Error)]
pub enum InvitationsError {
    #[error("invitations: {0}")]
    Db(#[from] SqlError),
}

/// Documents' owners, grants and attribution.
#[derive(Debug, thiserror::Error)]
pub enum DocumentsError {
    #[error("document owners, grants or attribution: {0}")]
    Db(#[from] SqlError),
}

/// Consultations.
#[derive(Debug, thiserror::Error)]
pub enum ConsultationsError {
    #[error("a consultation's stored comments document id is not valid: {0}")]
    BadDocumentId(String),
    #[error("consultations: {0}")]
    Db(#[from] SqlError),
}

/// The audit log.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("the audit log: {0}")]
    Db(#[from] SqlError),
}

/// Reading the access snapshot (and the counters that say it changed).
#[derive(Debug, thiserror::Error)]
pub enum AclError {
    #[error("a partnership's stored document id is not valid: {0}")]
    BadDocumentId(String),
    #[error("reading the access rules: {0}")]
    Db(#[from] SqlError),
    #[error("reading the access rules: {0}")]
    Consultations(#[from] ConsultationsError),
}

/// Two-step verification: secrets, recovery codes, pending sign-ins and the setting.
#[derive(Debug, thiserror::Error)]
pub enum TwoStepError {
    #[error("two-step verification: {0}")]
    Db(#[from] SqlError),
    /// Never read as "no second factor": the sign-in fails instead.
    #[error("two-step secrets are sealed, and this server has no secrets key")]
    NoKey,
    #[error("a two-step secret cannot be opened: {0}")]
    Unsealable(#[from] crate::auth::secrets_key::Unsealable),
    #[error("sealing a two-step secret: {0}")]
    Seal(#[from] crate::auth::secrets_key::SecretsKeyError),
}
