//! [`Compactions`]: what the background compactor has done, for tests (which wait on it
//! instead of sleeping), and a way for a test to hold a compaction between reading a
//! document's chunks and handing the snapshot to the hub, so it can make changes meanwhile.

use std::sync::{Arc, Condvar, Mutex};

use tokio::sync::watch;

/// Counts of compactions built and committed; cheap to clone, every clone sees the same.
#[derive(Debug, Clone)]
pub struct Compactions {
    built: watch::Sender<u64>,
    committed: watch::Sender<u64>,
    held: Arc<(Mutex<bool>, Condvar)>,
}

impl Default for Compactions {
    fn default() -> Self {
        Self {
            built: watch::Sender::new(0),
            committed: watch::Sender::new(0),
            held: Arc::new((Mutex::new(false), Condvar::new())),
        }
    }
}

/// While alive, the compactor waits after building each snapshot (see [`Compactions::hold`]).
#[derive(Debug)]
pub struct HeldCompactions(Compactions);

impl Compactions {
    /// Snapshots built from the chunks read (committed or not yet).
    pub fn built(&self) -> watch::Receiver<u64> {
        self.built.subscribe()
    }

    /// Compactions committed: their snapshot stored and the chunks it covers deleted.
    pub fn committed(&self) -> watch::Receiver<u64> {
        self.committed.subscribe()
    }

    /// Holds every compaction after it has read the chunks and built the snapshot, until
    /// the guard is dropped.
    pub fn hold(&self) -> HeldCompactions {
        *self.held.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
        HeldCompactions(self.clone())
    }

    /// The compactor built a snapshot: count it, then wait while compactions are held.
    pub(crate) fn snapshot_built(&self) {
        self.built.send_modify(|n| *n += 1);
        let (held, released) = &*self.held;
        let mut held = held.lock().unwrap_or_else(|e| e.into_inner());
        while *held {
            held = released.wait(held).unwrap_or_else(|e| e.into_inner());
        }
    }

    pub(crate) fn committed_one(&self) {
        self.committed.send_modify(|n| *n += 1);
    }
}

impl Drop for HeldCompactions {
    fn drop(&mut self) {
        let (held, released) = &*self.0.held;
        *held.lock().unwrap_or_else(|e| e.into_inner()) = false;
        released.notify_all();
    }
}
