//! Typed identifiers.

mod autosurgeon_string;
pub(crate) use autosurgeon_string::store_as_string;
mod connection_id;
mod document_id;
mod group_id;
mod item_ids;
mod peer_id;
mod uuid_id;

pub use connection_id::ConnectionId;
pub use document_id::{BadDocumentId, DocumentId};
pub use group_id::{BadGroupId, GroupId};
pub use item_ids::{
    BadItemId, BadOrganisationId, BadPersonId, BadSeatId, ItemId, OrganisationId, PersonId, SeatId,
};
pub use peer_id::{BadPeerId, PeerId};
