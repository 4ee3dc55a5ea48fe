//! Starting partnerships (operators) and sharing groups with other partnerships: the calls
//! of `POST /api/partnerships`, `GET /api/partnerships?q=`, `GET /api/operator` and
//! `POST /api/documents/{doc}/owners`.

use domain::DocumentId;
use serde::Deserialize;
use super::{encode, json, no_content, ApiError};

#[derive(Deserialize)]
struct OperatorAnswer {
    operator: bool,
}

/// `GET /api/operator`: whether this account may start partnerships.
pub async fn is_operator() -> Result<bool, ApiError> {
    json::<OperatorAnswer>("GET", "/api/operator", None).await.map(|a| a.operator)
}

/// What an operator enters to start a partnership.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPartnership {
    pub name: String,
    pub area: String,
    pub admin_name: String,
    pub admin_email: String,
}

/// A partnership just started, with its first admin's one-time link (when they had no
/// account with a password).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartedPartnership {
    pub partnership_id: String,
    pub document_id: String,
    pub name: String,
    pub admin_email: String,
    #[serde(default)]
    pub set_password_path: Option<String>,
}

/// `POST /api/partnerships`.
pub async fn start_partnership(p: &NewPartnership) -> Result<StartedPartnership, ApiError> {
    let body = serde_json::json!({ "name": p.name, "area": p.area, "adminName": p.admin_name, "adminEmail": p.admin_email });
    json("POST", "/api/partnerships", Some(body)).await
}

/// A partnership this server hosts (names only).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "RawHosted")]
pub struct HostedPartnership {
    pub id: String,
    pub document_id: DocumentId,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawHosted {
    id: String,
    document_id: String,
    name: String,
}

impl TryFrom<RawHosted> for HostedPartnership {
    type Error = String;

    fn try_from(r: RawHosted) -> Result<Self, String> {
        let document_id = r.document_id.parse().map_err(|_| format!("not a document id: {}", r.document_id))?;
        Ok(Self { id: r.id, document_id, name: r.name })
    }
}

/// `GET /api/partnerships?q=`: hosted partnerships whose name contains `query`.
pub async fn hosted_partnerships(query: &str) -> Result<Vec<HostedPartnership>, ApiError> {
    json("GET", &format!("/api/partnerships?q={}", encode(query.trim())), None).await
}

/// `POST /api/documents/{doc}/owners`: shares the group with the partnership (server id).
pub async fn share_group(group: DocumentId, partnership_id: &str) -> Result<(), ApiError> {
    no_content(
        "POST",
        &format!("/api/documents/{group}/owners"),
        Some(serde_json::json!({ "partnershipId": partnership_id })),
    )
    .await
}
