//! What follows a group when it is shared with another partnership: the documents owned
//! like it. A meeting, a written resolution, a case review or a procedures manual is made "owned like" its
//! group (every partnership owning the group owns it), so once the group gains an owner
//! they must gain it too, or the new partnership's people would see the group's meetings
//! and manuals listed and be refused every one of them.

use automerge::{Automerge, ReadDoc, ROOT};
use domain::{
    model::{self, GroupDoc, PartnershipDoc},
    procedure::{LibraryDoc, ProcedureDoc},
    DocumentId,
};

use crate::storage::DocumentStore;

/// The documents owned like one group, as stored now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedLikeGroup {
    /// Meetings, written resolutions and case reviews (nothing in them names their owners).
    pub records: Vec<DocumentId>,
    /// The group's manuals: its own list, and any manual an owner lists whose owner group
    /// it is (manuals made before groups listed them).
    pub manuals: Vec<DocumentId>,
    /// The manuals' procedures.
    pub procedures: Vec<DocumentId>,
    /// The procedures' comments documents.
    pub comments: Vec<DocumentId>,
}

impl OwnedLikeGroup {
    /// Every document found, each once.
    pub fn all(&self) -> Vec<DocumentId> {
        let mut all: Vec<DocumentId> = Vec::new();
        for d in self.records.iter().chain(&self.manuals).chain(&self.procedures).chain(&self.comments) {
            if !all.contains(d) {
                all.push(*d);
            }
        }
        all
    }
}

/// Whether the document has the key `key` at its root: how a group (`owners`), a manual
/// (`chapters`) or a procedure (`order`) is told from another document that would read as
/// one with defaults.
pub(crate) fn has(doc: &Automerge, key: &str) -> bool {
    matches!(doc.get(ROOT, key), Ok(Some(_)))
}

fn push_once(list: &mut Vec<DocumentId>, d: DocumentId) {
    if !list.contains(&d) {
        list.push(d);
    }
}

/// The documents owned like `group`, whose owners' partnership documents are `owners`.
pub fn owned_like_group(storage: &DocumentStore, group: DocumentId, owners: &[DocumentId]) -> OwnedLikeGroup {
    let mut found = OwnedLikeGroup::default();
    let Some(g) = storage.load_document(group).and_then(|d| model::read::<GroupDoc>(&d).ok()) else {
        return found;
    };
    found.records = g.records();
    let listed_by_owners = owners
        .iter()
        .filter_map(|p| storage.load_document(*p).and_then(|d| model::read::<PartnershipDoc>(&d).ok()))
        .flat_map(|p| p.libraries);
    let mut candidates: Vec<DocumentId> = g.manuals.clone();
    for l in listed_by_owners {
        push_once(&mut candidates, l);
    }
    for l in candidates {
        let Some(lib) = storage.load_document(l).filter(|d| has(d, "chapters")).and_then(|d| model::read::<LibraryDoc>(&d).ok()) else { continue };
        if !(g.manuals.contains(&l) || lib.owner_group == Some(group)) {
            continue;
        }
        push_once(&mut found.manuals, l);
        for p in lib.procedures() {
            // Listed, so its owners follow even before its first change reaches the server;
            // its comments are named in it, so only a stored one gives them.
            push_once(&mut found.procedures, p);
            let comments = storage.load_document(p).filter(|d| has(d, "order")).and_then(|d| model::read::<ProcedureDoc>(&d).ok()).and_then(|p| p.comments);
            if let Some(c) = comments {
                push_once(&mut found.comments, c);
            }
        }
    }
    found
}
