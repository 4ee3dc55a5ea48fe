//! Small HTTP endpoints: health, and 404 for any other `/api` path.

use axum::{
    routing::{any, get},
    Router,
};

use crate::http::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/{*rest}", any(not_found))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
