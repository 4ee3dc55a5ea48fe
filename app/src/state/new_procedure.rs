//! Setting up a procedures manual (issue 11): starting a manual, adding its chapters, and
//! adding a procedure to it. A procedure's document and its comments document are made
//! together, both owned like the manual, so a new procedure can be commented on (and
//! consulted on) from its first day, like the demo's.

use domain::{
    model::{PartnershipDoc, PartnershipError},
    procedure::{LibraryDoc, ProcedureDoc, ProcedureError},
    DocumentId, ItemId,
};

use super::consultation::create_comments_document;
use crate::repo::{DocView, Repo};

/// Makes a procedure titled `title` in chapter `chapter` of the manual `library`: its
/// document, its comments document (linked from the procedure), and its entry in the
/// chapter. The procedure's id, or why not.
pub fn create_procedure(repo: &Repo, library: DocumentId, chapter: ItemId, title: &str) -> Result<DocumentId, String> {
    let not_here = || "This manual has not loaded on this device yet. Try again in a moment".to_owned();
    let DocView::Ready(lib) = repo.read::<LibraryDoc>(library) else { return Err(not_here()) };
    if !lib.chapters.iter().any(|c| c.id == chapter) {
        return Err(ProcedureError::NoSuchChapter.to_string());
    }
    let owners: Vec<DocumentId> = lib.owners.iter().map(|o| o.partnership).collect();
    // Checked before any document is made.
    let mut procedure = ProcedureDoc::new(title, lib.owner_group, &owners).map_err(|e| e.to_string())?;
    let id = super::create_document_like(repo, &owners, library).ok_or_else(not_here)?;
    let comments = create_comments_document(repo, id, &owners).ok_or_else(not_here)?;
    procedure.comments = Some(comments);
    let time = super::partnership::now();
    repo.change(id, |d| {
        domain::model::update(d, "Create the procedure", time, |p: &mut ProcedureDoc| {
            *p = procedure;
            Ok::<_, ProcedureError>(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| e.to_string())?;
    repo.change(library, |d| {
        domain::model::update(d, "Add a procedure", time, |l: &mut LibraryDoc| l.file_procedure(chapter, id))
    })
    .map_err(|_| not_here())?
    .map_err(|e| match e {
        domain::model::DocError::Rule(e) => e.to_string(),
        e => e.to_string(),
    })?;
    Ok(id)
}

/// Starts a procedures manual titled `title`, owned by partnership `partnership` and listed
/// by it. The manual's id, or why not (nothing is made then).
pub fn create_library(repo: &Repo, partnership: DocumentId, title: &str) -> Result<DocumentId, String> {
    let not_here = || "This partnership has not loaded on this device yet. Try again in a moment".to_owned();
    if !matches!(repo.read::<PartnershipDoc>(partnership), DocView::Ready(_)) {
        return Err(not_here());
    }
    // Checked before any document is made.
    let library = LibraryDoc::new(title, None, &[partnership]).map_err(|e| e.to_string())?;
    let id = super::create_document(repo, partnership);
    let time = super::partnership::now();
    repo.change(id, |d| {
        domain::model::update(d, "Start the manual", time, |l: &mut LibraryDoc| {
            *l = library;
            Ok::<_, ProcedureError>(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| e.to_string())?;
    super::change_partnership(repo, partnership, "Add a procedures manual", |p| {
        p.list_library(id);
        Ok::<_, PartnershipError>(())
    })
    .map_err(|e| e.to_string())?;
    Ok(id)
}

/// Adds a chapter titled `title` to the end of manual `library`: its id, or why not.
pub fn add_chapter(repo: &Repo, library: DocumentId, title: &str) -> Result<ItemId, String> {
    change_library(repo, library, "Add a chapter", |l| l.add_chapter(title))
}

/// Publishes an update of manual `library` named `name`, launched today, of the published
/// versions `items` (procedure, version, amendment): its id, or why not.
pub fn publish_update(repo: &Repo, library: DocumentId, name: &str, items: &[(DocumentId, u32, String)]) -> Result<ItemId, String> {
    let today = super::partnership::today();
    change_library(repo, library, "Publish an update", |l| l.publish_update(name, today, items))
}

/// One change to manual `library`, stamped now; a refused change writes nothing.
fn change_library<R>(repo: &Repo, library: DocumentId, message: &str, f: impl FnOnce(&mut LibraryDoc) -> Result<R, ProcedureError>) -> Result<R, String> {
    let time = super::partnership::now();
    repo.change(library, |d| domain::model::update(d, message, time, f))
        .map_err(|_| "This manual has not loaded on this device yet. Try again in a moment".to_owned())?
        .map_err(|e| e.to_string())
}
