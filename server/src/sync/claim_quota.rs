//! How many new documents one account may create over sync in a minute: a claim costs an
//! owner row and an audit row, so a session that may create documents must not be able to
//! claim ids by the thousand (issue "Hold up under attack", item 2). A claim over the quota
//! waits (the engine invites it again as the quota frees: `Engine::invite_deferred_claims`),
//! so a client that makes hundreds of documents at once gets them all stored, a minute's
//! quota at a time.
//!
//! With several nodes on one PostgreSQL the quota is each node's own, by design: it is
//! checked on every claim message by the engine on the hub's one thread, where a round trip
//! to the database would hold up every client of the node; and a connection syncs through
//! one node, so a flood spread over N nodes gets at most N quotas (a constant factor, not
//! the thousands the quota exists to stop). Its refusal is no audit row, only a warning in the log of the node that
//! holds the claims back ([`ClaimQuota::first_refusal`]), so one line per node a window is
//! right: each node reports what it held.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard},
};

use crate::auth::AccountId;

/// New documents per account per [`WINDOW_MS`]; far above what a person does (planning a
/// year of meetings creates a dozen), far below a flood.
pub(crate) const NEW_DOCUMENTS_PER_WINDOW: usize = 120;
pub(crate) const WINDOW_MS: i64 = 60_000;

/// The times of each account's recent claims, shared by the hub (which records each claim
/// the engine reports) and the access policy (which stops claims over the limit).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimQuota(Arc<Mutex<HashMap<AccountId, VecDeque<i64>>>>, Arc<Mutex<HashMap<AccountId, i64>>>);

impl ClaimQuota {
    /// Whether `account` may claim one more document at `now_ms`.
    pub(crate) fn allows(&self, account: AccountId, now_ms: i64) -> bool {
        self.remaining(account, now_ms) > 0
    }

    /// How many more documents `account` may claim at `now_ms` within the window (claims
    /// that left the window are forgotten, and an account with none left is dropped).
    pub(crate) fn remaining(&self, account: AccountId, now_ms: i64) -> usize {
        let mut map = self.lock();
        let Some(times) = map.get_mut(&account) else { return NEW_DOCUMENTS_PER_WINDOW };
        while times.front().is_some_and(|t| *t <= now_ms - WINDOW_MS) {
            times.pop_front();
        }
        if times.is_empty() {
            map.remove(&account);
            return NEW_DOCUMENTS_PER_WINDOW;
        }
        NEW_DOCUMENTS_PER_WINDOW.saturating_sub(times.len())
    }

    /// Whether to log this refusal: the first for `account` in each window, so a flood of
    /// refused claims is one log line a minute, not one per message.
    pub(crate) fn first_refusal(&self, account: AccountId, now_ms: i64) -> bool {
        let mut warned = self.1.lock().unwrap_or_else(|e| e.into_inner());
        match warned.get(&account) {
            Some(t) if now_ms - *t < WINDOW_MS => false,
            _ => {
                warned.retain(|_, t| now_ms - *t < WINDOW_MS);
                warned.insert(account, now_ms);
                true
            }
        }
    }

    /// `account` claimed a document at `now_ms` (counted when the engine reports the claim,
    /// before its commit, so a flood within one round is stopped in that round).
    pub(crate) fn record(&self, account: AccountId, now_ms: i64) {
        self.lock().entry(account).or_default().push_back(now_ms);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<AccountId, VecDeque<i64>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_over_the_limit_waits_for_the_window_and_others_are_unaffected() {
        let q = ClaimQuota::default();
        let (a, b) = (AccountId::random(), AccountId::random());
        for i in 0..NEW_DOCUMENTS_PER_WINDOW {
            assert!(q.allows(a, 1_000 + i as i64));
            q.record(a, 1_000 + i as i64);
        }
        assert!(!q.allows(a, 2_000), "the next one in the same minute is refused");
        assert!(q.allows(b, 2_000), "another account is not limited by it");
        assert_eq!(q.remaining(a, 2_000), 0);
        assert_eq!(q.remaining(b, 2_000), NEW_DOCUMENTS_PER_WINDOW);
        assert!(q.allows(a, 1_000 + WINDOW_MS), "a minute after the first, one more is allowed");
        assert_eq!(q.remaining(a, 1_009 + WINDOW_MS), 10, "the ten oldest left the window");
        assert!(q.first_refusal(a, 2_000));
        assert!(!q.first_refusal(a, 3_000), "one log line a window");
        assert!(q.first_refusal(a, 2_000 + WINDOW_MS));
    }
}
