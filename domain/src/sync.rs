//! The sans-IO sync engine for the automerge-repo protocol.
//!
//! The [`Engine`] owns documents and per-connection sync state. Adapters feed it frames
//! and storage results and carry out the [`Effects`] it returns, in this order:
//! 1. commit [`Effects::store`] atomically, then report it with
//!    [`Engine::storage_committed`] or [`Engine::storage_failed`];
//! 2. only then send [`Effects::send`] and close [`Effects::close`] (so a reply never
//!    claims a change that a crash could still lose);
//! 3. answer every [`Effects::load`] with [`Engine::document_loaded`].
//!
//! The same engine runs in the browser (role [`Role::Client`]) and on the server
//! ([`Role::Server`]); the roles differ only in policy: clients announce every document to
//! the server, servers answer requests and never announce.

mod config;
mod connection;
mod document;
mod effects;
mod engine;
mod policy;
mod status;

pub use config::{EngineConfig, Role};
pub use connection::Direction;
pub use effects::{Effects, Event, Saved};
pub use engine::{Engine, UnknownDocument};
pub use policy::{AccessPolicy, AllowAll};
pub use status::SyncSummary;
