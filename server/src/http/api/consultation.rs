//! Consultation on a document (a procedure): an editor or admin of a partnership that owns
//! it puts it out to named accounts until a closing date. While it is open each of them
//! reads the document and writes its comments document (grants the access snapshot derives
//! from the consultation; see `crate::auth::acl`), so the server refuses their changes to the
//! document itself on every sync message. The grants end at the end of the closing date
//! (UTC), or when an owner ends the consultation early.

use std::collections::BTreeMap;

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
        store::{ConsultationRecord, NewConsultation, Opened},
        Acl, Email, PartnershipId,
    },
    http::{extract::SignedIn, ApiError, AppState},
};

/// The owners of `doc` and the first of them where `who` may write (`None`: not allowed).
/// 404 when `who` may not read the document or nobody owns it.
fn owners(acl: &Acl, who: &SignedIn, doc: DocumentId) -> Result<(Vec<PartnershipId>, Option<PartnershipId>), ApiError> {
    let owners: Vec<PartnershipId> = acl.owners(doc).collect();
    if owners.is_empty() || !acl.may_read(&who.principal(), doc) {
        return Err(ApiError::NotFound);
    }
    let acting = owners
        .iter()
        .copied()
        .find(|p| acl.role_in(who.account, *p).is_some_and(|r| r.may_write()));
    Ok((owners, acting))
}

/// `owners`, requiring an editor or admin of an owning partnership (403 and an audit row
/// otherwise).
fn acting_owner(state: &AppState, who: &SignedIn, doc: DocumentId, what: &str) -> Result<(Vec<PartnershipId>, PartnershipId), ApiError> {
    let acl = state.auth.snapshot();
    let (owners, acting) = owners(&acl, who, doc)?;
    let Some(acting) = acting else {
        audit::record(&state.auth, owners.first().copied(), Some(who.account), AuditKind::AccessDenied, &format!("{what} {doc}"));
        return Err(ApiError::Forbidden);
    };
    Ok((owners, acting))
}

fn answer(record: ConsultationRecord, now: i64) -> api::Consultation {
    api::Consultation {
        document_id: record.document,
        comments_document_id: record.comments,
        closes_on: record.closes_on,
        closes_at: record.expires_at,
        open: now < record.expires_at,
        people: record
            .people
            .into_iter()
            .map(|p| api::Consultee {
                account_id: p.account.to_string(),
                name: p.name,
                email: p.email,
            })
            .collect(),
    }
}

/// `POST /api/documents/{doc}/consultation` [`api::OpenConsultation`]: 200 with the
/// consultation (replacing an earlier one of the document). 400 naming any email without
/// an account (nothing is granted then), 409 when the comments document belongs to a
/// partnership that does not own the document.
pub(super) async fn open(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
    body: Result<Json<api::OpenConsultation>, JsonRejection>,
) -> Result<Json<api::Consultation>, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let (owners, acting) = acting_owner(&state, &who, doc, "consult on")?;
    let Json(body) = body?;
    let comments: DocumentId = body
        .comments_document_id
        .parse()
        .map_err(|_| ApiError::bad_request("The comments document id is not valid"))?;
    if comments == doc {
        return Err(ApiError::bad_request("The comments need a document of their own"));
    }
    let now = state.auth.clock().now_ms();
    let expires_at = api::closes_at(&body.closes_on, now).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let people = accounts_of(&state, &body.emails)?;
    let opened = state.auth.store().open_consultation(&NewConsultation {
        document: doc,
        comments,
        closes_on: body.closes_on.trim().to_owned(),
        expires_at,
        opened_by: who.account,
        people: people.keys().copied().collect(),
    })?;
    if opened == Opened::CommentsOwnedByOthers {
        return Err(ApiError::conflict(
            "The comments document belongs to a partnership that does not own this document",
        ));
    }
    let names: Vec<&str> = people.values().map(String::as_str).collect();
    let detail = format!("{doc} until {} with {}", body.closes_on.trim(), names.join(", "));
    let acl = state.auth.snapshot();
    let acting_name = acl.partnership(acting).map(|p| p.name.clone()).unwrap_or_default();
    for owner in &owners {
        let detail = if *owner == acting { detail.clone() } else { format!("{detail} by {acting_name}") };
        audit::record(&state.auth, Some(*owner), Some(who.account), AuditKind::ConsultationOpened, &detail);
    }
    access_changed(&state).await?;
    let record = state.auth.store().consultation(doc)?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer(record, now)))
}

/// The accounts of `emails` (id → name), or 400 naming those that are not valid or have
/// no account.
fn accounts_of(state: &AppState, emails: &[String]) -> Result<BTreeMap<crate::auth::AccountId, String>, ApiError> {
    if emails.is_empty() {
        return Err(ApiError::bad_request("Enter the email address of at least one person to consult"));
    }
    if emails.len() > api::MAX_CONSULTEES {
        return Err(ApiError::bad_request(format!(
            "Consult at most {} people at once",
            api::MAX_CONSULTEES
        )));
    }
    let mut found = BTreeMap::new();
    let (mut invalid, mut unknown) = (Vec::new(), Vec::new());
    for raw in emails {
        let Ok(email) = Email::parse(raw) else {
            invalid.push(raw.trim().to_owned());
            continue;
        };
        match state.auth.store().account_by_email(&email)? {
            Some(a) => {
                found.insert(a.id, a.name);
            }
            None => unknown.push(email.as_str().to_owned()),
        }
    }
    if !invalid.is_empty() {
        return Err(ApiError::bad_request(format!(
            "Enter email addresses in the correct format, like name@example.org: {}",
            invalid.join(", ")
        )));
    }
    if !unknown.is_empty() {
        return Err(ApiError::bad_request(format!(
            "Nobody has an account with {}: {}. Invite them to their partnership first",
            if unknown.len() == 1 { "this email address" } else { "these email addresses" },
            unknown.join(", ")
        )));
    }
    Ok(found)
}

/// `GET /api/documents/{doc}/consultation`: the consultation (open or closed) for people
/// of a partnership that owns the document; 404 when there is none.
pub(super) async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
) -> Result<Json<api::Consultation>, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let acl = state.auth.snapshot();
    let (owners, _) = owners(&acl, &who, doc)?;
    if !owners.iter().any(|p| acl.role_in(who.account, *p).is_some()) {
        return Err(ApiError::Forbidden);
    }
    let record = state.auth.store().consultation(doc)?.ok_or(ApiError::NotFound)?;
    Ok(Json(answer(record, state.auth.clock().now_ms())))
}

/// `DELETE /api/documents/{doc}/consultation`: ends it now (its grants go); 204, or 404
/// when there is none.
pub(super) async fn end(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
) -> Result<StatusCode, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let (owners, acting) = acting_owner(&state, &who, doc, "end the consultation on")?;
    if !state.auth.store().end_consultation(doc)? {
        return Err(ApiError::NotFound);
    }
    let acting_name = state.auth.snapshot().partnership(acting).map(|p| p.name.clone()).unwrap_or_default();
    for owner in &owners {
        let detail = if *owner == acting { doc.to_string() } else { format!("{doc} by {acting_name}") };
        audit::record(&state.auth, Some(*owner), Some(who.account), AuditKind::ConsultationEnded, &detail);
    }
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
