use crate::{DocumentId, PeerId};

/// The only protocol version there is.
pub const PROTOCOL_V1: &str = "1";

/// What a peer says about itself in `join` and `peer`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMetadata {
    /// Set by peers that store documents durably (the server does).
    pub storage_id: Option<String>,
    pub is_ephemeral: bool,
}

/// One protocol message, already validated (ids parsed, required fields present).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Client → server, first message on a connection.
    Join { sender: PeerId, supported_versions: Vec<String>, metadata: PeerMetadata },
    /// Server → client, answer to `join`.
    Peer { sender: PeerId, target: PeerId, selected_version: String, metadata: PeerMetadata },
    /// Either way: the sender is closing the connection because of `message`.
    Error { message: String },
    /// Client → server: the client is going away.
    Leave { sender: PeerId },
    /// "I want this document": carries the requester's sync message.
    Request { sender: PeerId, target: PeerId, document: DocumentId, data: Vec<u8> },
    /// An automerge sync message for one document.
    Sync { sender: PeerId, target: PeerId, document: DocumentId, data: Vec<u8> },
    /// "I don't have (or may not give you) this document."
    DocUnavailable { sender: PeerId, target: PeerId, document: DocumentId },
    /// Transient data (presence, cursors) relayed to the document's other peers, never stored.
    Ephemeral {
        sender: PeerId,
        target: PeerId,
        document: DocumentId,
        session: String,
        count: u64,
        data: Vec<u8>,
    },
    /// Gossip about other storage peers' heads; understood and deliberately ignored.
    RemoteHeads { sender: PeerId },
}

impl Message {
    /// The document a message is about, if any.
    pub fn document(&self) -> Option<DocumentId> {
        match self {
            Message::Request { document, .. }
            | Message::Sync { document, .. }
            | Message::DocUnavailable { document, .. }
            | Message::Ephemeral { document, .. } => Some(*document),
            _ => None,
        }
    }

    /// The protocol's name for this message's type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Message::Join { .. } => "join",
            Message::Peer { .. } => "peer",
            Message::Error { .. } => "error",
            Message::Leave { .. } => "leave",
            Message::Request { .. } => "request",
            Message::Sync { .. } => "sync",
            Message::DocUnavailable { .. } => "doc-unavailable",
            Message::Ephemeral { .. } => "ephemeral",
            Message::RemoteHeads { .. } => "remote-heads-changed",
        }
    }
}
