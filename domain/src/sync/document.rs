use std::collections::HashMap;

use automerge::{sync, Automerge, ChangeHash};

use crate::{
    storage::{
        layout::{self, ChunkKind},
        StorageKey, StoreOp,
    },
    ConnectionId, DocumentId,
};

use super::effects::Saved;

/// One document in memory with what is known about its storage and its peers.
#[derive(Debug)]
pub(crate) struct DocState {
    pub(crate) doc: Automerge,
    /// Heads covered by chunks already handed to storage.
    saved_heads: Vec<ChangeHash>,
    /// Heads confirmed durable by the adapter.
    durable_heads: Vec<ChangeHash>,
    /// Chunk keys believed to be in storage for this document.
    chunks: Vec<StorageKey>,
    /// Set after a failed commit: the next save writes a whole snapshot.
    needs_snapshot: bool,
    /// Saves handed to the adapter whose outcome is not reported yet (reported in order).
    in_flight: usize,
    /// How many of those were written on top of a chunk whose commit failed: their success
    /// does not make the document loadable from storage, so it is not taken as durable
    /// (the snapshot the retry writes is).
    tainted: usize,
    pub(crate) peers: HashMap<ConnectionId, sync::State>,
    /// The connection that created this document by claiming it (its owner is not known to
    /// the access policy until the claim is committed; meanwhile it may read and write).
    pub(crate) claimed_by: Option<ConnectionId>,
}

impl DocState {
    pub(crate) fn new_empty() -> Self {
        Self::from_storage(Automerge::new(), Vec::new())
    }

    /// A document as loaded from `chunks`: everything in it is already durable.
    pub(crate) fn from_storage(doc: Automerge, chunks: Vec<StorageKey>) -> Self {
        let heads = doc.get_heads();
        Self {
            doc,
            saved_heads: heads.clone(),
            durable_heads: heads,
            chunks,
            needs_snapshot: false,
            in_flight: 0,
            tainted: 0,
            peers: HashMap::new(),
            claimed_by: None,
        }
    }

    pub(crate) fn heads(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.doc.get_heads().is_empty()
    }

    pub(crate) fn is_durable(&self) -> bool {
        self.durable_heads == self.doc.get_heads()
    }

    /// Whether the peer on `conn` has confirmed holding every change we have.
    pub(crate) fn peer_has_everything(&self, conn: ConnectionId) -> bool {
        let heads = self.doc.get_heads();
        match self.peers.get(&conn).and_then(|s| s.their_heads.as_ref()) {
            Some(theirs) => heads.iter().all(|h| theirs.contains(h)),
            None => heads.is_empty(),
        }
    }

    /// Storage ops that make the current content durable, if anything is unsaved:
    /// an incremental chunk, or a snapshot replacing every known chunk once there are
    /// `compact_after` of them (or after a failed commit).
    pub(crate) fn save(&mut self, id: DocumentId, compact_after: usize) -> Option<(Vec<StoreOp>, Saved)> {
        let heads = self.doc.get_heads();
        if heads == self.saved_heads && !self.needs_snapshot {
            return None;
        }
        let ops = if self.needs_snapshot || self.chunks.len() >= compact_after {
            let key = layout::chunk_key(id, ChunkKind::Snapshot, &heads);
            let mut ops = vec![StoreOp::Put(key.clone(), self.doc.save())];
            ops.extend(self.chunks.drain(..).filter(|k| *k != key).map(StoreOp::Delete));
            self.chunks.push(key);
            ops
        } else {
            let key = layout::chunk_key(id, ChunkKind::Incremental, &heads);
            let bytes = self.doc.save_after(&self.saved_heads);
            self.chunks.push(key.clone());
            vec![StoreOp::Put(key, bytes)]
        };
        self.needs_snapshot = false;
        self.in_flight += 1;
        self.saved_heads = heads.clone();
        Some((ops, Saved { document: id, heads }))
    }

    pub(crate) fn committed(&mut self, heads: &[ChangeHash]) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if self.tainted > 0 {
            self.tainted -= 1;
            return;
        }
        self.durable_heads = heads.to_vec();
    }

    /// A commit failed: nothing of it may be assumed stored, nor anything saved after it
    /// that is still on its way to storage.
    pub(crate) fn commit_failed(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.tainted = self.in_flight;
        self.saved_heads = self.durable_heads.clone();
        self.needs_snapshot = true;
    }

    pub(crate) fn needs_save(&self) -> bool {
        self.needs_snapshot || self.saved_heads != self.doc.get_heads()
    }
}
