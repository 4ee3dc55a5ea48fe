//! Everything HTTP: the shared [`AppState`], extractors, the same-origin check, security
//! headers and the CSP, the session cookie, the `/api/*` handlers, health and the API's
//! 404, and the one mapping of errors to responses ([`ApiError`]).

mod accept;
pub mod api;
mod connection_limits;
mod cookie;
pub mod error;
pub mod extract;
pub mod headers;
mod health;
pub mod origin;
mod state;

use axum::Router;
use tower_http::trace::TraceLayer;

pub(crate) use accept::{accept_until, ConnectionSlot};
pub use connection_limits::{ConnectionLimits, DEFAULT_MAX_CONNECTIONS};
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
            let path = redact_path(req.uri().path());
            tracing::info_span!("request", method = %req.method(), path = %path)
        }))
        .with_state(state)
}

/// Paths whose next segment is a secret (invitation and password links, calendar feeds),
/// as the app's pages and the API spell them.
const SECRET_SEGMENTS: [&str; 5] = ["/api/invitations/", "/api/password-links/", "/invite/", "/set-password/", "/feeds/"];

/// The path as logs may show it: any secret segment replaced by `…`.
pub fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in SECRET_SEGMENTS {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}…{tail}").into();
        }
    }
    path.into()
}

#[cfg(test)]
mod tests {
    use super::redact_path;

    #[test]
    fn secrets_in_paths_are_redacted_and_other_paths_kept() {
        assert_eq!(redact_path("/api/invitations/abcDEF123/accept"), "/api/invitations/…/accept");
        assert_eq!(redact_path("/api/password-links/abc"), "/api/password-links/…");
        assert_eq!(redact_path("/invite/abc"), "/invite/…");
        assert_eq!(redact_path("/set-password/abc"), "/set-password/…");
        assert_eq!(redact_path("/feeds/abc.ics"), "/feeds/…");
        assert_eq!(redact_path("/api/me"), "/api/me");
        assert_eq!(redact_path("/groups/123"), "/groups/123");
    }
}
