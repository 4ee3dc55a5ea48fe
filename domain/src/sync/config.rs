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
    /// Hold sync messages and saves until [`Engine::flush`](super::Engine::flush) instead of
    /// producing them with the input that caused them: one save per document and at most one
    /// sync message per peer and document per flush, covering every change since the last.
    /// An adapter that batches its inputs (the server's hub: one flush per round, before the
    /// round's commit) sets this; one that does not (the browser) leaves it off.
    pub coalesce: bool,
}

impl EngineConfig {
    pub fn new(peer_id: PeerId, role: Role) -> Self {
        Self { peer_id, role, storage_id: None, compact_after: 32, coalesce: false }
    }
}
