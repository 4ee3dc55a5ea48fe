use automerge::ChangeHash;

use crate::{storage::StoreOp, ConnectionId, DocumentId, PeerId};

/// What the engine asks its adapter to do. See the module docs for the order.
#[derive(Debug, Default)]
#[must_use = "effects must be carried out"]
pub struct Effects {
    /// Commit atomically and durably before sending anything to a peer whose changes it
    /// stores (a reply acknowledges them); frames to other peers may leave before it.
    pub store: Vec<StoreOp>,
    /// What `store` makes durable: hand back to `storage_committed` / `storage_failed`.
    pub saved: Vec<Saved>,
    /// Frames to send, in order.
    pub send: Vec<(ConnectionId, Vec<u8>)>,
    /// Connections to close after sending their frames; the engine has forgotten them.
    pub close: Vec<ConnectionId>,
    /// Documents to load from storage and hand to `document_loaded`.
    pub load: Vec<DocumentId>,
    /// Documents to load (as [`Effects::load`]) only after this batch's frames have been
    /// sent: a server answered peers that hold nothing of them with their stored snapshot,
    /// and the load is kept off those peers' path (see [`crate::sync::Engine::document_loaded`]).
    pub load_after_send: Vec<DocumentId>,
    pub events: Vec<Event>,
}

/// A document's state that a commit makes durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub document: DocumentId,
    pub heads: Vec<ChangeHash>,
}

/// Things an application may want to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A document's content changed (by a peer, a load or a local edit).
    DocumentChanged(DocumentId),
    /// The other side has no such document (or may not give it to us).
    DocumentUnavailable(DocumentId),
    /// The handshake completed.
    PeerConnected { conn: ConnectionId, peer: PeerId },
    /// The connection ended: `error` says why, if it was not a clean close.
    PeerDisconnected { conn: ConnectionId, error: Option<String> },
    /// A peer's sync message added these changes to a document (emitted only when it added
    /// something). A server records who delivered each change (attribution) from these,
    /// in the same commit as the effects' `store`.
    ChangesReceived { conn: ConnectionId, document: DocumentId, changes: Vec<ChangeHash> },
    /// `conn` created a document nobody owned (see [`crate::sync::AccessPolicy::may_claim`]):
    /// emitted once, with the `ChangesReceived` of its first changes. A server records the
    /// owner in the same commit as those changes' chunks.
    Claimed { conn: ConnectionId, document: DocumentId },
    /// Transient data from a peer (presence), never stored.
    Ephemeral { document: DocumentId, sender: PeerId, data: Vec<u8> },
    /// A stored document could not be loaded; it is not served (and not overwritten).
    DocumentDamaged { document: DocumentId, error: String },
    /// Storing failed (client: the changes stay in memory and are retried).
    StorageFailed { documents: Vec<DocumentId> },
}

impl Effects {
    pub fn extend(&mut self, other: Effects) {
        self.store.extend(other.store);
        self.saved.extend(other.saved);
        self.send.extend(other.send);
        self.close.extend(other.close);
        self.load.extend(other.load);
        self.load_after_send.extend(other.load_after_send);
        self.events.extend(other.events);
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
            && self.send.is_empty()
            && self.close.is_empty()
            && self.load.is_empty()
            && self.load_after_send.is_empty()
            && self.events.is_empty()
    }
}
