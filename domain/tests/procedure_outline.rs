//! The outline of a procedure (everything but its sections' text) reads as the whole
//! procedure does, text aside, and a keystroke in a section leaves it as it was.

mod procedure_support;

use autosurgeon::Text;
use domain::{
    model::{self, Date},
    procedure::{sign_off, splice_section_text, ProcedureDoc, ProcedureOutline, Status},
};
use procedure_support::*;

fn outline(doc: &automerge::Automerge) -> ProcedureDoc {
    model::read::<ProcedureOutline>(doc).unwrap().0
}

/// `p` with every section's text emptied.
fn without_text(mut p: ProcedureDoc) -> ProcedureDoc {
    for s in p.sections.values_mut() {
        s.text = Text::with_value("");
    }
    p
}

#[test]
fn the_outline_is_the_procedure_without_its_sections_text() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(
        &parties,
        &[("Process", "Escalate within two working days."), ("Contacts", "Ring the duty team ✓.")],
        Status::AwaitingSignOff,
    );
    model::update(&mut doc, "details", 1, |p: &mut ProcedureDoc| {
        p.set_review_date(Date::from_ymd(2027, 3, 1));
        p.set_summary("How practitioners escalate a disagreement.");
        p.remove_section(ids[1])
    })
    .unwrap();
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    let whole = read(&doc);
    assert!(whole.sections.values().any(|s| !s.text.as_str().is_empty()), "the whole read has the text");
    let o = outline(&doc);
    assert!(o.sections.values().all(|s| s.text.as_str().is_empty()), "the outline has none");
    assert_eq!(o, without_text(whole));
    assert_eq!(o.sign_offs.len(), 1);
    assert_eq!(o.visible_sections().len(), 1, "a removed section stays marked removed");
}

#[test]
fn an_edit_of_a_text_leaves_the_outline_and_a_heading_changes_it() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(&parties, &[("Process", "Escalate within two working days.")], Status::Drafting);
    let before = outline(&doc);
    splice_section_text(&mut doc, ids[0], 8, 0, "promptly ", "Edit the text", 2).unwrap();
    assert_eq!(outline(&doc), before);
    model::update(&mut doc, "rename", 3, |p: &mut ProcedureDoc| p.rename_section(ids[0], "Escalation")).unwrap();
    let after = outline(&doc);
    assert_ne!(after, before);
    assert_eq!(after.section(ids[0]).map(|s| s.heading.as_str()), Some("Escalation"));
}

#[test]
fn an_empty_document_reads_as_an_empty_outline() {
    let doc = automerge::Automerge::new();
    assert_eq!(outline(&doc), ProcedureDoc::default());
}

#[test]
fn a_splice_given_the_text_held_now_matches_one_that_reads_it() {
    use domain::procedure::{section_text, splice_section_text_in};
    let parties = Parties::new();
    let text = "Café ✓ opened — 😀 early";
    let (doc, ids) = procedure(&parties, &[("Process", text)], Status::Drafting);
    for (pos, delete, insert) in [(0, 0, "Note: "), (5, 1, "✗"), (17, 1, "🙂"), (text.chars().count(), 0, " today"), (3, 4, "")] {
        let (mut read, mut given) = (fork(&doc), fork(&doc));
        splice_section_text(&mut read, ids[0], pos, delete, insert, "Edit the text", 2).unwrap();
        splice_section_text_in(&mut given, ids[0], Some(text), pos, delete, insert, "Edit the text", 2).unwrap();
        assert_eq!(section_text(&given, ids[0]), section_text(&read, ids[0]), "splice {pos} {delete} {insert:?}");
    }
    // A stale text (another length) is not trusted: the text is read.
    let mut stale = fork(&doc);
    splice_section_text_in(&mut stale, ids[0], Some("Café"), 5, 1, "✗", "Edit the text", 2).unwrap();
    assert_eq!(section_text(&stale, ids[0]).as_deref(), Some("Café ✗ opened — 😀 early"));
    assert_eq!(
        splice_section_text_in(&mut stale, ids[0], Some(text), 99, 0, "x", "Edit the text", 3),
        Err(domain::procedure::ProcedureError::BadRange)
    );
}
