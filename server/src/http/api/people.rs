//! A partnership's people (for its admins): list, change a role, remove; and its audit log.

use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::api;

use super::access_changed;
use crate::{
    auth::{
        audit::{self, AuditKind},
        AccountId, Role,
    },
    http::{extract::PartnershipAdmin, ApiError, AppState},
};

/// `GET /api/partnerships/{pid}/people`.
pub(super) async fn list(State(state): State<AppState>, admin: PartnershipAdmin) -> Result<Json<Vec<api::Person>>, ApiError> {
    let people = state.auth.store().people(admin.partnership)?;
    Ok(Json(
        people
            .into_iter()
            .map(|p| api::Person {
                account_id: p.account.to_string(),
                name: p.name,
                email: p.email,
                role: p.role,
            })
            .collect(),
    ))
}

fn target(params: &(String, String)) -> Result<AccountId, ApiError> {
    params.1.parse().map_err(|_| ApiError::NotFound)
}

/// The member's current role, refusing to take the last admin away.
fn current_role(state: &AppState, admin: &PartnershipAdmin, account: AccountId, new: Option<Role>) -> Result<Role, ApiError> {
    let acl = state.auth.snapshot();
    let current = acl.role_in(account, admin.partnership).ok_or(ApiError::NotFound)?;
    if current == Role::Admin && new != Some(Role::Admin) && acl.admins(admin.partnership) <= 1 {
        return Err(ApiError::conflict(
            "A partnership needs at least one admin. Make someone else an admin first",
        ));
    }
    Ok(current)
}

/// `PUT /api/partnerships/{pid}/people/{accountId}`.
pub(super) async fn set_role(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    Path(params): Path<(String, String)>,
    body: Result<Json<api::RoleChange>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    let role: Role = body.role.parse().map_err(|_| ApiError::bad_request("Select a role"))?;
    let account = target(&params)?;
    let before = current_role(&state, &admin, account, Some(role))?;
    state.auth.store().set_role(account, admin.partnership, role)?;
    let who = state.auth.store().account(account)?.map(|a| a.email).unwrap_or_default();
    audit::record(
        &state.auth,
        Some(admin.partnership),
        Some(admin.signed_in.account),
        AuditKind::RoleChanged,
        &format!("{who}: {before} → {role}"),
    );
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/partnerships/{pid}/people/{accountId}`.
pub(super) async fn remove(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    Path(params): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let account = target(&params)?;
    let before = current_role(&state, &admin, account, None)?;
    state.auth.store().remove_member(account, admin.partnership)?;
    let who = state.auth.store().account(account)?.map(|a| a.email).unwrap_or_default();
    audit::record(
        &state.auth,
        Some(admin.partnership),
        Some(admin.signed_in.account),
        AuditKind::PersonRemoved,
        &format!("{who} (was {before})"),
    );
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/partnerships/{pid}/people/{accountId}/sessions`: an admin signs a member of
/// the partnership out everywhere (a lost laptop, someone leaving in a hurry). Every session
/// of the account ends and its websockets close within a second; the account and its roles
/// stay. 204, or 404 when the account is not a member.
pub(super) async fn end_sessions(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    Path(params): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let account = target(&params)?;
    state.auth.snapshot().role_in(account, admin.partnership).ok_or(ApiError::NotFound)?;
    let ended = state.auth.store().end_sessions_of(account, None)?;
    let who = state.auth.store().account(account)?.map(|a| a.email).unwrap_or_default();
    audit::record(
        &state.auth,
        Some(admin.partnership),
        Some(admin.signed_in.account),
        AuditKind::SessionEnded,
        &format!("{who}: signed out everywhere by an administrator ({ended} sessions)"),
    );
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?before=<row id>` (the next page after that row) and `?kind=<kind>` (one kind only).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AuditQuery {
    before: Option<i64>,
    kind: Option<String>,
}

/// `GET /api/partnerships/{pid}/audit`: newest first, [`api::AUDIT_PAGE`] rows a page.
pub(super) async fn audit_log(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    query: Result<axum::extract::Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<api::AuditEntry>>, ApiError> {
    let axum::extract::Query(q) = query.map_err(|_| ApiError::bad_request("The page of the audit log is not valid"))?;
    let kind = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty());
    if kind.is_some_and(|k| k.len() > 40) {
        return Err(ApiError::bad_request("The kind of entry is not valid"));
    }
    let rows = state.auth.store().audit_page(admin.partnership, api::AUDIT_PAGE, q.before, kind)?;
    let mut titles = super::titles::Titles::new(state.auth.store(), &state.documents);
    Ok(Json(
        rows.into_iter()
            .map(|r| api::AuditEntry {
                id: r.id,
                at: r.at,
                kind: r.kind,
                actor: r.actor,
                detail: titles.name_ids(&r.detail),
            })
            .collect(),
    ))
}
