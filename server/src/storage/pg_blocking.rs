//! [`PgStorage`] for threads that do not await (the sync hub, the compactor, blocking
//! tasks): a connection with its own current-thread tokio runtime, which drives the
//! connection during each call. Called from inside another runtime (a blocking task, or
//! the server's start), the call runs on a short-lived helper thread instead, since a
//! runtime may not be blocked on from within another.

use std::{fmt, future::Future};

use domain::storage::{StorageError, StorageKey, StoreOp};
use tokio::runtime::Runtime;

use super::{AttributedChange, ClaimedDocument, DatabaseUrl, PgStorage};

pub struct PgBlocking {
    /// Always `Some` until dropped (taken to shut it down without blocking).
    runtime: Option<Runtime>,
    storage: PgStorage,
    url: DatabaseUrl,
}

impl fmt::Debug for PgBlocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgBlocking").field("url", &self.url).finish()
    }
}

impl PgBlocking {
    /// Connects to `url` and applies the migrations; every commit made through this
    /// connection announces its documents as written by `node` (see
    /// [`PgStorage::announce_as`]), when given.
    pub fn connect(url: &DatabaseUrl, node: Option<&str>) -> Result<Self, StorageError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StorageError::Backend(format!("cannot start the PostgreSQL runtime: {e}")))?;
        let mut storage = run(&runtime, PgStorage::connect(url.as_str()))?;
        if let Some(node) = node {
            storage = storage.announce_as(node);
        }
        Ok(Self {
            runtime: Some(runtime),
            storage,
            url: url.clone(),
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.block(self.storage.range(prefix))
    }

    pub fn keys(&self, prefix: &StorageKey) -> Result<Vec<StorageKey>, StorageError> {
        self.block(self.storage.keys(prefix))
    }

    pub fn get_many(&self, keys: &[StorageKey]) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        self.block(self.storage.get_many(keys))
    }

    pub fn keys_after(&self, after: Option<&StorageKey>, limit: usize) -> Result<Vec<StorageKey>, StorageError> {
        self.block(self.storage.keys_after(after, limit))
    }

    pub fn is_empty(&self) -> Result<bool, StorageError> {
        self.block(self.storage.is_empty())
    }

    pub fn apply(&self, ops: &[StoreOp]) -> Result<(), StorageError> {
        self.block(self.storage.apply(ops))
    }

    /// See [`PgStorage::apply_claimed`].
    pub fn apply_claimed(&self, ops: &[StoreOp], attribution: &[AttributedChange], claims: &[ClaimedDocument]) -> Result<(), StorageError> {
        self.block(self.storage.apply_claimed(ops, attribution, claims))
    }

    fn block<F>(&self, f: F) -> F::Output
    where
        F: Future + Send,
        F::Output: Send,
    {
        run(self.runtime.as_ref().expect("the runtime lives until drop"), f)
    }
}

impl Drop for PgBlocking {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is refused inside another runtime.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

pub(crate) fn run<F>(runtime: &Runtime, f: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_err() {
        return runtime.block_on(f);
    }
    std::thread::scope(|s| {
        s.spawn(|| runtime.block_on(f))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
