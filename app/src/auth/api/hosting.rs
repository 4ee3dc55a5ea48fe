//! Starting partnerships (operators) and sharing groups with other partnerships: the calls
//! of `GET /api/operator`, `POST /api/partnerships`, `GET /api/partnerships?q=` and
//! `POST /api/documents/{doc}/owners` (bodies: [`domain::api`]).

use domain::{
    api::{AddOwner, OperatorStatus},
    DocumentId,
};
pub use domain::api::{HostedPartnership, PartnershipStarted, StartPartnership};

use super::{encode, json, no_content, ApiError, NONE};

/// `GET /api/operator`: whether this account may start partnerships.
pub async fn is_operator() -> Result<bool, ApiError> {
    json::<OperatorStatus, _>("GET", "/api/operator", NONE).await.map(|a| a.operator)
}

/// `POST /api/partnerships`.
pub async fn start_partnership(p: &StartPartnership) -> Result<PartnershipStarted, ApiError> {
    json("POST", "/api/partnerships", Some(p)).await
}

/// `GET /api/partnerships?q=`: hosted partnerships whose name contains `query`.
pub async fn hosted_partnerships(query: &str) -> Result<Vec<HostedPartnership>, ApiError> {
    json("GET", &format!("/api/partnerships?q={}", encode(query.trim())), NONE).await
}

/// `POST /api/documents/{doc}/owners`: shares the group with the partnership (server id).
pub async fn share_group(group: DocumentId, partnership_id: &str) -> Result<(), ApiError> {
    let body = AddOwner { partnership_id: partnership_id.to_owned() };
    no_content("POST", &format!("/api/documents/{group}/owners"), Some(&body)).await
}
