//! Sessions: one row per signed-in browser, keyed by the cookie's hash.

use rusqlite::params;

use super::{AuthStore, SessionsError};
use crate::{
    auth::{AccountId, SessionId},
    db::{SqlError, SqlRow},
};

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: SessionId,
    pub account: AccountId,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A session in its owner's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: SessionId,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

fn record(r: &SqlRow) -> Result<SessionRecord, SqlError> {
    Ok(SessionRecord {
        id: r.get(0)?,
        account: r.get(1)?,
        created_at: r.get(2)?,
        last_seen_at: r.get(3)?,
    })
}

impl AuthStore {
    /// A new session for `account` (by its cookie's hash).
    pub fn create_session(&self, token_hash: &str, account: AccountId, user_agent: &str) -> Result<SessionId, SessionsError> {
        let id = SessionId::random();
        let now = self.now_ms();
        let agent: String = user_agent.chars().take(256).collect();
        self.conn().execute(
            "INSERT INTO sessions (token_hash, public_id, account_id, created_at, last_seen_at, user_agent)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![token_hash, id, account, now, agent],
        )?;
        Ok(id)
    }

    pub fn session_by_hash(&self, token_hash: &str) -> Result<Option<SessionRecord>, SessionsError> {
        Ok(self
            .conn()
            .query_opt("SELECT public_id, account_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?1", &[&token_hash])?
            .as_ref()
            .map(record)
            .transpose()?)
    }

    pub fn session(&self, id: SessionId) -> Result<Option<SessionRecord>, SessionsError> {
        Ok(self
            .conn()
            .query_opt("SELECT public_id, account_id, created_at, last_seen_at FROM sessions WHERE public_id = ?1", &[&id])?
            .as_ref()
            .map(record)
            .transpose()?)
    }

    /// Marks activity on a session (at most one write per `min_gap_ms`).
    pub fn touch_session(&self, id: SessionId, min_gap_ms: i64) -> Result<(), SessionsError> {
        let now = self.now_ms();
        self.conn().execute(
            "UPDATE sessions SET last_seen_at = ?2 WHERE public_id = ?1 AND last_seen_at <= CAST(?2 AS BIGINT) - CAST(?3 AS BIGINT)",
            params![id, now, min_gap_ms],
        )?;
        Ok(())
    }

    /// Ends a session; returns whether it existed.
    pub fn delete_session(&self, id: SessionId) -> Result<bool, SessionsError> {
        Ok(self
            .conn()
            .execute("DELETE FROM sessions WHERE public_id = ?1", &[&id])?
            > 0)
    }

    /// Ends one of `account`'s sessions; returns whether it was theirs and existed.
    pub fn delete_own_session(&self, account: AccountId, id: SessionId) -> Result<bool, SessionsError> {
        Ok(self.conn().execute(
            "DELETE FROM sessions WHERE public_id = ?1 AND account_id = ?2",
            params![id, account],
        )? > 0)
    }

    /// Ends every session of `account` except `keep` (after a password change); returns how
    /// many ended.
    pub fn end_sessions_of(&self, account: AccountId, keep: Option<SessionId>) -> Result<usize, SessionsError> {
        Ok(match keep {
            Some(keep) => self.conn().execute(
                "DELETE FROM sessions WHERE account_id = ?1 AND public_id <> ?2",
                params![account, keep],
            )?,
            None => self.conn().execute("DELETE FROM sessions WHERE account_id = ?1", params![account])?,
        })
    }

    /// Forgets sessions past their idle or absolute timeout.
    pub fn delete_expired_sessions(&self, idle_ms: i64, absolute_ms: i64) -> Result<usize, SessionsError> {
        let now = self.now_ms();
        Ok(self.conn().execute(
            "DELETE FROM sessions
             WHERE last_seen_at <= CAST(?1 AS BIGINT) - CAST(?2 AS BIGINT) OR created_at <= CAST(?1 AS BIGINT) - CAST(?3 AS BIGINT)",
            params![now, idle_ms, absolute_ms],
        )?)
    }

    /// An account's sessions, most recently used first.
    pub fn sessions_of(&self, account: AccountId) -> Result<Vec<SessionSummary>, SessionsError> {
        let rows = self.conn().query(
            "SELECT public_id, created_at, last_seen_at, user_agent FROM sessions
             WHERE account_id = ?1 ORDER BY last_seen_at DESC",
            &[&account],
        )?;
        let summary = |r: &SqlRow| -> Result<SessionSummary, SqlError> {
            Ok(SessionSummary {
                id: r.get(0)?,
                created_at: r.get(1)?,
                last_seen_at: r.get(2)?,
                user_agent: r.get(3)?,
            })
        };
        Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
    }
}
