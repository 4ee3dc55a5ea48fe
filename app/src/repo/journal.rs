//! The leaving journal: what a page saves as it is hidden or left also goes to
//! `localStorage`, whose writes are done when the call returns.
//!
//! An IndexedDB transaction issued as a page is reloaded or closed may be aborted with the
//! page (the browser closes the page's connections, and a transaction not yet committed by
//! then is lost): the last keystrokes, made after the last save, would go with it. So the
//! save made on the way out ([`super::Repo::flush_before_leaving`]) writes its chunks here
//! first, then to IndexedDB, and removes them here once IndexedDB has them. The next start
//! reads any left here with the database's chunks, writes them to IndexedDB and removes
//! them ([`super::IndexedDbStorage::load_all`]).
//!
//! Only chunk puts are kept, each under the database's prefix and its storage key, as
//! base64, and only while they are small ([`JOURNAL_BUDGET_BYTES`] for one save: keystrokes
//! made since the last save, not a snapshot of a long procedure). Chunks are named by their
//! content, so one kept twice (here and in IndexedDB, or read by two tabs) is harmless.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use domain::storage::{StorageKey, StoreOp};

/// One save's chunks are journalled only up to this many bytes (before base64); a larger
/// save relies on IndexedDB alone. `localStorage` holds about 5 MB per origin.
pub const JOURNAL_BUDGET_BYTES: usize = 256 * 1024;

/// The journal of one IndexedDB database.
#[derive(Debug, Clone)]
pub struct Journal {
    prefix: String,
}

impl Journal {
    /// The journal of database `database`.
    pub fn of(database: &str) -> Self {
        Self { prefix: format!("quorum.journal.{database}/") }
    }

    /// The `localStorage` entries (key, value) that keep the puts of `ops` (see [`kept_puts`]).
    pub fn entries_for(&self, ops: &[StoreOp]) -> Vec<(String, String)> {
        kept_puts(ops)
            .into_iter()
            .map(|(key, bytes)| (format!("{}{}", self.prefix, key.encode()), STANDARD.encode(bytes)))
            .collect()
    }

    /// Whether `key` is an entry of this journal.
    pub fn holds(&self, key: &str) -> bool {
        key.starts_with(&self.prefix)
    }

    /// The chunk an entry of this journal keeps; `None` for another key or a damaged entry.
    pub fn chunk_of(&self, key: &str, value: &str) -> Option<(StorageKey, Vec<u8>)> {
        let key = key.strip_prefix(&self.prefix)?.parse().ok()?;
        Some((key, STANDARD.decode(value).ok()?))
    }

    /// Writes `ops`' puts to `localStorage` (see [`Journal::entries_for`]): the keys
    /// written, to remove once IndexedDB has them. A full or missing `localStorage` keeps
    /// nothing (IndexedDB still gets the save).
    pub fn write(&self, ops: &[StoreOp]) -> Vec<String> {
        let Some(store) = local_storage() else { return Vec::new() };
        let mut written = Vec::new();
        for (key, value) in self.entries_for(ops) {
            if store.set_item(&key, &value).is_err() {
                break;
            }
            written.push(key);
        }
        written
    }

    /// Every chunk kept, with its `localStorage` key.
    pub fn read(&self) -> Vec<(String, StorageKey, Vec<u8>)> {
        let Some(store) = local_storage() else { return Vec::new() };
        self.keys(&store)
            .into_iter()
            .filter_map(|k| {
                let value = store.get_item(&k).ok().flatten()?;
                let (key, bytes) = self.chunk_of(&k, &value)?;
                Some((k, key, bytes))
            })
            .collect()
    }

    /// Removes entries (IndexedDB has their chunks).
    pub fn remove(&self, keys: &[String]) {
        let Some(store) = local_storage() else { return };
        for k in keys {
            let _ = store.remove_item(k);
        }
    }

    /// Removes every entry (the database is deleted).
    pub fn clear(&self) {
        let Some(store) = local_storage() else { return };
        self.remove(&self.keys(&store));
    }

    /// The `localStorage` keys of this journal's entries.
    fn keys(&self, store: &web_sys::Storage) -> Vec<String> {
        keys_under(store, &self.prefix)
    }
}

/// The puts of `ops` when together they are within [`JOURNAL_BUDGET_BYTES`]; none otherwise
/// (deletes are never kept).
pub fn kept_puts(ops: &[StoreOp]) -> Vec<(&StorageKey, &[u8])> {
    let puts: Vec<(&StorageKey, &[u8])> = ops
        .iter()
        .filter_map(|op| match op {
            StoreOp::Put(key, bytes) => Some((key, bytes.as_slice())),
            StoreOp::Delete(_) => None,
        })
        .collect();
    if puts.iter().map(|(_, b)| b.len()).sum::<usize>() > JOURNAL_BUDGET_BYTES {
        return Vec::new();
    }
    puts
}

/// This origin's `localStorage`, where there is one.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The keys of `store` that start with `prefix`.
pub fn keys_under(store: &web_sys::Storage, prefix: &str) -> Vec<String> {
    let len = store.length().unwrap_or(0);
    (0..len).filter_map(|i| store.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{
        storage::layout::{chunk_key, ChunkKind},
        DocumentId,
    };

    fn key(n: u8) -> StorageKey {
        chunk_key(DocumentId::random(), ChunkKind::Incremental, &[automerge::ChangeHash([n; 32])])
    }

    #[test]
    fn a_kept_chunk_reads_back_as_itself_and_only_for_its_database() {
        let journal = Journal::of("quorum");
        let k = key(1);
        let entries = journal.entries_for(&[StoreOp::Put(k.clone(), vec![1, 2, 3]), StoreOp::Delete(key(2))]);
        assert_eq!(entries.len(), 1, "deletes are not kept");
        let (name, value) = &entries[0];
        assert_eq!(journal.chunk_of(name, value), Some((k, vec![1, 2, 3])));
        assert_eq!(Journal::of("quorum-test").chunk_of(name, value), None);
        assert!(!Journal::of("quorum-test").holds(name));
        assert_eq!(journal.chunk_of(name, "not base64!"), None);
    }

    #[test]
    fn a_save_over_the_budget_is_left_to_indexeddb() {
        let journal = Journal::of("quorum");
        let big = vec![0u8; JOURNAL_BUDGET_BYTES / 2 + 1];
        let ops = [StoreOp::Put(key(1), big.clone()), StoreOp::Put(key(2), big)];
        assert!(journal.entries_for(&ops).is_empty());
        assert_eq!(journal.entries_for(&ops[..1]).len(), 1);
    }
}
