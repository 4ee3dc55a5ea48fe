//! The document/sync layer: the only code that touches the sync engine.
//!
//! - [`api`]: the [`Repo`] that drives the engine — its public API and published status;
//! - [`queue`]: the ordered effect queue (storage commits and their retries, frames,
//!   notices);
//! - [`deferred`]: saves and sync messages after the frame, snapshots in idle time;
//! - [`leadership`]: which tab holds the server connection, as a plain state machine;
//! - [`status`]: the sync status it publishes and the "not yet on the server" bookkeeping,
//!   as plain data;
//! - [`platform`]: what the repo needs from where it runs (timers, tasks, socket, tabs,
//!   storage), so it runs natively in tests on `MemoryStorage`;
//! - [`browser`]: that platform in a browser, and the app's [`Repo`] on IndexedDB;
//! - [`indexeddb`]: the [`domain::storage::Storage`] port on IndexedDB, and [`preload`]:
//!   what `index.html` already read of it while the app's code downloaded;
//! - [`journal`]: chunks a page being left saves, kept in `localStorage` until IndexedDB
//!   has them;
//! - [`websocket`]: one reconnecting websocket to `/sync`;
//! - [`tabs`]: the `BroadcastChannel` and Web Lock of several tabs of one browser;
//! - [`settings`]: small per-device settings in `localStorage`;
//! - [`probe`]: read and change counters the client benchmark reads;
//! - [`view_cache`] and [`saved_views`]: a few fields of documents saved as JSON, so lists
//!   draw while the documents still load at start.

pub mod browser;
pub mod api;
pub mod deferred;
pub mod indexeddb;
pub mod journal;
pub mod leadership;
pub mod platform;
pub mod preload;
pub mod page_code;
pub mod probe;
pub mod queue;
pub mod saved_views;
pub mod settings;
pub mod status;
pub mod tabs;
pub mod view_cache;
pub mod websocket;

pub use self::api::{DocView, FollowPolicy, Notice, RepoOptions};
pub use indexeddb::IndexedDbStorage;
pub use queue::chunks_by_document;
pub use view_cache::SavedView;
pub use status::{arrival_message, ConnectionPhase, ShownState, SyncSnapshot, SyncState};

/// The app's repo: documents in IndexedDB, synced over the websocket, in this browser.
pub type Repo = self::api::Repo<IndexedDbStorage>;
