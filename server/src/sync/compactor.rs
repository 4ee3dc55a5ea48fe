//! Background compaction: a thread with its own read connection to the store builds
//! documents' snapshots, so loading and saving a large document never holds up the hub
//! (and with it every other document's sync).
//!
//! The hub asks for a document after the commit that made it due
//! ([`domain::sync::Engine::compactions_due`]). The compactor reads the document's chunks
//! (only what is committed), builds the snapshot ([`domain::storage::compact`]) and hands it
//! back to the hub, which commits it within a round: the snapshot and the deletion of
//! exactly the chunks it was built from, in one transaction. Changes that arrive
//! meanwhile are in chunks the compactor never read, so they are kept. A compaction
//! acknowledges nothing to any peer, so it has no place in the durable-ack order.

use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::mpsc,
    thread::JoinHandle,
};

use domain::{
    storage::{compact, layout, Compaction},
    DocumentId,
};

use super::Compactions;
use crate::storage::DocumentStore;

/// What came of compacting one document: a snapshot to commit, nothing to do (`Ok(None)`),
/// or why it failed.
pub(crate) type Outcome = Result<Option<Compaction>, String>;

/// The hub's end of the compactor thread.
#[derive(Debug)]
pub(crate) struct Compactor {
    tx: mpsc::Sender<DocumentId>,
    _thread: JoinHandle<()>,
}

impl Compactor {
    /// Starts the thread on `storage` (a connection of its own); each outcome goes to
    /// `deliver`, and the thread stops once `deliver` fails (the hub is gone) or the
    /// compactor is dropped.
    pub(crate) fn start(
        storage: DocumentStore,
        probe: Compactions,
        deliver: impl Fn(DocumentId, Outcome) -> Result<(), ()> + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<DocumentId>();
        let thread = std::thread::Builder::new()
            .name("sync-compactor".into())
            .spawn(move || {
                while let Ok(document) = rx.recv() {
                    let outcome = catch_unwind(AssertUnwindSafe(|| build(&storage, document)))
                        .unwrap_or_else(|_| Err("compaction panicked".to_owned()));
                    if matches!(outcome, Ok(Some(_))) {
                        probe.snapshot_built();
                    }
                    if deliver(document, outcome).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Self { tx, _thread: thread })
    }

    /// Asks for `document` to be compacted; false if the thread has stopped.
    pub(crate) fn request(&self, document: DocumentId) -> bool {
        self.tx.send(document).is_ok()
    }
}

fn build(storage: &DocumentStore, document: DocumentId) -> Outcome {
    let chunks = storage.range(&layout::document_prefix(document)).map_err(|e| e.to_string())?;
    compact(document, &chunks).map_err(|e| e.to_string())
}
