use autosurgeon::{Hydrate, Reconcile, Text};

use crate::ItemId;

/// One section of a procedure's body. Sections live in a map by id and their order in a
/// separate list of ids, so moving a section never recreates its text: concurrent edits to
/// a section someone else moved are kept. A removed section stays (marked) so an edit made
/// to it offline at the same time is not lost and it can be restored.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Section {
    pub id: ItemId,
    pub heading: String,
    /// Markdown, kept as Automerge text (merged character by character).
    pub text: Text,
    #[autosurgeon(missing = "Default::default")]
    pub removed: bool,
}

impl Section {
    pub fn new(heading: &str, text: &str) -> Self {
        Self { id: ItemId::random(), heading: heading.trim().to_owned(), text: Text::with_value(text), removed: false }
    }
}
