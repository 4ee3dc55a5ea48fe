//! The audit log's writing side: one helper, so every handler records events the same way
//! and a failure to record never fails the request (it is logged).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

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
    TwoStepOn,
    TwoStepOff,
    TwoStepPolicy,
    RecoveryCodeUsed,
    RecoveryCodesReplaced,
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
            AuditKind::TwoStepOn => "two-step-on",
            AuditKind::TwoStepOff => "two-step-off",
            AuditKind::TwoStepPolicy => "two-step-policy",
            AuditKind::RecoveryCodeUsed => "recovery-code-used",
            AuditKind::RecoveryCodesReplaced => "recovery-codes-replaced",
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
    if kind == AuditKind::AccessDenied {
        let now = auth.clock().now_ms();
        let ended = auth.denials.ended_by(now);
        write_summaries(auth, ended);
        if !auth.denials.first_in_window(partnership, account, now) {
            return;
        }
        if !claimed(auth, partnership, account, now) {
            // Another node wrote the window's first row: count this one into this node's summary.
            auth.denials.audited_elsewhere(partnership, account);
            return;
        }
    }
    write(auth, partnership, account, kind.as_str(), detail);
}

/// Whether this node writes the first row of a denial window it has just opened: with the
/// accounts store shared by several nodes (PostgreSQL), only if no node has written one for
/// that account and partnership within the window (claimed there, so a burst spread over N
/// nodes is written once, not N times); on SQLite, or when the claim fails, it does. Asked
/// only when this node opens a window, so at most once per key per window per node, however
/// many requests (or sync messages) are refused.
fn claimed(auth: &AccessControl, partnership: Option<PartnershipId>, account: Option<AccountId>, now: i64) -> bool {
    let store = auth.store();
    if !store.is_shared() {
        return true;
    }
    match store.claim_denial(partnership, account, now, now - DENIAL_WINDOW_MS) {
        Ok(first) => first,
        // Written by this node meanwhile: at worst each node writes the first row once.
        Err(e) => {
            tracing::error!(error = ?e, "claiming a denied request in the shared store");
            true
        }
    }
}

fn write(auth: &AccessControl, partnership: Option<PartnershipId>, account: Option<AccountId>, kind: &str, detail: &str) {
    let detail = capped(detail);
    if let Err(e) = auth.store().audit(partnership, account, kind, &detail) {
        tracing::error!(error = ?e, kind, "cannot write an audit row");
    }
}

/// Writes the summary rows of denial windows that have ended by now (the sync hub calls this
/// on its tick, so a burst is summarised even when nothing follows it).
pub fn flush_denials(auth: &AccessControl) {
    let ended = auth.denials.ended_by(auth.clock().now_ms());
    write_summaries(auth, ended);
}

fn write_summaries(auth: &AccessControl, ended: Vec<Window>) {
    for w in ended {
        let minutes = DENIAL_WINDOW_MS / 60_000;
        let detail = format!("{} more denied requests within {minutes} minutes of the one above", w.more);
        write(auth, w.partnership, w.account, AuditKind::AccessDenied.as_str(), &detail);
    }
}

/// How long refusals of one account in one partnership are counted into one summary row.
pub const DENIAL_WINDOW_MS: i64 = 10 * 60_000;

/// Refusals of one account (or of nobody signed in) in one partnership's log: the first in a
/// window is written as it is; the rest are counted and written as one row ("34 more denied
/// requests within 10 minutes") when the window ends. A flood of refused requests costs a
/// partnership's log two rows per window, not one per request. With several nodes on one
/// PostgreSQL the first row is written once across them (see [`claimed`]); each node that
/// refused more, including a first another node had written, adds its own summary row.
#[derive(Debug, Clone, Default)]
pub struct Denials(Arc<Mutex<HashMap<(Option<PartnershipId>, Option<AccountId>), Window>>>);

#[derive(Debug, Clone)]
struct Window {
    partnership: Option<PartnershipId>,
    account: Option<AccountId>,
    started: i64,
    more: u64,
}

impl Denials {
    /// Counts a refusal at `now`; true when it is the first of its window (write it).
    fn first_in_window(&self, partnership: Option<PartnershipId>, account: Option<AccountId>, now: i64) -> bool {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(&(partnership, account)) {
            Some(w) if now - w.started < DENIAL_WINDOW_MS => {
                w.more += 1;
                false
            }
            _ => {
                map.insert((partnership, account), Window { partnership, account, started: now, more: 0 });
                true
            }
        }
    }

    /// Counts the refusal that opened the current window into its summary: another node
    /// wrote the window's first row.
    fn audited_elsewhere(&self, partnership: Option<PartnershipId>, account: Option<AccountId>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = map.get_mut(&(partnership, account)) {
            w.more += 1;
        }
    }

    /// Removes the windows ended by `now`, returning those with refusals still to summarise.
    fn ended_by(&self, now: i64) -> Vec<Window> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let ended: Vec<_> = map.iter().filter(|(_, w)| now - w.started >= DENIAL_WINDOW_MS).map(|(k, _)| *k).collect();
        ended.into_iter().filter_map(|k| map.remove(&k)).filter(|w| w.more > 0).collect()
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

    #[test]
    fn a_window_whose_first_row_another_node_wrote_summarises_every_refusal_of_it() {
        let denials = Denials::default();
        let (p, a) = (Some(PartnershipId::random()), Some(AccountId::random()));
        assert!(denials.first_in_window(p, a, 0));
        denials.audited_elsewhere(p, a);
        assert!(!denials.first_in_window(p, a, 1_000));
        assert!(denials.ended_by(DENIAL_WINDOW_MS - 1).is_empty(), "the window is still open");
        let ended = denials.ended_by(DENIAL_WINDOW_MS);
        assert_eq!(ended.iter().map(|w| w.more).collect::<Vec<_>>(), [2], "the unwritten first and the one after it");
        assert!(denials.first_in_window(p, a, DENIAL_WINDOW_MS), "a new window");
    }
}
