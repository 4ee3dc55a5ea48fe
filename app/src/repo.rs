//! The document/sync layer: the only code that touches the sync engine.
//!
//! - [`indexeddb`]: the [`domain::storage::Storage`] port on IndexedDB;
//! - [`websocket`]: one reconnecting websocket to `/sync`;
//! - [`runtime`]: the [`Repo`] that drives the engine and carries out its effects;
//! - [`status`]: the sync status it publishes, as plain data;
//! - [`settings`]: small per-device settings in `localStorage`;
//! - [`tabs`]: several tabs of one browser, one connection;
//! - [`probe`]: read and change counters the client benchmark reads.

pub mod indexeddb;
pub mod probe;
pub mod runtime;
pub mod settings;
pub mod status;
pub mod tabs;
pub mod websocket;

pub use indexeddb::IndexedDbStorage;
pub use runtime::{DocView, Notice, Repo, RepoOptions};
pub use status::{arrival_message, ConnectionPhase, SyncSnapshot, SyncState};
