//! quorum-server: serves the Quorum app and syncs its documents (automerge-repo sync
//! protocol v1 over websockets) with durable SQLite storage.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod feeds;
pub mod http;
pub mod joint;
pub mod new_document;
pub mod papers;
pub mod partnerships;
pub mod shutdown;
pub mod startup;
pub mod static_files;
pub mod storage;
pub mod sync;
pub mod telemetry;
pub mod transfer;

pub use config::Config;
pub use shutdown::shutdown_signal;
pub use http::{router, AppState};
pub use startup::serve;
