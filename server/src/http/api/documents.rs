//! Documents: registering a new one for a partnership, which of a list one may read, and
//! who made each change.

use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::{api, DocumentId};

use super::access_changed;
use crate::{
    auth::{
        audit::{self, AuditKind},
        PartnershipId,
    },
    http::{extract::SignedIn, ApiError, AppState},
};

/// At most this many ids in one `readable` question.
const MAX_IDS: usize = api::MAX_READABLE_IDS;

/// `POST /api/documents`: 204 when the document had no owner (now the partnership's, and
/// with `ownedLike` every owner of that document's too) or the partnership owns it already;
/// 409 when another partnership owns it.
pub(super) async fn register(
    State(state): State<AppState>,
    who: SignedIn,
    body: Result<Json<api::RegisterDocument>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    let doc: DocumentId = body
        .document_id
        .parse()
        .map_err(|_| ApiError::bad_request("The document id is not valid"))?;
    let partnership: PartnershipId = body
        .partnership_id
        .parse()
        .map_err(|_| ApiError::bad_request("The partnership id is not valid"))?;
    let role = state.auth.snapshot().role_in(who.account, partnership);
    if !role.is_some_and(|r| r.may_write()) {
        audit::record(&state.auth, Some(partnership), Some(who.account), AuditKind::AccessDenied, &format!("register {doc}"));
        return Err(ApiError::Forbidden);
    }
    let owned = state.auth.snapshot().owners(doc).next().is_some();
    if !owned && !crate::sync::minted_for_claimant(&who.principal(), doc) {
        // Someone else created it (its id is bound to their account): never let a third
        // party register it first and lock its creator out.
        audit::record(&state.auth, Some(partnership), Some(who.account), AuditKind::AccessDenied, &format!("register {doc}, created by another account"));
        return Err(ApiError::conflict("Only the person who created this document can register it"));
    }
    // Owned like another document: all of its owners, checked before anything is recorded.
    let also: Vec<PartnershipId> = match body.owned_like.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Vec::new(),
        Some(like) => {
            let like: DocumentId = like.parse().map_err(|_| ApiError::bad_request("The document to own it like is not valid"))?;
            let acl = state.auth.snapshot();
            if !acl.may_write(&who.principal(), like) {
                return Err(ApiError::Forbidden);
            }
            let owners: Vec<PartnershipId> = acl.owners(like).collect();
            if !owners.contains(&partnership) {
                return Err(ApiError::bad_request("The partnership must own the document it is owned like"));
            }
            owners.into_iter().filter(|p| *p != partnership).collect()
        }
    };
    if !state.auth.claim(doc, partnership)? {
        return Err(ApiError::conflict("Another partnership owns this document"));
    }
    for other in &also {
        state.auth.store().record_owner(doc, *other)?;
        audit::record(&state.auth, Some(*other), Some(who.account), AuditKind::DocumentRegistered, &doc.to_string());
    }
    audit::record(&state.auth, Some(partnership), Some(who.account), AuditKind::DocumentRegistered, &doc.to_string());
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/documents/readable`: the ones of `documentIds` the person may read.
pub(super) async fn readable(
    State(state): State<AppState>,
    who: SignedIn,
    body: Result<Json<api::ReadableQuery>, JsonRejection>,
) -> Result<Json<api::Readable>, ApiError> {
    let Json(body) = body?;
    if body.document_ids.len() > MAX_IDS {
        return Err(ApiError::bad_request("Too many document ids"));
    }
    let acl = state.auth.snapshot();
    let principal = who.principal();
    let readable = body
        .document_ids
        .into_iter()
        .filter(|id| id.parse::<DocumentId>().is_ok_and(|d| acl.may_read(&principal, d)))
        .collect();
    Ok(Json(api::Readable { readable }))
}

/// `GET /api/documents/{doc}/attribution` (readers only; 404 otherwise).
pub(super) async fn attribution(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
) -> Result<Json<api::Attribution>, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    if !state.auth.may_read(&who.principal(), doc) {
        return Err(ApiError::NotFound);
    }
    let changes = state
        .auth
        .store()
        .attribution(doc)?
        .into_iter()
        .map(|a| {
            (
                a.change_hash,
                api::ChangeAuthor {
                    account_id: a.account.to_string(),
                    name: a.name,
                    at: a.at,
                },
            )
        })
        .collect();
    Ok(Json(api::Attribution { changes }))
}
