//! Small HTTP endpoints: health (the database reachable), metrics for the people who run
//! the server, and 404 for any other `/api` path.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{any, get},
    Router,
};

use crate::http::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/{*rest}", any(not_found))
}

/// `ok` when the documents' database answers a read (SQLite's file, or PostgreSQL);
/// `503 database unreachable` when it does not, so a load balancer sends people elsewhere.
async fn healthz(State(state): State<AppState>) -> Response {
    let documents = state.documents.clone();
    let probe = tokio::task::spawn_blocking(move || {
        let key = "healthz".parse::<domain::storage::StorageKey>().expect("a valid key");
        let store = documents.lock().unwrap_or_else(|e| e.into_inner());
        store.keys(&key).map(|_| ())
    })
    .await;
    match probe {
        Ok(Ok(())) => "ok".into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: the documents' database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// The sync hub's counters in the Prometheus text format, for a bearer of the configured
/// metrics token (`QUORUM_METRICS_TOKEN`); without one configured there is no such page.
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.as_deref() else {
        return ApiError::NotFound.into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    // Compared as digests, so the comparison's time says nothing about the token.
    if presented.map(crate::auth::secret::hash) != Some(crate::auth::secret::hash(expected)) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a metrics token is needed").into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        crate::sync::metrics::snapshot().prometheus(),
    )
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
