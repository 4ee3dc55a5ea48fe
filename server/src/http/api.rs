//! The `/api/*` handlers: accounts and access (`docs/access-control.md`, "HTTP API"). Every route
//! sits behind the same-origin middleware; every error is an [`ApiError`](crate::http::ApiError).

mod consultation;
mod directory;
mod documents;
mod invitations;
mod me;
mod operator;
mod people;
mod session;
mod sharing;
mod titles;

use axum::{
    middleware,
    routing::{get, post, put},
    Router,
};

use crate::http::AppState;

pub(crate) use me::me_of;

/// The routes, with the same-origin check on state-changing requests.
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/session", post(session::sign_in).delete(session::sign_out))
        .route("/api/me", get(me::me))
        .route("/api/sessions", get(session::list))
        .route("/api/sessions/{id}", axum::routing::delete(session::end))
        .route("/api/partnerships/{pid}/people", get(people::list))
        .route("/api/partnerships/{pid}/people/{account}", put(people::set_role).delete(people::remove))
        .route("/api/partnerships/{pid}/invitations", post(invitations::create))
        .route("/api/partnerships/{pid}/audit", get(people::audit_log))
        .route("/api/invitations/{token}", get(invitations::show))
        .route("/api/invitations/{token}/accept", post(invitations::accept))
        .route("/api/password-links/{token}", post(session::set_password))
        .route("/api/documents", post(documents::register))
        .route("/api/documents/readable", post(documents::readable))
        .route("/api/documents/{doc}/attribution", get(documents::attribution))
        .route("/api/operator", get(operator::status))
        .route("/api/partnerships", get(directory::list).post(operator::start))
        .route("/api/documents/{doc}/owners", post(sharing::add_owner))
        .route(
            "/api/documents/{doc}/consultation",
            get(consultation::show).post(consultation::open).delete(consultation::end),
        )
        .layer(middleware::from_fn_with_state(state, super::origin::same_origin))
}

/// After a role, grant, owner or session change: reload the access snapshot and tell the
/// sync hub to re-check open connections.
pub(crate) async fn access_changed(state: &AppState) -> Result<(), crate::http::ApiError> {
    state.auth.reload()?;
    state.hub.access_changed().await;
    Ok(())
}
