//! The `/api/*` handlers: accounts and access (`docs/access-control.md`, "HTTP API"). Every route
//! sits behind the same-origin middleware; every error is an [`ApiError`](crate::http::ApiError).

mod consultation;
mod directory;
mod feeds;
mod documents;
mod invitations;
mod me;
mod operator;
mod papers;
mod people;
mod session;
mod sharing;
mod titles;
mod two_step;

use axum::{
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post, put},
    Router,
};

use crate::http::AppState;

pub(crate) use feeds::feed;
pub(crate) use me::me_of;
pub use two_step::TwoStepRefused;

/// The largest body of the sign-in, password and invitation routes: room for the longest
/// email and password (1,024 characters of up to 4 bytes) and a name, nothing more.
const SMALL_BODY: usize = 8 * 1024;

/// The routes, with the same-origin check on state-changing requests.
pub(crate) fn router(state: AppState) -> Router<AppState> {
    let timeout = |limit| tower_http::timeout::TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, limit);
    // Uploading a paper may take minutes on a slow link; everything else is answered within
    // the request timeout (its body read included).
    let uploads = Router::new()
        .route(
            "/api/documents/{doc}/papers",
            post(papers::upload).layer(axum::extract::DefaultBodyLimit::max(papers::BODY_LIMIT)),
        )
        .layer(timeout(state.limits.upload));
    Router::new()
        .route(
            "/api/session",
            post(session::sign_in).layer(DefaultBodyLimit::max(SMALL_BODY)).delete(session::sign_out),
        )
        .route("/api/session/code", post(two_step::sign_in_code).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route("/api/me", get(me::me))
        .route("/api/me/two-step", get(two_step::status).post(two_step::start))
        .route("/api/me/two-step/qr.svg", get(two_step::qr_code))
        .route("/api/me/two-step/confirm", post(two_step::confirm).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route("/api/me/two-step/off", post(two_step::turn_off).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route(
            "/api/me/two-step/recovery-codes",
            post(two_step::new_recovery_codes).layer(DefaultBodyLimit::max(SMALL_BODY)),
        )
        .route("/api/partnerships/{pid}/two-step", get(two_step::policy).put(two_step::set_policy))
        .route("/api/me/password", put(session::change_password).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route("/api/sessions", get(session::list))
        .route("/api/sessions/{id}", axum::routing::delete(session::end))
        .route("/api/partnerships/{pid}/people", get(people::list))
        .route("/api/partnerships/{pid}/people/{account}", put(people::set_role).delete(people::remove))
        .route("/api/partnerships/{pid}/people/{account}/sessions", axum::routing::delete(people::end_sessions))
        .route("/api/partnerships/{pid}/invitations", post(invitations::create))
        .route("/api/partnerships/{pid}/audit", get(people::audit_log))
        .route("/api/invitations/{token}", get(invitations::show))
        .route("/api/invitations/{token}/accept", post(invitations::accept).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route("/api/password-links/{token}", post(session::set_password).layer(DefaultBodyLimit::max(SMALL_BODY)))
        .route("/api/documents", post(documents::register))
        .route("/api/documents/readable", post(documents::readable))
        .route("/api/documents/{doc}/attribution", get(documents::attribution))
        .route("/api/operator", get(operator::status))
        .route("/api/partnerships", get(directory::list).post(operator::start))
        .route("/api/documents/{doc}/owners", post(sharing::add_owner))
        .route("/api/documents/{doc}/papers/{blob}", get(papers::download))
        .route("/api/feeds", get(feeds::list).post(feeds::create))
        .route("/api/feeds/{id}", axum::routing::delete(feeds::revoke))
        .route(
            "/api/documents/{doc}/consultation",
            get(consultation::show).post(consultation::open).delete(consultation::end),
        )
        .layer(timeout(state.limits.request))
        .merge(uploads)
        .layer(middleware::from_fn_with_state(state, super::origin::same_origin))
        // API answers are personal: never stored by caches (a paper's download sets its own).
        .layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ))
}

/// After a role, grant, owner or session change: reload the access snapshot and tell the
/// sync hub to re-check open connections.
pub(crate) async fn access_changed(state: &AppState) -> Result<(), crate::http::ApiError> {
    state.auth.reload()?;
    state.hub.access_changed().await;
    Ok(())
}
