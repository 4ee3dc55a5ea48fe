//! [`DraftReading`]: a procedure's working draft as a person last saw it (its title and its
//! sections' headings and text), kept on the device so that a full load of the draft shows
//! the text at once while the procedure's document (a large one takes a few hundred
//! milliseconds to load) is still loading: to read, and to type in for a person who could
//! edit the draft when it was saved (what they type is carried over to the document once it
//! is here: see [`crate::text::rebase`]). Kept only for the drafts opened most recently, as a
//! saved view (see [`crate::repo::view_cache`]); the document is the truth once it is here.

use automerge::Automerge;
use domain::{
    procedure::{section_text, ProcedureOutline},
    DocumentId, ItemId,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::use_repo;

/// Drafts whose reading is kept on the device (the most recently opened).
const KEEP_DRAFTS: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftReading {
    pub title: String,
    pub sections: Vec<ReadingSection>,
    /// Whether the person could edit the draft when it was read (readings saved before this
    /// was kept say no: they show read-only).
    #[serde(default)]
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingSection {
    pub id: ItemId,
    pub heading: String,
    pub text: String,
}

impl crate::repo::SavedView for DraftReading {
    const NAME: &'static str = "draft-reading.1";
}

impl DraftReading {
    /// The draft as `doc` holds it now: its visible sections in order, with their text.
    pub fn of(doc: &Automerge) -> Option<Self> {
        let ProcedureOutline(outline) = domain::model::read::<ProcedureOutline>(doc).ok()?;
        let sections = outline
            .visible_sections()
            .into_iter()
            .map(|s| ReadingSection { id: s.id, heading: s.heading.clone(), text: section_text(doc, s.id).unwrap_or_default() })
            .collect();
        Some(Self { title: outline.title.clone(), sections, editable: false })
    }
}

/// Keeps procedure `id`'s reading on the device whenever its text has settled (not on every
/// keystroke: reading every section's text grows with the procedure), and whether the person
/// may edit it (`can_edit`).
pub fn use_keep_draft_reading(id: DocumentId, can_edit: Signal<bool>) {
    let ctx = use_repo();
    let settled = super::use_settled(id);
    Effect::new(move |_| {
        settled.track();
        let editable = can_edit.get();
        let repo = ctx.repo();
        if let Some(reading) = repo.with_document(id, DraftReading::of).flatten() {
            repo.keep_view(id, &DraftReading { editable, ..reading }, KEEP_DRAFTS);
        }
    });
}

/// Procedure `id`'s saved reading, while its document is not here to read.
pub fn saved_draft_reading(id: DocumentId) -> Option<DraftReading> {
    use_repo().repo().saved_view::<DraftReading>(id)
}

#[cfg(test)]
mod tests {
    use domain::{model, procedure::ProcedureDoc};

    use super::*;

    #[test]
    fn a_reading_is_the_visible_sections_in_order_with_their_text() {
        let mut p = ProcedureDoc::new("Children missing from home or care", None, &[DocumentId::random()]).unwrap();
        let first = p.add_section("Reporting a child missing", "Ring 101 at once.", None).unwrap();
        let gone = p.add_section("Old guidance", "Withdrawn.", None).unwrap();
        let last = p.add_section("Return interviews", "Within 72 hours ✓.", None).unwrap();
        p.remove_section(gone).unwrap();
        let mut doc = Automerge::new();
        model::update(&mut doc, "create", 0, |d: &mut ProcedureDoc| {
            *d = p;
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap();
        let reading = DraftReading::of(&doc).unwrap();
        assert_eq!(reading.title, "Children missing from home or care");
        assert_eq!(
            reading.sections,
            vec![
                ReadingSection { id: first, heading: "Reporting a child missing".into(), text: "Ring 101 at once.".into() },
                ReadingSection { id: last, heading: "Return interviews".into(), text: "Within 72 hours ✓.".into() },
            ]
        );
        assert!(!reading.editable, "the page says whether the person may edit it");
        // It survives being saved as JSON (what the device keeps); one saved before readings
        // said whether the draft was editable is read-only.
        let json = serde_json::to_string(&DraftReading { editable: true, ..reading.clone() }).unwrap();
        assert!(serde_json::from_str::<DraftReading>(&json).unwrap().editable);
        let older = serde_json::to_string(&reading).unwrap().replace(r#","editable":false"#, "");
        assert!(!older.contains("editable"));
        assert_eq!(serde_json::from_str::<DraftReading>(&older).unwrap(), reading);
        assert_eq!(DraftReading::of(&Automerge::new()).map(|r| r.sections.len()).unwrap_or(0), 0, "an empty document has no sections to show");
    }
}
