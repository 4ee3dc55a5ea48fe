//! Sharing a group with another partnership (a joint group). The server is authoritative:
//! only an editor or admin of a partnership that owns the group now may add an owner; the
//! server records the owner (so the other partnership's people may read and write the
//! group), adds it to the group document's owners and lists the group in the other
//! partnership's document, both through the sync hub, and audits it in both partnerships.
//! What is owned like the group (its meetings, written resolutions and manuals, with the
//! manuals' procedures and comments) follows it to the new owner.

use automerge::Automerge;
use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::StatusCode,
    Json,
};
use domain::{
    api::AddOwner,
    model::{self, GroupDoc, PartnershipDoc},
    procedure::{LibraryDoc, ProcedureDoc, ProcedureError},
    DocumentId,
};

use super::access_changed;
use crate::{
    auth::{
        audit::{self, AuditKind},
        PartnershipId,
    },
    http::{extract::SignedIn, ApiError, AppState},
    new_document::now,
    sync::ServerChangeError,
};

fn from_change(e: ServerChangeError) -> ApiError {
    match e {
        ServerChangeError::NotStored => {
            ApiError::conflict("The group has not reached the server yet. Try again in a moment")
        }
        ServerChangeError::Refused(m) => ApiError::conflict(m),
        e @ ServerChangeError::Stopped => ApiError::Internal(Box::new(e)),
    }
}

/// Records each owner's name as this server knows it (`names`), rewriting only a changed one.
fn name_owners(owners: &mut [model::Owner], names: &[(DocumentId, String)]) {
    for o in owners.iter_mut() {
        if let Some((_, n)) = names.iter().find(|(d, _)| *d == o.partnership) {
            if o.name != *n {
                o.name.clone_from(n);
            }
        }
    }
}

/// A change to a document that follows a shared group. One not on the server yet (its first
/// change is still on a device) or not of the kind its group lists it as is left as it is:
/// its recorded owners already give the new owner access, and the group is shared anyway.
async fn follow_change(state: &AppState, doc: DocumentId, change: crate::sync::ChangeFn) -> Result<(), ApiError> {
    match state.hub.change_document(doc, change).await {
        Ok(()) | Err(ServerChangeError::NotStored) => Ok(()),
        Err(ServerChangeError::Refused(why)) => {
            tracing::warn!(%doc, %why, "a document owned like a shared group was left as it was");
            Ok(())
        }
        Err(e) => Err(from_change(e)),
    }
}

/// Gives `target` (whose partnership document is `target_doc`) what is owned like `group`
/// (see [`crate::joint`]): the owner is recorded for each, a manual and its procedures
/// name it among their owners (a procedure's sign-offs now wait for it too), and the group
/// lists its manuals so every owner finds them. Only documents that the group's owners
/// (`owners`, before sharing) alone own follow: a group cannot hand on someone else's
/// document by listing it.
async fn share_owned_like(
    state: &AppState,
    acl: &crate::auth::Acl,
    group: DocumentId,
    owners: &[PartnershipId],
    target: PartnershipId,
    target_doc: DocumentId,
    names: &[(DocumentId, String)],
) -> Result<(), ApiError> {
    let owner_docs: Vec<DocumentId> = owners.iter().filter_map(|p| acl.partnership(*p).map(|e| e.document)).collect();
    let documents = state.documents.clone();
    let found = {
        let owner_docs = owner_docs.clone();
        tokio::task::spawn_blocking(move || {
            let storage = documents.lock().unwrap_or_else(|p| p.into_inner());
            crate::joint::owned_like_group(&storage, group, &owner_docs)
        })
        .await?
    };
    let follows = |d: &DocumentId| {
        let now: Vec<PartnershipId> = acl.owners(*d).collect();
        !now.is_empty() && now.iter().all(|p| owners.contains(p))
    };
    for d in found.all().iter().filter(|d| follows(d)) {
        state.auth.store().record_owner(*d, target)?;
    }
    let mut all_owners = owner_docs;
    all_owners.push(target_doc);
    let manuals: Vec<DocumentId> = found.manuals.iter().copied().filter(|d| follows(d)).collect();
    for manual in &manuals {
        let names = names.to_vec();
        let change = Box::new(move |d: &mut Automerge| {
            if !crate::joint::has(d, "chapters") {
                return Err("not a procedures manual".to_owned());
            }
            model::update::<LibraryDoc, _, std::convert::Infallible>(d, "The owner group was shared", now(), |l| {
                l.add_owner(target_doc);
                name_owners(&mut l.owners, &names);
                Ok(())
            })
            .map_err(|e| e.to_string())
        });
        follow_change(state, *manual, change).await?;
    }
    for procedure in found.procedures.iter().copied().filter(|d| follows(d)) {
        let all_owners = all_owners.clone();
        let names = names.to_vec();
        let change = Box::new(move |d: &mut Automerge| {
            if !crate::joint::has(d, "order") {
                return Err("not a procedure".to_owned());
            }
            model::update::<ProcedureDoc, _, ProcedureError>(d, "The owner group was shared", now(), |p| {
                p.set_owners(&all_owners)?;
                name_owners(&mut p.owners, &names);
                Ok(())
            })
            .map_err(|e| e.to_string())
        });
        follow_change(state, procedure, change).await?;
    }
    if !manuals.is_empty() {
        state
            .hub
            .change_document(
                group,
                Box::new(move |d: &mut Automerge| {
                    model::update::<GroupDoc, _, std::convert::Infallible>(d, "List the group's manuals", now(), |g| {
                        for m in &manuals {
                            g.list_manual(*m);
                        }
                        Ok(())
                    })
                    .map_err(|e| e.to_string())
                }),
            )
            .await
            .map_err(from_change)?;
    }
    Ok(())
}

