use std::{cell::RefCell, collections::BTreeMap};

use super::{Storage, StorageError, StorageKey, StoreOp};

/// Storage in memory: for tests, simulations and native tools. Not durable.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    entries: RefCell<BTreeMap<StorageKey, Vec<u8>>>,
    /// When set, every commit fails (to test full disks).
    pub fail_commits: std::cell::Cell<bool>,
}

impl MemoryStorage {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies ops at once (the synchronous core of `commit`).
    pub fn apply(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        if self.fail_commits.get() {
            return Err(StorageError::QuotaExceeded("memory storage set to fail".into()));
        }
        let mut entries = self.entries.borrow_mut();
        for op in ops {
            match op {
                StoreOp::Put(k, v) => {
                    entries.insert(k, v);
                }
                StoreOp::Delete(k) => {
                    entries.remove(&k);
                }
            }
        }
        Ok(())
    }

    pub fn range(&self, prefix: &StorageKey) -> Vec<(StorageKey, Vec<u8>)> {
        let entries = self.entries.borrow();
        entries.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    pub fn all(&self) -> Vec<(StorageKey, Vec<u8>)> {
        self.entries.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

impl Storage for MemoryStorage {
    async fn load(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.entries.borrow().get(key).cloned())
    }

    async fn load_range(&self, prefix: &StorageKey) -> Result<Vec<(StorageKey, Vec<u8>)>, StorageError> {
        Ok(self.range(prefix))
    }

    async fn commit(&self, ops: Vec<StoreOp>) -> Result<(), StorageError> {
        self.apply(ops)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn memory_storage_passes_the_conformance_suite() {
        futures::executor::block_on(super::super::conformance::run(&super::MemoryStorage::new()));
    }
}
