//! Operators: whether the signed-in account is one, and starting a partnership (with its
//! first admin) from the app — the same code path as the CLI's ([`crate::partnerships`]).

use axum::{
    extract::{rejection::JsonRejection, State},
    http::StatusCode,
    Json,
};
use domain::api::{OperatorStatus, PartnershipStarted, StartPartnership};

use super::access_changed;
use crate::{
    auth::{
        audit::{self, AuditKind},
        Email, Role,
    },
    http::{extract::SignedIn, ApiError, AppState},
    partnerships::{self, LinkPolicy, StartError},
};

/// `GET /api/operator`: whether the signed-in account may start partnerships.
pub(super) async fn status(State(state): State<AppState>, who: SignedIn) -> Result<Json<OperatorStatus>, ApiError> {
    Ok(Json(OperatorStatus {
        operator: state.auth.store().is_operator(who.account)?,
    }))
}

fn from_start(e: StartError) -> ApiError {
    match e {
        StartError::NameTaken(_) => ApiError::conflict(e.to_string()),
        StartError::NoName | StartError::NoPersonName => ApiError::bad_request(e.to_string()),
        StartError::Internal(e) => ApiError::Internal(e),
    }
}

/// `POST /api/partnerships` (operators only): 201 with the first admin's set-password link.
pub(super) async fn start(
    State(state): State<AppState>,
    who: SignedIn,
    body: Result<Json<StartPartnership>, JsonRejection>,
) -> Result<(StatusCode, Json<PartnershipStarted>), ApiError> {
    if !state.auth.store().is_operator(who.account)? {
        audit::record(&state.auth, None, Some(who.account), AuditKind::AccessDenied, "start a partnership");
        return Err(ApiError::Forbidden);
    }
    let Json(body) = body?;
    if body.admin_name.trim().is_empty() {
        return Err(ApiError::bad_request("Enter the first admin's name"));
    }
    let email = Email::parse(&body.admin_email)
        .map_err(|_| ApiError::bad_request("Enter the first admin's email address, like name@example.org"))?;
    let store = state.auth.store();
    let started = {
        let storage = state.documents.lock().unwrap_or_else(|p| p.into_inner());
        partnerships::start(&*storage, store, &body.name, &body.area, Some(who.account), "started in the app")
    }
    .map_err(from_start)?;
    let member = partnerships::add_member(
        store,
        &email,
        &body.admin_name,
        started.partnership,
        Role::Admin,
        None,
        LinkPolicy::WhenNoPassword,
        Some(who.account),
        "first admin",
    )
    .map_err(from_start)?;
    access_changed(&state).await?;
    Ok((
        StatusCode::CREATED,
        Json(PartnershipStarted {
            partnership_id: started.partnership.to_string(),
            document_id: started.document,
            name: body.name.trim().to_owned(),
            admin_email: email.to_string(),
            set_password_path: member.password_link.map(|l| format!("/set-password/{}", l.expose())),
        }),
    ))
}
