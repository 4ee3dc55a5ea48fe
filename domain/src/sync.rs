//! The sans-IO sync engine for the automerge-repo protocol.
//!
//! The [`Engine`] owns documents and per-connection sync state. Adapters feed it frames
//! and storage results and carry out the [`Effects`] it returns, in this order:
//! 1. commit [`Effects::store`] atomically, then report it with
//!    [`Engine::storage_committed`] or [`Engine::storage_failed`];
//! 2. only then send [`Effects::send`] and close [`Effects::close`] (so a reply never
//!    claims a change that a crash could still lose);
//! 3. answer every [`Effects::load`] with [`Engine::document_loaded`], and every
//!    [`Effects::load_after_send`] likewise once the frames of the same batch are sent.
//!
//! An adapter that takes its inputs in batches sets [`EngineConfig::coalesce`] and calls
//! [`Engine::flush`] once per batch, before its commit: the engine then saves each changed
//! document once and sends each peer at most one sync message per document per batch,
//! covering every change since the last. Whatever the mode, a sync message that would tell
//! the peer nothing new is not sent (see `carries_news` in the engine).
//!
//! The same engine runs in the browser (role [`Role::Client`]) and on the server
//! ([`Role::Server`]); the roles differ only in policy: clients announce every document to
//! the server, servers answer requests and never announce.
//!
//! A server whose policy holds back new documents for a while (a quota of claims a minute:
//! [`AccessPolicy::claim_later`]) makes their creator wait rather than refusing them for
//! good: the claim is answered `doc-unavailable` as before, but remembered (its id only),
//! and a timer calls
//! [`Engine::invite_deferred_claims`], which asks the creator to send each document again
//! as the quota frees. Readers that asked for such a document before it existed are sent it
//! once its owner is recorded ([`Engine::owners_known`]). A library of hundreds of documents
//! made at once thus reaches the server and every device, at the quota's pace.

mod config;
mod connection;
mod document;
mod effects;
mod engine;
mod policy;
mod recent;
mod shared_apply;
mod snapshot_reply;
mod status;

pub use config::{EngineConfig, Role};
pub use connection::Direction;
pub use effects::{Effects, Event, Saved};
pub use engine::{Engine, EphemeralTooLarge, UnknownDocument, MAX_AWAITED_DOCUMENTS, MAX_DEFERRED_CLAIMS};
pub use policy::{AccessPolicy, AllowAll};
pub use status::SyncSummary;
