//! [`Rechecks`]: a counter the sync hub bumps each time it has re-checked its open
//! connections (sessions and tokens still valid, documents still readable): after every
//! access change it is told of, and on every tick. Tests wait on it instead of sleeping.

use tokio::sync::watch;

/// The number of completed re-checks; cheap to clone, every clone sees the same count.
#[derive(Debug, Clone)]
pub struct Rechecks(watch::Sender<u64>);

impl Default for Rechecks {
    fn default() -> Self {
        Self(watch::Sender::new(0))
    }
}

impl Rechecks {
    /// Counts one completed re-check.
    pub(crate) fn bump(&self) {
        self.0.send_modify(|n| *n += 1);
    }

    /// The count now.
    pub fn count(&self) -> u64 {
        *self.0.borrow()
    }

    /// A receiver that is told of every later re-check.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }
}
