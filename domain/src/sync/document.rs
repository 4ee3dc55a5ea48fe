use std::collections::HashMap;

use automerge::{sync, Automerge, ChangeHash};

use crate::{
    storage::{
        layout::{self, ChunkKind},
        StorageKey, StoreOp,
    },
    ConnectionId, DocumentId,
};

use super::{effects::Saved, recent::RecentPatches};

/// One document in memory with what is known about its storage and its peers.
#[derive(Debug)]
pub(crate) struct DocState {
    pub(crate) doc: Automerge,
    /// Heads covered by chunks already handed to storage.
    saved_heads: Vec<ChangeHash>,
    /// Heads confirmed durable by the adapter.
    durable_heads: Vec<ChangeHash>,
    /// Chunks believed to be in storage for this document (or on their way there).
    chunks: Vec<StoredChunk>,
    /// The adapter is building a snapshot of this document ([`super::Engine::compactions_due`]).
    compacting: bool,
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
    /// What the last sync messages did to it (a client's engine only: [`super::Engine::patches_since`]).
    pub(crate) recent: RecentPatches,
}

impl DocState {
    pub(crate) fn new_empty() -> Self {
        Self::from_storage(Automerge::new(), Vec::new())
    }

    /// A document as loaded from `chunks` (their keys and sizes): everything in it is
    /// already durable.
    pub(crate) fn from_storage(doc: Automerge, chunks: Vec<(StorageKey, usize)>) -> Self {
        let chunks = chunks.into_iter().map(|(key, len)| StoredChunk::new(key, len)).collect();
        let heads = doc.get_heads();
        Self {
            doc,
            saved_heads: heads.clone(),
            durable_heads: heads,
            chunks,
            compacting: false,
            needs_snapshot: false,
            in_flight: 0,
            tainted: 0,
            peers: HashMap::new(),
            claimed_by: None,
            recent: RecentPatches::default(),
        }
    }

    pub(crate) fn heads(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.doc.get_heads().is_empty()
    }

    /// Nothing holds it in memory: no peer syncs it, no claim is pending, every change is
    /// durable, and no save or compaction is under way.
    pub(crate) fn is_settled(&self) -> bool {
        self.peers.is_empty() && self.claimed_by.is_none() && self.in_flight == 0 && !self.compacting && !self.needs_snapshot && self.is_durable()
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

    /// Storage ops that make the current content durable, if anything is unsaved.
    ///
    /// - The first save of a document (no chunk of it stored yet) writes the whole document
    ///   as a snapshot: it costs about what its changes one by one would, and loads in bulk
    ///   (a document received whole, e.g. pushed by its creator, is loaded fast after a
    ///   restart without waiting for a compaction).
    /// - After a failed commit, a snapshot replacing every known chunk (the chunks written
    ///   since may be missing their predecessors).
    /// - `inline_compact_after` (the browser): a snapshot replacing every known chunk once
    ///   there are that many chunks, or the incremental ones with this save's would hold that
    ///   many bytes (a document received in one large sync would otherwise load change by
    ///   change on every start until 32 more saves). With background compaction (the
    ///   server) `None`: the adapter compacts instead ([`Self::compaction_due`]).
    /// - Otherwise an incremental chunk of the changes since the last save.
    pub(crate) fn save(&mut self, id: DocumentId, inline_compact_after: Option<(usize, usize)>) -> Option<(Vec<StoreOp>, Saved)> {
        let heads = self.doc.get_heads();
        if heads == self.saved_heads && !self.needs_snapshot {
            return None;
        }
        let incremental = (!self.needs_snapshot && !self.chunks.is_empty()).then(|| self.doc.save_after(&self.saved_heads));
        let incremental_bytes = || -> usize {
            let stored: usize = self.chunks.iter().filter(|c| c.kind == Some(ChunkKind::Incremental)).map(|c| c.len).sum();
            stored + incremental.as_ref().map_or(0, Vec::len)
        };
        let compact_inline = inline_compact_after.is_some_and(|(chunks, bytes)| self.chunks.len() >= chunks || incremental_bytes() >= bytes);
        let ops = if self.needs_snapshot || compact_inline || self.chunks.is_empty() {
            let key = layout::chunk_key(id, ChunkKind::Snapshot, &heads);
            let bytes = self.doc.save();
            let len = bytes.len();
            let mut ops = vec![StoreOp::Put(key.clone(), bytes)];
            ops.extend(self.chunks.drain(..).map(|c| c.key).filter(|k| *k != key).map(StoreOp::Delete));
            self.chunks.push(StoredChunk::new(key, len));
            ops
        } else {
            let key = layout::chunk_key(id, ChunkKind::Incremental, &heads);
            let bytes = incremental.unwrap_or_else(|| self.doc.save_after(&self.saved_heads));
            self.chunks.push(StoredChunk::new(key.clone(), bytes.len()));
            vec![StoreOp::Put(key, bytes)]
        };
        self.needs_snapshot = false;
        self.in_flight += 1;
        self.saved_heads = heads.clone();
        Some((ops, Saved { document: id, heads }))
    }

    /// Whether the adapter should compact this document now: it is not already doing so,
    /// and its incremental chunks are `after_chunks` or more, or hold `after_bytes` or more
    /// (each incremental chunk is loaded change by change, a snapshot in bulk).
    pub(crate) fn compaction_due(&self, after_chunks: usize, after_bytes: usize) -> bool {
        let incremental = self.chunks.iter().filter(|c| c.kind == Some(ChunkKind::Incremental));
        let (count, bytes) = incremental.fold((0, 0), |(n, b), c| (n + 1, b + c.len));
        !self.compacting && count > 0 && (count >= after_chunks || bytes >= after_bytes)
    }

    /// A snapshot of the document as held in memory replacing every chunk stored for it, for
    /// an adapter that compacts from memory (the browser: reading the chunks back and loading
    /// them would cost twice the snapshot). `None` while a save is on its way to storage or
    /// after a failed commit (the chunk list is not yet what storage holds), or when there is
    /// nothing to gain (no chunks, or one snapshot alone).
    pub(crate) fn compaction_from_memory(&self, id: DocumentId) -> Option<crate::storage::Compaction> {
        if self.in_flight > 0 || self.needs_snapshot || self.chunks.is_empty() {
            return None;
        }
        if let [only] = self.chunks.as_slice() {
            if only.kind == Some(ChunkKind::Snapshot) {
                return None;
            }
        }
        let heads = self.doc.get_heads();
        let snapshot = layout::chunk_key(id, ChunkKind::Snapshot, &heads);
        let covered = self.chunks.iter().map(|c| c.key.clone()).filter(|k| *k != snapshot).collect();
        Some(crate::storage::Compaction { document: id, snapshot, bytes: self.doc.save(), covered, heads })
    }

    pub(crate) fn compaction_started(&mut self) {
        self.compacting = true;
    }

    /// A snapshot replacing `covered` was committed (or, `None`, the compaction did not happen).
    pub(crate) fn compaction_ended(&mut self, done: Option<(&[StorageKey], &StorageKey, usize)>) {
        self.compacting = false;
        if let Some((covered, snapshot, len)) = done {
            self.chunks.retain(|c| !covered.contains(&c.key) && c.key != *snapshot);
            self.chunks.insert(0, StoredChunk::new(snapshot.clone(), len));
        }
    }

    pub(crate) fn committed(&mut self, heads: &[ChangeHash]) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if self.tainted > 0 {
            self.tainted -= 1;
            return;
        }
        self.durable_heads = heads.to_vec();
        // Changes merged from storage while this save was on its way (another node's) are
        // durable already: with every save committed and nothing unsaved, so is all of it.
        // Without this the document never counted as durable again (and was never evicted)
        // until its next local change.
        if self.in_flight == 0 && !self.needs_snapshot && self.saved_heads == self.doc.get_heads() {
            self.durable_heads = self.saved_heads.clone();
        }
    }

