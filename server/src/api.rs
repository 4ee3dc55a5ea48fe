//! Small HTTP endpoints: health and what a client needs to start.

use axum::{extract::State, routing::get, Json, Router};
use serde::Serialize;

use crate::{error::ApiError, startup::AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/bootstrap", get(bootstrap))
        .route("/api/{*rest}", get(not_found))
}

async fn healthz() -> &'static str {
    "ok"
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Bootstrap {
    root_document_id: String,
}

async fn bootstrap(State(state): State<AppState>) -> Json<Bootstrap> {
    Json(Bootstrap {
        root_document_id: state.root_document.to_string(),
    })
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
