//! Typed identifiers.

mod autosurgeon_string;
mod connection_id;
mod document_id;
mod group_id;
mod peer_id;

pub use connection_id::ConnectionId;
pub use document_id::{BadDocumentId, DocumentId};
pub use group_id::{BadGroupId, GroupId};
pub use peer_id::{BadPeerId, PeerId};
