//! Compacting a document's chunks into one snapshot, off the sync engine's path: an adapter
//! reads a document's chunks from storage, calls [`compact`] (the slow part: load every
//! chunk, save the whole document) wherever it likes (a background thread on the server),
//! then commits [`Compaction::ops`] in one atomic commit and reports it to the engine
//! ([`crate::sync::Engine::compacted`]).
//!
//! Safe with writes going on meanwhile: the snapshot holds everything in the chunks that were
//! read, and the commit deletes exactly those chunks. Chunks written after the read are not
//! touched, and chunk keys are content-addressed, so a key that was read still holds what
//! was read.

use automerge::ChangeHash;

use super::{
    layout::{self, ChunkKind},
    StorageKey, StoreOp,
};
use crate::DocumentId;

/// A snapshot that replaces some of a document's chunks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compaction {
    pub document: DocumentId,
    /// The snapshot's key.
    pub snapshot: StorageKey,
    /// The whole document as of the chunks read.
    pub bytes: Vec<u8>,
    /// The chunks the snapshot replaces: every chunk read, except the snapshot's own key.
    pub covered: Vec<StorageKey>,
    /// The document's heads in the snapshot.
    pub heads: Vec<ChangeHash>,
}

impl Compaction {
    /// What to commit, in one atomic commit: the snapshot, then the deletion of every chunk
    /// it covers.
    pub fn ops(&self) -> Vec<StoreOp> {
        let mut ops = Vec::with_capacity(1 + self.covered.len());
        ops.push(StoreOp::Put(self.snapshot.clone(), self.bytes.clone()));
        ops.extend(self.covered.iter().cloned().map(StoreOp::Delete));
        ops
    }
}

/// Builds the snapshot of `document` from `chunks` (all of its chunks, as storage listed
/// them). `None` when there is nothing to gain: no chunks, or already one snapshot alone.
/// Chunks that belong to another document are ignored.
pub fn compact(
    document: DocumentId,
    chunks: &[(StorageKey, Vec<u8>)],
) -> Result<Option<Compaction>, layout::LoadError> {
    let mine: Vec<&(StorageKey, Vec<u8>)> =
        chunks.iter().filter(|(key, _)| layout::document_of(key) == Some(document)).collect();
    match mine.as_slice() {
        [] => return Ok(None),
        [(key, _)] if layout::chunk_kind(key) == Some(ChunkKind::Snapshot) => return Ok(None),
        _ => {}
    }
    let doc = layout::load_chunks(mine.iter().map(|(_, bytes)| bytes.as_slice()))?;
    let heads = doc.get_heads();
    let snapshot = layout::chunk_key(document, ChunkKind::Snapshot, &heads);
    let covered = mine.iter().map(|(key, _)| key.clone()).filter(|key| *key != snapshot).collect();
    Ok(Some(Compaction { document, snapshot, bytes: doc.save(), covered, heads }))
}
