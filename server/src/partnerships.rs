//! Starting a partnership: its document (in the sync store) and its row owning that
//! document, then its first admin. One code path for the CLI (`partnership add`,
//! `user add`) and for an operator in the app (`POST /api/partnerships`).

use std::time::Duration;

use domain::{model::PartnershipDoc, DocumentId};

use crate::{
    auth::{
        audit::AuditKind,
        store::ms,
        AccountId, AuthStore, Email, PartnershipId, Role, Secret,
    },
    new_document,
    storage::WriteDocuments,
};

/// How long a set-password link for a new person works.
pub const PASSWORD_LINK_VALID_FOR: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Why a partnership or its first admin could not be added.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("Enter the partnership's name")]
    NoName,
    #[error("A partnership named {0:?} already exists")]
    NameTaken(String),
    #[error("Enter the person's name")]
    NoPersonName,
    /// A store or the system failed.
    #[error(transparent)]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// Any store's or the system's failure, as [`StartError::Internal`].
fn internal<E: std::error::Error + Send + Sync + 'static>(e: E) -> StartError {
    StartError::Internal(Box::new(e))
}

/// A partnership just started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Started {
    pub partnership: PartnershipId,
    pub document: DocumentId,
}

/// Creates the partnership's document (named, with its area) and its row; audits who did
/// it (`by`: `None` for the command line) and how.
pub fn start(
    storage: &impl WriteDocuments,
    auth: &AuthStore,
    name: &str,
    area: &str,
    by: Option<AccountId>,
    how: &str,
) -> Result<Started, StartError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StartError::NoName);
    }
    if auth.find_partnership(name).map_err(internal)?.is_some() {
        return Err(StartError::NameTaken(name.to_owned()));
    }
    let value = PartnershipDoc {
        name: name.to_owned(),
        area: area.trim().to_owned(),
        ..PartnershipDoc::default()
    };
    let doc = new_document::create(&value, "Create the partnership").map_err(|e| StartError::Internal(e.into()))?;
    let document = DocumentId::random();
    storage
        .write_documents(&[new_document::snapshot(document, &doc)])
        .map_err(internal)?;
    let partnership = auth.create_partnership(name, document).map_err(|e| match e {
        crate::auth::store::PartnershipsError::NameTaken(n) => StartError::NameTaken(n),
        other => internal(other),
    })?;
    auth.audit(Some(partnership), by, AuditKind::PartnershipCreated.as_str(), &format!("{name} ({how})"))
        .map_err(internal)?;
    Ok(Started { partnership, document })
}

/// A member just added, and the one-time set-password link's secret when they have no
/// password yet.
#[derive(Debug)]
pub struct Member {
    pub account: AccountId,
    pub password_link: Option<Secret>,
}

/// When a member without a new password gets a set-password link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPolicy {
    /// Always (the CLI: the operator passes the link on).
    Always,
    /// Only when the account has no password yet (an existing account signs in as it is).
    WhenNoPassword,
}

/// Gives the person (a new account when the email is new) `role` in the partnership; a new
/// or passwordless account gets a set-password link. `password_hash`, when given, is set.
#[allow(clippy::too_many_arguments)]
pub fn add_member(
    auth: &AuthStore,
    email: &Email,
    name: &str,
    partnership: PartnershipId,
    role: Role,
    password_hash: Option<&str>,
    links: LinkPolicy,
    by: Option<AccountId>,
    how: &str,
) -> Result<Member, StartError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StartError::NoPersonName);
    }
    let (account, has_password) = match auth.account_by_email(email).map_err(internal)? {
        Some(existing) => {
            if let Some(h) = password_hash {
                auth.set_password_hash(existing.id, h).map_err(internal)?;
            }
            (existing.id, existing.password_hash.is_some() || password_hash.is_some())
        }
        None => (auth.create_account(email, name, password_hash).map_err(internal)?, password_hash.is_some()),
    };
    auth.set_role(account, partnership, role).map_err(internal)?;
    auth.audit(Some(partnership), by, AuditKind::RoleChanged.as_str(), &format!("{name} <{email}>: {role} ({how})"))
        .map_err(internal)?;
    let wants_link = match links {
        LinkPolicy::Always => password_hash.is_none(),
        LinkPolicy::WhenNoPassword => !has_password,
    };
    let password_link = if !wants_link {
        None
    } else {
        let link = Secret::generate().map_err(internal)?;
        auth.create_password_link(&link.hash(), account, auth.clock().now_ms() + ms(PASSWORD_LINK_VALID_FOR))
            .map_err(internal)?;
        Some(link)
    };
    Ok(Member { account, password_link })
}
