//! Starting partnerships (operators) and sharing groups between the partnerships a server
//! hosts: the bodies of `GET /api/operator`, `POST /api/partnerships`,
//! `GET /api/partnerships?q=` and `POST /api/documents/{doc}/owners`.

use serde::{Deserialize, Serialize};

use crate::DocumentId;

/// `GET /api/operator`: whether the signed-in account may start partnerships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorStatus {
    pub operator: bool,
}

/// `POST /api/partnerships` (operators only): a partnership and its first admin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartPartnership {
    pub name: String,
    #[serde(default)]
    pub area: String,
    pub admin_name: String,
    pub admin_email: String,
}

/// The answer (201): the new partnership, and `/set-password/<secret>` for its first admin
/// (shown once; `None` when they already have an account with a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnershipStarted {
    pub partnership_id: String,
    #[serde(with = "super::document_id")]
    pub document_id: DocumentId,
    pub name: String,
    pub admin_email: String,
    #[serde(default)]
    pub set_password_path: Option<String>,
}

/// One partnership of `GET /api/partnerships?q=` (editors, admins and operators): its ids
/// and name, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostedPartnership {
    pub id: String,
    #[serde(with = "super::document_id")]
    pub document_id: DocumentId,
    pub name: String,
}

/// `POST /api/documents/{doc}/owners`: share the group with this partnership (its `id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddOwner {
    pub partnership_id: String,
}