/// `POST /api/documents/{doc}/owners` `{partnershipId}`: 204 when the partnership owns
/// the group now (or already did).
pub(super) async fn add_owner(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
    body: Result<Json<AddOwner>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let Json(body) = body?;
    let target: PartnershipId = body
        .partnership_id
        .parse()
        .map_err(|_| ApiError::bad_request("Select the partnership to share this group with"))?;
    let acl = state.auth.snapshot();
    let owners: Vec<PartnershipId> = acl.owners(doc).collect();
    if !state.auth.may_read(&who.principal(), doc) || owners.is_empty() {
        return Err(ApiError::NotFound);
    }
    let Some(acting) = owners
        .iter()
        .copied()
        .find(|p| acl.role_in(who.account, *p).is_some_and(|r| r.may_write()))
    else {
        audit::record(&state.auth, owners.first().copied(), Some(who.account), AuditKind::AccessDenied, &format!("share {doc}"));
        return Err(ApiError::Forbidden);
    };
    let entry = acl
        .partnership(target)
        .ok_or_else(|| ApiError::bad_request("Select the partnership to share this group with"))?
        .clone();
    if owners.contains(&target) {
        return Ok(StatusCode::NO_CONTENT);
    }
    if entry.document == doc {
        return Err(ApiError::bad_request("A partnership cannot own itself"));
    }
    let partnership_doc = entry.document;
    // Every owner's name as this server knows it, recorded in the group so members of one
    // owner (who may not read the others' documents) still see who owns it.
    let names: Vec<(DocumentId, String)> = owners
        .iter()
        .chain(std::iter::once(&target))
        .filter_map(|p| acl.partnership(*p).map(|e| (e.document, e.name.clone())))
        .collect();
    let group_names = names.clone();
    state
        .hub
        .change_document(
            doc,
            Box::new(move |d: &mut Automerge| {
                let names = group_names;
                // Only a group has owners (partnership and person documents do not).
                if !crate::joint::has(d, "owners") {
                    return Err("Only a group can be shared".to_owned());
                }
                model::update::<GroupDoc, _, std::convert::Infallible>(d, "Share the group with another partnership", now(), |g| {
                    g.add_owner(partnership_doc);
                    for (d, name) in &names {
                        g.name_owner(*d, name);
                    }
                    Ok(())
                })
                .map_err(|e| e.to_string())
            }),
        )
        .await
        .map_err(from_change)?;
    state.auth.store().record_owner(doc, target)?;
    state
        .hub
        .change_document(
            partnership_doc,
            Box::new(move |d: &mut Automerge| {
                model::update::<PartnershipDoc, _, std::convert::Infallible>(d, "List a joint group", now(), |p| {
                    p.list_group(doc);
                    Ok(())
                })
                .map_err(|e| e.to_string())
            }),
        )
        .await
        .map_err(from_change)?;
    share_owned_like(&state, &acl, doc, &owners, target, partnership_doc, &names).await?;
    let acting_name = acl.partnership(acting).map(|p| p.name.clone()).unwrap_or_default();
    audit::record(&state.auth, Some(acting), Some(who.account), AuditKind::OwnerAdded, &format!("{doc} with {}", entry.name));
    audit::record(&state.auth, Some(target), Some(who.account), AuditKind::OwnerAdded, &format!("{doc} by {acting_name}"));
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
