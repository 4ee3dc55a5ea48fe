//! The partnerships this server hosts, by name (ids and names only), for people who may
//! share a group with another partnership: editors and admins, and operators.

use axum::{
    extract::{Query, State},
    Json,
};
use domain::api::HostedPartnership;
use serde::Deserialize;

use crate::http::{extract::SignedIn, ApiError, AppState};

#[derive(Deserialize)]
pub(super) struct Search {
    #[serde(default)]
    q: String,
}

/// At most this many characters of a search.
const MAX_QUERY: usize = 200;

/// `GET /api/partnerships?q=`: hosted partnerships whose name contains `q`, by name.
pub(super) async fn list(
    State(state): State<AppState>,
    who: SignedIn,
    Query(search): Query<Search>,
) -> Result<Json<Vec<HostedPartnership>>, ApiError> {
    let acl = state.auth.snapshot();
    let may_share = acl.partnerships_of(who.account).iter().any(|(_, _, role)| role.may_write());
    if !may_share && !state.auth.store().is_operator(who.account)? {
        return Err(ApiError::Forbidden);
    }
    if search.q.chars().count() > MAX_QUERY {
        return Err(ApiError::bad_request("The search is too long"));
    }
    let hosted = state.auth.store().partnership_directory(&search.q)?;
    Ok(Json(
        hosted
            .into_iter()
            .map(|p| HostedPartnership {
                id: p.id.to_string(),
                document_id: p.document,
                name: p.name,
            })
            .collect(),
    ))
}
