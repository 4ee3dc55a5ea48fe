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
/// The longest detail an audit row keeps (requests can carry any text; rows stay small).
pub const MAX_DETAIL_CHARS: usize = 200;

/// `detail` cut to [`MAX_DETAIL_CHARS`] (with `…` when cut), control characters removed.
pub fn capped(detail: &str) -> String {
    let clean: String = detail.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= MAX_DETAIL_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(MAX_DETAIL_CHARS - 1).collect();
    cut.push('…');
    cut
}

pub fn record(
    auth: &AccessControl,
    partnership: Option<PartnershipId>,
    account: Option<AccountId>,
    kind: AuditKind,
    detail: &str,
) {
    let detail = capped(detail);
    if let Err(e) = auth.store().audit(partnership, account, kind.as_str(), &detail) {
        tracing::error!(error = ?e, kind = kind.as_str(), "cannot write an audit row");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_capped_and_cleaned() {
        assert_eq!(capped("GET /api/me"), "GET /api/me");
        let long = capped(&"x".repeat(10_000));
        assert_eq!(long.chars().count(), MAX_DETAIL_CHARS);
        assert!(long.ends_with('…'));
        assert_eq!(capped("a\nb\u{7}c"), "abc");
    }
}
