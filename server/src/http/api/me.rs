//! `GET /api/me`: who is signed in, their partnerships and the documents shared with them.

use axum::{extract::State, Json};
use serde::Serialize;

use crate::{
    auth::{AccountId, PartnershipId, Role},
    http::{extract::SignedIn, ApiError},
    http::AppState,
};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Me {
    account: MeAccount,
    partnerships: Vec<MePartnership>,
    shared: Vec<Shared>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MeAccount {
    id: AccountId,
    email: String,
    name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MePartnership {
    id: PartnershipId,
    name: String,
    document_id: String,
    role: Role,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Shared {
    document_id: String,
    role: Role,
}

impl Me {
    /// `account`'s view, from the current snapshot.
    pub(crate) fn of(state: &AppState, account: AccountId) -> Result<Self, ApiError> {
        let record = state.auth.store().account(account)?.ok_or(ApiError::Unauthorized)?;
        let acl = state.auth.snapshot();
        let mut partnerships: Vec<_> = acl
            .partnerships_of(account)
            .into_iter()
            .map(|(id, p, role)| MePartnership {
                id,
                name: p.name.clone(),
                document_id: p.document.to_string(),
                role,
            })
            .collect();
        partnerships.sort_by(|a, b| a.name.cmp(&b.name));
        let shared = acl
            .shared_with(account)
            .into_iter()
            .map(|(d, role)| Shared {
                document_id: d.to_string(),
                role,
            })
            .collect();
        Ok(Self {
            account: MeAccount {
                id: record.id,
                email: record.email,
                name: record.name,
            },
            partnerships,
            shared,
        })
    }
}

pub(super) async fn me(State(state): State<AppState>, who: SignedIn) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me::of(&state, who.account)?))
}
