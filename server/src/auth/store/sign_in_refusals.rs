//! Which node audits a sign-in refusal, decided in the shared store (PostgreSQL only: its
//! `sign_in_refusals` table), so a throttled account is audited once a window across every
//! node, not once per node (see `auth::sign_in_limits`).

use super::{AccountsError, AuthStore};

impl AuthStore {
    /// Claims the refusal of `key` at `now` (unix ms) as the first of its window: `true` for
    /// exactly one caller, on any node, unless `key` was last claimed after `since`. One
    /// statement: PostgreSQL makes concurrent claims of one key wait for each other, and the
    /// later one sees the earlier's time and claims nothing. Claims older than `since` are
    /// forgotten.
    pub fn claim_sign_in_refusal(&self, key: &str, now: i64, since: i64) -> Result<bool, AccountsError> {
        let mut db = self.conn();
        db.execute("DELETE FROM sign_in_refusals WHERE at <= ?1", &[&since])?;
        let claimed = db.query_opt(
            "INSERT INTO sign_in_refusals (key, at) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET at = excluded.at WHERE sign_in_refusals.at <= ?3
             RETURNING at",
            &[&key, &now, &since],
        )?;
        Ok(claimed.is_some())
    }
}
