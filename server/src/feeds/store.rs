use std::path::Path;

use domain::DocumentId;
use rusqlite::params;

use crate::{
    auth::{secret, AccountId, Secret},
    clock::Clock,
    db::{AuthDb, DbPool, PooledDb, SqlError, SqlRow},
    storage::DatabaseUrl,
};

/// A feed's public id (for listing and revoking; not the secret in its URL).
pub type FeedId = String;

/// A live feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: FeedId,
    pub account: AccountId,
    /// `None`: the person's feed (every group they can read).
    pub group: Option<DocumentId>,
    pub created_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum FeedsError {
    #[error("feeds database: {0}")]
    Db(#[from] SqlError),
    #[error("opening the feeds table: {0}")]
    Open(#[from] crate::db::DbError),
    #[error(transparent)]
    NoRandomness(#[from] crate::auth::secret::NoRandomness),
}

/// The feeds table on its own connection (to the node's SQLite file, or to PostgreSQL).
#[derive(Debug)]
pub struct FeedStore {
    /// One connection on SQLite, a few on PostgreSQL.
    conn: DbPool,
    clock: Clock,
}

fn feed(r: &SqlRow) -> Result<(String, String, Option<String>, i64), SqlError> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn typed((id, account, group, created_at): (String, String, Option<String>, i64)) -> Option<Feed> {
    Some(Feed {
        id,
        account: account.parse().ok()?,
        group: match group {
            Some(g) => Some(g.parse().ok()?),
            None => None,
        },
        created_at,
    })
}

impl FeedStore {
    pub fn open_dir(data_dir: &Path, clock: Clock) -> Result<Self, FeedsError> {
        Ok(Self { conn: DbPool::one(AuthDb::Sqlite(crate::db::open_dir(data_dir)?)), clock })
    }

    /// The table in PostgreSQL at `url` when given, else in the SQLite file in `data_dir`.
    pub fn open_for(data_dir: &Path, url: Option<&DatabaseUrl>, clock: Clock) -> Result<Self, FeedsError> {
        match url {
            None => Self::open_dir(data_dir, clock),
            Some(url) => Ok(Self { conn: DbPool::postgres(url.as_str())?, clock }),
        }
    }

    fn conn(&self) -> PooledDb<'_> {
        self.conn.get()
    }

    /// A new feed; the secret for its URL is returned once and only its hash is kept.
    pub fn create(&self, account: AccountId, group: Option<DocumentId>) -> Result<(Feed, Secret), FeedsError> {
        let token = Secret::generate()?;
        let id = Secret::generate()?.expose()[..16].to_owned();
        let now = self.clock.now_ms();
        self.conn().execute(
            "INSERT INTO calendar_feeds (id, token_hash, account_id, group_document, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, token.hash(), account.to_string(), group.map(|g| g.to_string()), now],
        )?;
        Ok((Feed { id, account, group, created_at: now }, token))
    }

    /// The account's live feeds, newest first.
    pub fn list(&self, account: AccountId) -> Result<Vec<Feed>, FeedsError> {
        let rows = self
            .conn()
            .query(
                "SELECT id, account_id, group_document, created_at FROM calendar_feeds
                 WHERE account_id = ?1 AND revoked_at IS NULL ORDER BY created_at DESC",
                &[&account.to_string()],
            )?
            .iter()
            .map(feed)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.into_iter().filter_map(typed).collect())
    }

    /// Revokes the account's feed `id`; `false` when it has no such live feed.
    pub fn revoke(&self, account: AccountId, id: &str) -> Result<bool, FeedsError> {
        let n = self.conn().execute(
            "UPDATE calendar_feeds SET revoked_at = ?3 WHERE id = ?1 AND account_id = ?2 AND revoked_at IS NULL",
            params![id, account.to_string(), self.clock.now_ms()],
        )?;
        Ok(n == 1)
    }

    /// The live feed whose URL carries `presented`.
    pub fn lookup(&self, presented: &str) -> Result<Option<Feed>, FeedsError> {
        if !secret::plausible(presented) {
            return Ok(None);
        }
        let row = self
            .conn()
            .query_opt(
                "SELECT id, account_id, group_document, created_at FROM calendar_feeds
                 WHERE token_hash = ?1 AND revoked_at IS NULL",
                &[&secret::hash(presented)],
            )?
            .as_ref()
            .map(feed)
            .transpose()?;
        Ok(row.and_then(typed))
    }
}
