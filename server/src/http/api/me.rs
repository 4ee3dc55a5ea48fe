//! `GET /api/me`: who is signed in, their partnerships and the documents shared with them
//! (the shared contract's [`api::Me`]).

use axum::{extract::State, Json};
use domain::api;

use crate::{
    auth::AccountId,
    http::{extract::SignedIn, ApiError, AppState},
};

/// `account`'s view, from the current snapshot.
pub(crate) fn me_of(state: &AppState, account: AccountId) -> Result<api::Me, ApiError> {
    let record = state.auth.store().account(account)?.ok_or(ApiError::Unauthorized)?;
    let acl = state.auth.snapshot();
    let mut partnerships: Vec<_> = acl
        .partnerships_of(account)
        .into_iter()
        .map(|(id, p, role)| api::PartnershipAccess {
            id: id.to_string(),
            name: p.name.clone(),
            document_id: p.document,
            role,
        })
        .collect();
    partnerships.sort_by(|a, b| a.name.cmp(&b.name));
    let shared = acl
        .shared_with(account)
        .into_iter()
        .map(|(document_id, role)| api::SharedDocument { document_id, role })
        .collect();
    Ok(api::Me {
        account: api::Account {
            id: record.id.to_string(),
            email: record.email,
            name: record.name,
        },
        partnerships,
        shared,
        two_step_needed: state.auth.store().two_step_missing(account, None)?,
    })
}

pub(super) async fn me(State(state): State<AppState>, who: SignedIn) -> Result<Json<api::Me>, ApiError> {
    Ok(Json(me_of(&state, who.account)?))
}
