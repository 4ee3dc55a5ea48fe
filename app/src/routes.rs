//! Pages, one module each, and typed links to them.

pub mod not_found;
pub mod partnership;
pub mod partnerships;

use domain::DocumentId;

/// `/`: the list of partnerships.
pub fn partnerships_href() -> String {
    "/".to_owned()
}

/// `/partnerships/<documentId>`.
pub fn partnership_href(id: DocumentId) -> String {
    format!("/partnerships/{id}")
}
