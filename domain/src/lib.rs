//! Quorum's pure core, built natively and for `wasm32-unknown-unknown`.
//!
//! - [`access`]: roles and the one access rule (a person's role on a document), shared by
//!   the server, which enforces it, and the app, which shows it.
//! - [`api`]: the `/api/*` request and response bodies, shared by server and app.
//! - [`ids`]: typed identifiers (`DocumentId`, `PeerId`, `ConnectionId`).
//! - [`protocol`]: the automerge-repo sync protocol v1 messages and their CBOR codec.
//! - [`storage`]: the storage port both adapters (IndexedDB, SQLite) implement, its key
//!   layout and the conformance suite every adapter must pass.
//! - [`sync`]: the sans-IO sync engine: messages in, effects out.
//! - [`meeting`]: meetings of a group (agenda, papers, attendance, decisions, minutes,
//!   actions) and the group's rules applied to them.
//! - [`model`]: typed documents (autosurgeon) and their invariants.
//! - [`procedure`]: shared multi-agency procedures: the library (manual), procedure
//!   documents written together, their comments, lifecycle, sign-off, publication, word
//!   diff and search.
//! - [`rules`]: quorum, obligations, attendance and schedules as pure functions.
//! - `demo` (with the `demo` feature only): the demo partnerships the server seeds.

pub mod access;
pub mod api;
#[cfg(feature = "demo")]
pub mod demo;
pub mod ids;
pub mod meeting;
pub mod model;
pub mod procedure;
pub mod protocol;
pub mod rules;
pub mod storage;
pub mod sync;
pub mod text;
pub mod text_index;

pub use ids::{
    BadDocumentId, BadGroupId, BadPeerId, ConnectionId, DocumentId, GroupId, ItemId, OrganisationId,
    PeerId, PersonId, SeatId,
};
