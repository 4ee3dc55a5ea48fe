//! `GET /sync`: the automerge-repo sync protocol over websockets, carried out by the
//! domain's sans-IO engine. [`hub`] owns the engine and the store; [`ws`] adapts sockets.

mod access;
mod claim_quota;
mod compactions;
mod compactor;
mod consultee_changes;
mod member_changes;
mod handshake;
mod hub;
mod idle_sweep;
mod keepalive;
mod outbox;
pub mod metrics;
mod presence;
mod rate_limit;
mod rechecks;
mod relay;
mod upgrade;
mod ws;

use axum::{routing::get, Router};

pub(crate) use access::minted_for_claimant;
pub(crate) use hub::{ChangeFn, Hub, HubHandle, HubStopped, Limits, ServerChangeError};
pub(crate) use relay::start as start_relay;
pub use keepalive::{PING_AFTER, PONG_WITHIN};
pub use outbox::MAX_QUEUED_BYTES;
pub use compactions::{Compactions, HeldCompactions};
pub use rechecks::Rechecks;
pub use idle_sweep::DEFAULT_EVICT_IDLE_AFTER;

use crate::http::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/sync", get(ws::upgrade))
}
