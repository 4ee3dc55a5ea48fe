//! Everything HTTP: the shared [`AppState`], extractors, the same-origin check, security
//! headers and the CSP, the session cookie, the `/api/*` handlers, health and the API's
//! 404, and the one mapping of errors to responses ([`ApiError`]).

pub mod api;
mod cookie;
pub mod error;
pub mod extract;
pub mod headers;
mod health;
pub mod origin;
mod state;

use axum::Router;
use tower_http::trace::TraceLayer;

pub use cookie::SessionCookie;
pub use error::ApiError;
pub use origin::{origin_allowed, PublicOrigin};
pub use state::AppState;

/// Password hashes computed at once (argon2, 19 MiB each); more wait, then get 503.
pub const HASHING_PERMITS: usize = 4;

use crate::{static_files, sync};

/// Every route: the API, `/sync`, and the app's files as the fallback.
pub fn router(state: AppState) -> Router {
    let files = static_files::router(&state.dist_dir);
    let routes = Router::new()
        .merge(api::router(state.clone()))
        .merge(health::router())
        .merge(sync::router())
        .route("/feeds/{file}", axum::routing::get(api::feed))
        .fallback_service(files);
    let https = state.public_origin.as_ref().is_some_and(|o| o.is_https());
    headers::apply(routes, &state.csp, https)
        // Spans name the path only: query strings may carry tokens (`/sync?token=`).
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::extract::Request| {
            // A feed's path is its secret.
            let path = req.uri().path();
            let path = if path.starts_with("/feeds/") { "/feeds/…" } else { path };
            tracing::info_span!("request", method = %req.method(), path)
        }))
        .with_state(state)
}
