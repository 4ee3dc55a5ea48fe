use crate::PeerId;

/// Which side of the protocol an engine plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A browser or other client: announces every document it holds to the server,
    /// requests documents it lacks, keeps documents in memory when storage fails.
    Client,
    /// The sync server: answers `join`, serves documents it stores, relays changes between
    /// peers, never announces; drops a document from memory when storing it fails.
    Server,
}

/// How an engine behaves.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub peer_id: PeerId,
    pub role: Role,
    /// Sent in the `peer`/`join` metadata by peers that store documents durably.
    pub storage_id: Option<String>,
    /// After this many incremental chunks a document is compacted into one snapshot.
    pub compact_after: usize,
    /// The adapter compacts documents, off the engine's path (the server: on a background
    /// thread, so building the snapshot of a large document never holds up other documents).
    /// The engine then only writes incremental chunks (and a document's first save, a
    /// snapshot), lists the documents due for compaction in
    /// [`Engine::compactions_due`](super::Engine::compactions_due) (`compact_after`
    /// incremental chunks, or `compact_after_bytes` of them), and learns the outcome from
    /// [`Engine::compacted`](super::Engine::compacted). Off (the browser), the engine writes
    /// the snapshot itself in the save that reaches `compact_after` chunks or
    /// `compact_after_bytes` of them.
    pub background_compaction: bool,
    /// Incremental chunks holding this many bytes make a document due for compaction (with
    /// [`Self::background_compaction`]) or written as a snapshot (without), however few they
    /// are (incremental chunks load change by change; 64 KiB is some 500 changes, a few
    /// milliseconds to load).
    pub compact_after_bytes: usize,
    /// Hold sync messages and saves until [`Engine::flush`](super::Engine::flush) instead of
    /// producing them with the input that caused them: one save per document and at most one
    /// sync message per peer and document per flush, covering every change since the last.
    /// An adapter that batches its inputs (the server's hub: one flush per round, before the
    /// round's commit) sets this; one that does not (the browser) leaves it off.
    pub coalesce: bool,
    /// Hold saves (not sync messages) until [`Engine::flush`](super::Engine::flush): a
    /// change is saved with the changes after it, once the adapter flushes (the browser:
    /// after the frame that shows it, so a keystroke never waits for storage). Implied by
    /// [`Self::coalesce`].
    pub defer_saves: bool,
}

impl EngineConfig {
    pub fn new(peer_id: PeerId, role: Role) -> Self {
        Self {
            peer_id,
            role,
            storage_id: None,
            compact_after: 32,
            background_compaction: false,
            compact_after_bytes: 64 * 1024,
            coalesce: false,
            defer_saves: false,
        }
    }
}
