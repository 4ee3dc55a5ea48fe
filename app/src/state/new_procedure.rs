//! Adding a procedure to a manual (issue 11): the procedure document and its comments
//! document are made together, both owned like the manual, so a new procedure can be
//! commented on (and consulted on) from its first day, like the demo's.

use domain::{
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
