//! The audit log's writing side: one helper, so every handler records events the same way
//! and a failure to record never fails the request (it is logged).

use super::{AccessControl, AccountId, PartnershipId};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    SignIn,
    SignInFailed,
    SignInThrottled,
    SignOut,
    SessionEnded,
    RoleChanged,
    PersonRemoved,
    InvitationCreated,
    InvitationAccepted,
    PasswordSet,
    DocumentRegistered,
    AccessDenied,
    PartnershipCreated,
    OperatorGranted,
    OperatorRevoked,
    OwnerAdded,
    ConsultationOpened,
    ConsultationEnded,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::SignIn => "sign-in",
            AuditKind::SignInFailed => "sign-in-failed",
            AuditKind::SignInThrottled => "sign-in-throttled",
            AuditKind::SignOut => "sign-out",
            AuditKind::SessionEnded => "session-ended",
            AuditKind::RoleChanged => "role-changed",
            AuditKind::PersonRemoved => "person-removed",
            AuditKind::InvitationCreated => "invitation-created",
            AuditKind::InvitationAccepted => "invitation-accepted",
            AuditKind::PasswordSet => "password-set",
            AuditKind::DocumentRegistered => "document-registered",
            AuditKind::AccessDenied => "access-denied",
            AuditKind::PartnershipCreated => "partnership-created",
            AuditKind::OperatorGranted => "operator-granted",
            AuditKind::OperatorRevoked => "operator-revoked",
            AuditKind::OwnerAdded => "group-shared",
            AuditKind::ConsultationOpened => "consultation-opened",
            AuditKind::ConsultationEnded => "consultation-ended",
        }
    }
}

/// Appends an audit row. `detail` must never hold a password, token or cookie.
pub fn record(
    auth: &AccessControl,
    partnership: Option<PartnershipId>,
    account: Option<AccountId>,
    kind: AuditKind,
    detail: &str,
) {
    if let Err(e) = auth.store().audit(partnership, account, kind.as_str(), detail) {
        tracing::error!(error = ?e, kind = kind.as_str(), "cannot write an audit row");
    }
}
