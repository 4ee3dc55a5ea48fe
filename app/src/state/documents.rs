//! Creating documents: the one way every new document is made, so that each is registered
//! with the server under its owning partnership (`POST /api/documents`, queued offline).

use domain::DocumentId;

use crate::{auth::session::register_document, repo::Repo};

/// A new, empty document owned by the partnership whose document is `partnership`. The
/// server learns its owner before (or, offline, soon after) its first change arrives.
pub fn create_document(repo: &Repo, partnership: DocumentId) -> DocumentId {
    create(repo, partnership, None)
}

/// A new, empty document owned like `like` (e.g. a meeting like its group): by every
/// partnership that owns `like`, registered through the one of `owners` (`like`'s owners) the
/// signed-in person edits in.
pub fn create_document_like(repo: &Repo, owners: &[DocumentId], like: DocumentId) -> Option<DocumentId> {
    let me = crate::auth::cache::cached_me();
    let through = owners
        .iter()
        .copied()
        .find(|o| me.as_ref().is_some_and(|m| m.partnerships.iter().any(|p| p.document_id == *o && p.role.can_edit())))
        .or_else(|| owners.first().copied())?;
    Some(create(repo, through, Some(like)))
}

fn create(repo: &Repo, partnership: DocumentId, like: Option<DocumentId>) -> DocumentId {
    // Bound to the signed-in account, so nobody else can claim it before it reaches the
    // server (see `DocumentId::minted_for`).
    let id = match crate::auth::cache::cached_me() {
        Some(me) => repo.create_as(DocumentId::minted_for(&me.account.id)),
        None => repo.create(),
    };
    register_document(id, partnership, like);
    id
}
