//! Invitations: an admin makes a single-use link (7 days) to a role in the partnership or
//! to a grant on one of its documents; the holder reads what it offers and accepts it as a
//! new account or as the signed-in account with the invited email.

use std::time::Duration;

use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::{api, model, storage::layout, DocumentId};

use super::{access_changed, me_of, session::start_session};
use crate::{
    auth::{
        audit::{self, AuditKind},
        secret,
        store::{ms, Invitation, NewInvitation},
        Email, Password, Role, Secret,
    },
    http::{extract::{PartnershipAdmin, SignedIn}, ApiError, AppState},
};

/// How long an invitation link works.
const VALID_FOR: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// `POST /api/partnerships/{pid}/invitations`.
pub(super) async fn create(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    body: Result<Json<api::CreateInvitation>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body?;
    let email = Email::parse(&body.email).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let role: Role = body.role.parse().map_err(|_| ApiError::bad_request("Select a role"))?;
    let document = match body.document_id.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => {
            let doc: DocumentId = d.parse().map_err(|_| ApiError::bad_request("The document id is not valid"))?;
            if !state.auth.snapshot().owners(doc).any(|p| p == admin.partnership) {
                audit::record(
                    &state.auth,
                    Some(admin.partnership),
                    Some(admin.signed_in.account),
                    AuditKind::AccessDenied,
                    &format!("invite to {doc}"),
                );
                return Err(ApiError::Forbidden);
            }
            if role == Role::Admin {
                return Err(ApiError::bad_request("A document can be shared to edit or to view, not to administer"));
            }
            Some(doc)
        }
    };
    let secret = Secret::generate()?;
    let expires_at = state.auth.clock().now_ms() + ms(VALID_FOR);
    state.auth.store().create_invitation(
        &secret.hash(),
        &NewInvitation {
            partnership: admin.partnership,
            document,
            role,
            email: email.to_string(),
            created_by: admin.signed_in.account,
            expires_at,
        },
    )?;
    let what = document.map_or_else(|| "the partnership".to_owned(), |d| format!("document {d}"));
    audit::record(
        &state.auth,
        Some(admin.partnership),
        Some(admin.signed_in.account),
        AuditKind::InvitationCreated,
        &format!("{email} as {role} of {what}"),
    );
    let created = api::InvitationCreated {
        link: format!("/invite/{}", secret.expose()),
        expires_at,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

fn find(state: &AppState, token: &str) -> Result<(String, Invitation), ApiError> {
    if !secret::plausible(token) {
        return Err(ApiError::NotFound);
    }
    let hash = secret::hash(token);
    let invitation = state.auth.store().invitation(&hash)?.ok_or(ApiError::NotFound)?;
    Ok((hash, invitation))
}

/// The name in a document (a group's or a partnership's), read from the store.
async fn document_name(state: &AppState, doc: DocumentId) -> Option<String> {
    let documents = state.documents.clone();
    tokio::task::spawn_blocking(move || -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let storage = documents.lock().unwrap_or_else(|p| p.into_inner());
        let chunks = storage.range(&layout::document_prefix(doc))?;
        let doc = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice()))?;
        let group: model::GroupDoc = model::read(&doc)?;
        Ok(group.name)
    })
    .await
    .ok()?
    .inspect_err(|e| tracing::debug!(error = ?e, "cannot read a document's name"))
    .ok()
    .filter(|n| !n.is_empty())
}

/// `GET /api/invitations/{token}`.
pub(super) async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Result<Json<api::InvitationOffer>, ApiError> {
    let (_, inv) = find(&state, &token)?;
    let email = Email::parse(&inv.email).map_err(|_| ApiError::NotFound)?;
    let account_exists = state.auth.store().account_by_email(&email)?.is_some();
    let document_name = match inv.document {
        Some(d) => document_name(&state, d).await,
        None => None,
    };
    Ok(Json(api::InvitationOffer {
        partnership_name: inv.partnership_name,
        role: if inv.document.is_some() { inv.role.as_grant() } else { inv.role },
        email: inv.email,
        document_name,
        account_exists,
    }))
}

/// `POST /api/invitations/{token}/accept`: as the signed-in account whose email matches,
/// or as a new account (name and password) when none has the email.
pub(super) async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    signed_in: Option<SignedIn>,
    headers: HeaderMap,
    body: Result<Json<api::AcceptInvitation>, JsonRejection>,
) -> Result<Response, ApiError> {
    let body = match body {
        Ok(Json(b)) => b,
        Err(JsonRejection::MissingJsonContentType(_)) if signed_in.is_some() => api::AcceptInvitation::default(),
        Err(e) => return Err(e.into()),
    };
    let (hash, inv) = find(&state, &token)?;
    let email = Email::parse(&inv.email).map_err(|_| ApiError::NotFound)?;
    let existing = state.auth.store().account_by_email(&email)?;
    let (account, cookie) = match (existing, signed_in) {
        (Some(account), Some(who)) if who.account == account.id => (account.id, None),
        (Some(_), _) => {
            return Err(ApiError::conflict(format!(
                "This invitation is for {email}. Sign in as {email} to accept it"
            )))
        }
        (None, _) => {
            let name = body.name.as_deref().map(str::trim).unwrap_or_default().to_owned();
            if name.is_empty() {
                return Err(ApiError::bad_request("Enter your full name"));
            }
            if name.chars().count() > 200 {
                return Err(ApiError::bad_request("Name must be 200 characters or fewer"));
            }
            let about = [email.to_string(), name.clone()];
            let password = Password::parse_new(body.password.as_deref().unwrap_or_default(), &[about[0].as_str(), about[1].as_str()])
                .map_err(|e| ApiError::bad_request(e.to_string()))?;
            let password_hash = super::session::hashing(&state, move || password.hash()).await??;
            let id = state.auth.store().create_account(&email, &name, Some(&password_hash))?;
            (id, Some(()))
        }
    };
    let accepted = state.auth.store().accept_invitation(&hash, account)?.ok_or(ApiError::NotFound)?;
    let what = accepted.document.map_or_else(|| "the partnership".to_owned(), |d| format!("document {d}"));
    audit::record(
        &state.auth,
        Some(accepted.partnership),
        Some(account),
        AuditKind::InvitationAccepted,
        &format!("{email} as {} of {what}", accepted.role),
    );
    access_changed(&state).await?;
    let me = Json(me_of(&state, account)?);
    match cookie {
        Some(()) => {
            let cookie = start_session(&state, account, &headers)?;
            audit::record(&state.auth, None, Some(account), AuditKind::SignIn, "after accepting an invitation");
            Ok(([(header::SET_COOKIE, cookie)], me).into_response())
        }
        None => Ok(me.into_response()),
    }
}
