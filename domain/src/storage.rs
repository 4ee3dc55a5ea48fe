//! The storage port. Adapters (IndexedDB in the browser, SQLite on the server) implement
//! [`Storage`]; [`conformance`] is the one suite they all must pass.
//!
//! The sync engine decides *what* to write ([`StoreOp`]s, see [`layout`]); adapters only
//! write bytes under keys, atomically per [`Storage::commit`].

mod compaction;
pub mod conformance;
mod key;
pub mod layout;
mod memory;

pub use compaction::{compact, Compaction};
pub use key::{BadStorageKey, StorageKey};
pub use memory::MemoryStorage;

/// One write. A batch of them is committed atomically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOp {
    Put(StorageKey, Vec<u8>),
    Delete(StorageKey),
}

/// A storage adapter failed. The text is for logs and for the person's screen
/// (e.g. "the device's storage is full"); it never contains document content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("storage is full: {0}")]
    QuotaExceeded(String),
    #[error("storage failed: {0}")]
    Backend(String),
}

/// A durable key → bytes store.
///
/// Contract (checked by [`conformance::run`]):
/// - [`commit`](Storage::commit) applies all its ops or none, and once it returns `Ok`
///   the data survives a crash of the process;
/// - ops in one batch apply in order (a `Put` then `Delete` of one key deletes it);
/// - [`load_range`](Storage::load_range) returns every entry whose key starts with the
///   prefix's components (whole components, not string prefixes), sorted by key.
#[allow(async_fn_in_trait)] // adapters are used in single-threaded (browser) and blocking contexts
pub trait Storage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError>;
    async fn load_range(&self, prefix: &StorageKey)
        -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError>;
    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError>;
}
