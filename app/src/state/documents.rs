//! Creating documents: the one way every new document is made, so that registering each
//! with the server under its owning partnership has one place to hook into.

use domain::DocumentId;

use crate::repo::Repo;

/// A new, empty document owned by the partnership whose document is `partnership`
/// (groups, people). Registration with the server's access control hooks in here.
pub fn create_document(repo: &Repo, partnership: DocumentId) -> DocumentId {
    let _ = partnership;
    repo.create()
}
