//! Which node audits a refusal, decided in the shared store (PostgreSQL only: its
//! `sign_in_refusals` table), so a throttled account is audited once a window across every
//! node, not once per node (see `auth::sign_in_limits`), and so is the first denied request
//! of an account in a partnership (see `auth::audit`). The table holds both kinds of claim:
//! a sign-in refusal's key is its account or address (`account …`, `address …`), a denial's
//! is `denial:<partnership> <account>` (`-` for none), which no sign-in key starts like.

use super::{AccountsError, AuthStore};
use crate::auth::{AccountId, PartnershipId};

impl AuthStore {
    /// Claims the refusal of `key` at `now` (unix ms) as the first of its window: `true` for
    /// exactly one caller, on any node, unless `key` was last claimed after `since`. One
    /// statement: PostgreSQL makes concurrent claims of one key wait for each other, and the
    /// later one sees the earlier's time and claims nothing. Sign-in claims older than `since`
    /// are forgotten.
    pub fn claim_sign_in_refusal(&self, key: &str, now: i64, since: i64) -> Result<bool, AccountsError> {
        self.claim_first_in_window(
            "DELETE FROM sign_in_refusals WHERE at <= ?1 AND key NOT LIKE 'denial:%'",
            key,
            now,
            since,
        )
    }

    /// Claims a request of `account` (or of nobody signed in) denied in `partnership`'s log
    /// at `now` as the first of its window, as [`AuthStore::claim_sign_in_refusal`] does a
    /// refusal. Denial claims older than `since` are forgotten (each kind by its own window).
    pub fn claim_denial(
        &self,
        partnership: Option<PartnershipId>,
        account: Option<AccountId>,
        now: i64,
        since: i64,
    ) -> Result<bool, AccountsError> {
        let or_none = |id: Option<String>| id.unwrap_or_else(|| "-".to_owned());
        let key = format!("denial:{} {}", or_none(partnership.map(|p| p.to_string())), or_none(account.map(|a| a.to_string())));
        self.claim_first_in_window("DELETE FROM sign_in_refusals WHERE at <= ?1 AND key LIKE 'denial:%'", &key, now, since)
    }

    fn claim_first_in_window(&self, forget: &str, key: &str, now: i64, since: i64) -> Result<bool, AccountsError> {
        let mut db = self.conn();
        db.execute(forget, &[&since])?;
        let claimed = db.query_opt(
            "INSERT INTO sign_in_refusals (key, at) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET at = excluded.at WHERE sign_in_refusals.at <= ?3
             RETURNING at",
            &[&key, &now, &since],
        )?;
        Ok(claimed.is_some())
    }
}
