//! `GET /sync`: the automerge-repo sync protocol over websockets, carried out by the
//! domain's sans-IO engine. [`hub`] owns the engine and the store; [`ws`] adapts sockets.

mod access;
mod handshake;
mod hub;
mod keepalive;
pub mod metrics;
mod rate_limit;
mod rechecks;
mod ws;

use axum::{routing::get, Router};

pub(crate) use hub::{Hub, HubHandle, ServerChangeError};
pub use keepalive::{PING_AFTER, PONG_WITHIN};
pub use rechecks::Rechecks;

use crate::http::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/sync", get(ws::upgrade))
}