    /// A commit failed: nothing of it may be assumed stored, nor anything saved after it
    /// that is still on its way to storage.
    pub(crate) fn commit_failed(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.tainted = self.in_flight;
        self.saved_heads = self.durable_heads.clone();
        self.needs_snapshot = true;
    }

    /// Merges chunks another writer committed to this document's storage (another server
    /// node on the same database): the ones not known here are loaded, and kept in the list
    /// of stored chunks. What they add is durable already, so when everything here was
    /// saved before, it still is (nothing is saved again); otherwise the next save covers
    /// them too, which is harmless. Returns the unreadable chunks' errors.
    pub(crate) fn merge_stored(&mut self, chunks: Vec<(StorageKey, Vec<u8>)>) -> Vec<String> {
        let before = self.doc.get_heads();
        let mut errors = Vec::new();
        for (key, bytes) in chunks {
            if self.chunks.iter().any(|c| c.key == key) {
                continue;
            }
            match self.doc.load_incremental(&bytes) {
                Ok(_) => self.chunks.push(StoredChunk::new(key, bytes.len())),
                Err(e) => errors.push(format!("{key}: {e}")),
            }
        }
        self.merged_durable(before);
        errors
    }

    /// Merges changes that are durable already but in no chunk this copy will hear of (a
    /// snapshot built from storage that replaces chunks it never read), as
    /// [`Self::merge_stored`] does, without counting a chunk for them.
    pub(crate) fn merge_durable(&mut self, bytes: &[u8]) -> Result<(), String> {
        let before = self.doc.get_heads();
        let loaded = self.doc.load_incremental(bytes).map(|_| ()).map_err(|e| e.to_string());
        self.merged_durable(before);
        loaded
    }

    /// After merging durable changes onto `before`: what was saved (or durable) up to
    /// `before` still is, with them.
    fn merged_durable(&mut self, before: Vec<ChangeHash>) {
        let heads = self.doc.get_heads();
        if heads != before {
            if self.saved_heads == before && !self.needs_snapshot {
                self.saved_heads = heads.clone();
            }
            if self.durable_heads == before && self.in_flight == 0 {
                self.durable_heads = heads;
            }
        }
    }

    /// Whether `key` is among the chunks believed stored for this document.
    pub(crate) fn knows_chunk(&self, key: &StorageKey) -> bool {
        self.chunks.iter().any(|c| c.key == *key)
    }

    pub(crate) fn needs_save(&self) -> bool {
        self.needs_snapshot || self.saved_heads != self.doc.get_heads()
    }
}

/// A chunk of the document believed to be in storage.
#[derive(Debug)]
struct StoredChunk {
    key: StorageKey,
    kind: Option<ChunkKind>,
    len: usize,
}

impl StoredChunk {
    fn new(key: StorageKey, len: usize) -> Self {
        Self { kind: layout::chunk_kind(&key), key, len }
    }
}
