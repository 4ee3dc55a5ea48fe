//! Where a node keeps its documents: its SQLite file (the default), or PostgreSQL
//! (`--database-url`), shared by several nodes, with the accounts store (owners and
//! attribution included; see [`crate::auth::AuthStore::open_for`]). The node's identity
//! stays in its SQLite file either way.
//!
//! The sync hub commits each round through [`DocumentStore::apply_claimed`]: chunks,
//! attribution and claims in one transaction, on either engine, durable before the hub
//! replies.

use std::path::Path;

use domain::storage::{StorageError, StorageKey, StoreOp};

use super::{AttributedChange, ClaimedDocument, DatabaseUrl, PgBlocking, SqliteStorage};

#[derive(Debug)]
pub enum DocumentStore {
    Sqlite(SqliteStorage),
    Postgres {
        chunks: PgBlocking,
        /// The node's SQLite file: the node's identity.
        node: SqliteStorage,
    },
}

impl From<SqliteStorage> for DocumentStore {
    fn from(storage: SqliteStorage) -> Self {
        Self::Sqlite(storage)
    }
}

impl DocumentStore {
    /// The node's SQLite file in `data_dir` (created and migrated if needed), with the
    /// documents in it, or in the PostgreSQL database at `url` (migrated too).
    pub fn open(data_dir: &Path, url: Option<&DatabaseUrl>) -> Result<Self, StorageError> {
        Self::with_node(SqliteStorage::open_dir(data_dir)?, url, None)
    }

    /// The documents in the node's file `node`, or at `url`. On PostgreSQL, commits made
    /// through this store announce their documents as written by `announce_as`, when
    /// given (relayed to the other nodes; see [`super::PgStorage::announce_as`]).
    pub fn with_node(node: SqliteStorage, url: Option<&DatabaseUrl>, announce_as: Option<&str>) -> Result<Self, StorageError> {
        match url {
            None => Ok(Self::Sqlite(node)),
            Some(url) => Ok(Self::Postgres { chunks: PgBlocking::connect(url, announce_as)?, node }),
        }
    }

    /// Another connection to the same store (for another thread).
    pub fn reader(&self) -> Result<Self, StorageError> {
        let node = SqliteStorage::open(self.node_file().path())?;
        match self {
            Self::Sqlite(_) => Ok(Self::Sqlite(node)),
            Self::Postgres { chunks, .. } => Ok(Self::Postgres { chunks: PgBlocking::connect(chunks.url(), None)?, node }),
        }
    }

    /// The node's own SQLite file (its identity; with SQLite storage, everything).
    pub fn node_file(&self) -> &SqliteStorage {
        match self {
            Self::Sqlite(s) => s,
            Self::Postgres { node, .. } => node,
        }
    }

    /// The PostgreSQL database the documents are in, if not in the node's file.
    pub fn database_url(&self) -> Option<&DatabaseUrl> {
        match self {
            Self::Sqlite(_) => None,
            Self::Postgres { chunks, .. } => Some(chunks.url()),
        }
    }

    /// The stored document `doc`, loaded from its chunks; `None` when nothing of it is
    /// stored or its chunks do not load.
    pub fn load_document(&self, doc: domain::DocumentId) -> Option<automerge::Automerge> {
        let chunks = self.range(&domain::storage::layout::document_prefix(doc)).ok()?;
        if chunks.is_empty() {
            return None;
        }
        domain::storage::layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).ok()
    }

    /// Every entry whose key starts with `prefix`'s components, in [`StorageKey`] order.
    pub fn range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        match self {
            Self::Sqlite(s) => s.range(prefix),
            Self::Postgres { chunks, .. } => chunks.range(prefix),
        }
    }

    /// The keys under `prefix`, in [`StorageKey`] order (without reading the values).
    pub fn keys(&self, prefix: &StorageKey) -> Result<Vec<StorageKey>, StorageError> {
        match self {
            Self::Sqlite(s) => Ok(s.range(prefix)?.into_iter().map(|(k, _)| k).collect()),
            Self::Postgres { chunks, .. } => chunks.keys(prefix),
        }
    }

    /// The entries still stored at `keys`, in [`StorageKey`] order.
    pub fn get_many(&self, keys: &[StorageKey]) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        match self {
            Self::Sqlite(s) => {
                let mut out = Vec::new();
                for key in keys {
                    if let Some(value) = s.get(key)? {
                        out.push((key.clone(), value));
                    }
                }
                out.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(out)
            }
            Self::Postgres { chunks, .. } => chunks.get_many(keys),
        }
    }

    /// Up to `limit` keys after `after` (from the first when `None`) in the byte order of
    /// their string form, the same on both engines: pages through every stored chunk
    /// (`export`) without reading the values.
    pub fn keys_after(&self, after: Option<&StorageKey>, limit: usize) -> Result<Vec<StorageKey>, StorageError> {
        match self {
            Self::Sqlite(s) => s.keys_after(after, limit),
            Self::Postgres { chunks, .. } => chunks.keys_after(after, limit),
        }
    }

    /// Whether no chunk is stored at all.
    pub fn is_empty(&self) -> Result<bool, StorageError> {
        match self {
            Self::Sqlite(s) => s.is_empty(),
            Self::Postgres { chunks, .. } => chunks.is_empty(),
        }
    }

    /// Applies `ops` in one durable transaction.
    pub fn apply(&self, ops: &[StoreOp]) -> Result<(), StorageError> {
        match self {
            Self::Sqlite(s) => s.apply(ops, &[]),
            Self::Postgres { chunks, .. } => chunks.apply(ops),
        }
    }

    /// As [`SqliteStorage::apply_claimed`]: `ops`, who delivered which change, and the
    /// owners of documents claimed this round (see the module docs for PostgreSQL's order).
    pub fn apply_claimed(
        &self,
        ops: &[StoreOp],
        attribution: &[AttributedChange],
        claims: &[ClaimedDocument],
    ) -> Result<(), StorageError> {
        match self {
            Self::Sqlite(s) => s.apply_claimed(ops, attribution, claims),
            Self::Postgres { chunks, .. } => {
                if ops.is_empty() && attribution.is_empty() && claims.is_empty() {
                    return Ok(());
                }
                chunks.apply_claimed(ops, attribution, claims)
            }
        }
    }
}

/// Writing whole documents outside the sync hub (the demo's seed, a new partnership's
/// document): to the node's SQLite file or to wherever its documents are kept.
pub trait WriteDocuments {
    /// Applies `ops` in one durable transaction.
    fn write_documents(&self, ops: &[StoreOp]) -> Result<(), StorageError>;
}

impl WriteDocuments for SqliteStorage {
    fn write_documents(&self, ops: &[StoreOp]) -> Result<(), StorageError> {
        self.apply(ops, &[])
    }
}

impl WriteDocuments for DocumentStore {
    fn write_documents(&self, ops: &[StoreOp]) -> Result<(), StorageError> {
        self.apply(ops)
    }
}
