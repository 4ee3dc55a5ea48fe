//! Typed documents. Pages and the server never touch CRDT paths: they read and change
//! documents through these types ([`read`] / [`update`]).

mod doc;
mod partnership;
mod root_index;

pub use doc::{read, update, DocError};
pub use partnership::{Group, PartnershipDoc, PartnershipError, MAX_NAME};
pub use root_index::{PartnershipEntry, RootIndex};
