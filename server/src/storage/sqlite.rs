//! [`domain::storage::Storage`] on SQLite: the `chunks` table (key → blob) and the `meta`
//! table (key → text), both created by [`crate::db`]'s migrations (as is `attribution`).
//! WAL with `synchronous=FULL`: a commit that returned is on disk.

use std::path::{Path, PathBuf};

use domain::storage::{Storage, StorageError, StorageKey, StoreOp};

use super::ClaimedDocument;

use super::AttributedChange;
use crate::db::{self, DbError};
use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};

/// The server's store. Not `Sync`: one owner (the sync hub's thread) uses it.
pub struct SqliteStorage {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStorage")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStorage {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self, StorageError> {
        Self::open(&data_dir.join(db::DATABASE_FILE))
    }

    /// Opens (creating if needed, and migrating) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                StorageError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let conn = db::open(path).map_err(from_db)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
        })
    }

    /// How long a commit waits for another writer's lock before failing (default 5 s).
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<(), StorageError> {
        self.conn.busy_timeout(timeout).map_err(backend)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.conn
            .prepare_cached("SELECT value FROM chunks WHERE key = ?1")
            .and_then(|mut s| s.query_row([key.encode()], |r| r.get(0)).optional())
            .map_err(backend)
    }

    /// Every entry whose key starts with `prefix`'s components, in [`StorageKey`] order.
    pub fn range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        let exact = prefix.encode();
        // Keys under `a/b` are `a/b/…`: between `a/b/` and `a/b0` ('0' follows '/').
        let (low, high) = (format!("{exact}/"), format!("{exact}0"));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT key, value FROM chunks WHERE key = ?1 OR (key >= ?2 AND key < ?3)",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![exact, low, high], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, value) = row.map_err(backend)?;
            let key: StorageKey = key.parse().map_err(|e| {
                StorageError::Backend(format!("stored key is not a storage key: {e}"))
            })?;
            out.push((key, value));
        }
        // Component order differs from string order (`a/b` < `a-c` by component).
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Applies `ops` in order and sets `meta` entries, all in one durable transaction.
    pub fn apply(&self, ops: &[StoreOp], meta: &[(&str, &str)]) -> Result<(), StorageError> {
        self.commit(ops, meta, &[], &[])
    }

    /// Applies `ops` and records who delivered which change, in one durable transaction:
    /// a stored change is never without its attribution, and no attribution outlives a
    /// failed commit.
    pub fn apply_attributed(
        &self,
        ops: &[StoreOp],
        attribution: &[AttributedChange],
    ) -> Result<(), StorageError> {
        self.commit(ops, &[], attribution, &[])
    }

    /// As [`Self::apply_attributed`], also recording the owners of documents claimed this
    /// round. A document that meanwhile got another owner (registered through the API)
    /// fails the whole commit: the claimant's changes are never stored in someone else's
    /// document.
    pub fn apply_claimed(
        &self,
        ops: &[StoreOp],
        attribution: &[AttributedChange],
        claims: &[ClaimedDocument],
    ) -> Result<(), StorageError> {
        self.commit(ops, &[], attribution, claims)
    }

    fn commit(
        &self,
        ops: &[StoreOp],
        meta: &[(&str, &str)],
        attribution: &[AttributedChange],
        claims: &[ClaimedDocument],
    ) -> Result<(), StorageError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(backend)?;
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO chunks (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                )
                .map_err(backend)?;
            let mut delete = tx
                .prepare_cached("DELETE FROM chunks WHERE key = ?1")
                .map_err(backend)?;
            for op in ops {
                match op {
                    StoreOp::Put(key, value) => put.execute(params![key.encode(), value]),
                    StoreOp::Delete(key) => delete.execute([key.encode()]),
                }
                .map_err(backend)?;
            }
            let mut set = tx
                .prepare_cached(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                )
                .map_err(backend)?;
            for (key, value) in meta {
                set.execute([key, value]).map_err(backend)?;
            }
            if !attribution.is_empty() {
                let mut attribute = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO attribution (change_hash, document_id, account_id, at)
                         VALUES (?1, ?2, ?3, ?4)",
                    )
                    .map_err(backend)?;
                for a in attribution {
                    attribute
                        .execute(params![
                            a.change.to_string(),
                            a.document.to_string(),
                            a.account,
                            a.at
                        ])
                        .map_err(backend)?;
                }
            }
            for c in claims {
                let doc = c.document.to_string();
                tx.prepare_cached(
                    "INSERT INTO document_owners (document_id, partnership_id)
                     SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM document_owners WHERE document_id = ?1)",
                )
                .and_then(|mut s| s.execute(params![doc, c.partnership]))
                .map_err(backend)?;
                let owned: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM document_owners WHERE document_id = ?1 AND partnership_id = ?2)")
                    .and_then(|mut s| s.query_row(params![doc, c.partnership], |r| r.get(0)))
                    .map_err(backend)?;
                if !owned {
                    return Err(StorageError::Backend(format!("document {doc} was given another owner meanwhile")));
                }
            }
        }
        tx.commit().map_err(backend)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(backend)
    }

    /// Up to `limit` keys after `after` (from the first when `None`), in the byte order of
    /// their string form: pages through every chunk without reading the values.
    pub fn keys_after(&self, after: Option<&StorageKey>, limit: usize) -> Result<Vec<StorageKey>, StorageError> {
        let after = after.map(StorageKey::encode).unwrap_or_default();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key FROM chunks WHERE key > ?1 ORDER BY key LIMIT ?2")
            .map_err(backend)?;
        let rows = stmt.query_map(params![after, limit], |r| r.get::<_, String>(0)).map_err(backend)?;
        let mut out = Vec::new();
        for key in rows {
            let key = key.map_err(backend)?;
            out.push(key.parse().map_err(|e| {
                StorageError::Backend(format!("stored key is not a storage key: {e}"))
            })?);
        }
        Ok(out)
    }

    /// Whether any chunk is stored at all.
    pub fn is_empty(&self) -> Result<bool, StorageError> {
        self.conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM chunks)", [], |r| r.get(0))
            .map_err(backend)
    }
}

fn from_db(e: DbError) -> StorageError {
    if e.is_disk_full() {
        StorageError::QuotaExceeded(e.to_string())
    } else {
        StorageError::Backend(e.to_string())
    }
}

fn backend(e: rusqlite::Error) -> StorageError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StorageError::QuotaExceeded(e.to_string()),
        _ => StorageError::Backend(e.to_string()),
    }
}

impl Storage for SqliteStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.get(key)
    }

    async fn load_range(
        &self,
        prefix: &StorageKey,
    ) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.range(prefix)
    }

    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        self.apply(&ops, &[])
    }
}
