//! Sign-in attempts counted in the shared store (PostgreSQL only: its `sign_in_attempts`
//! table), so every node applies one set of limits (see `auth::sign_in_limits`).

use rusqlite::params;

use super::{AccountsError, AuthStore};
use crate::db::Begin;

impl AuthStore {
    /// Checks and counts one attempt under each `(key, limit)`, in one transaction that
    /// every node's writers take in turn: `false` (nothing counted) when a key already has
    /// `limit` attempts after `since` (unix ms). Attempts older than that are forgotten.
    pub fn count_sign_in_attempt(&self, keys: &[(String, usize)], since: i64) -> Result<bool, AccountsError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Immediate, |db| {
            db.execute("DELETE FROM sign_in_attempts WHERE at <= ?1", &[&since])?;
            for (key, limit) in keys {
                let recent: i64 = db.query_one("SELECT COUNT(*) FROM sign_in_attempts WHERE key = ?1", &[key])?.get(0)?;
                if usize::try_from(recent).unwrap_or(usize::MAX) >= *limit {
                    return Ok(false);
                }
            }
            for (key, _) in keys {
                db.execute("INSERT INTO sign_in_attempts (key, at) VALUES (?1, ?2)", params![key, now])?;
            }
            Ok(true)
        })
    }

    /// Forgets the attempts under `key` (a successful sign-in).
    pub fn forget_sign_in_attempts(&self, key: &str) -> Result<(), AccountsError> {
        self.conn().execute("DELETE FROM sign_in_attempts WHERE key = ?1", &[&key])?;
        Ok(())
    }
}
