//! Others' edits to a long section arrive as splices on the text held before them
//! ([`section_text_after`], or [`section_text_patched`] from patches logged as they were
//! applied): the result is the text the document holds, whatever the edits
//! (several at once, deletions, characters of several bytes), and a text object that is not
//! the one held is reported instead of patched.

mod procedure_support;

use automerge::{transaction::Transactable, Automerge, ObjType, PatchLog, ReadDoc, ROOT};
use domain::{
    procedure::{section_text, section_text_after, section_text_patched, splice_section_text, Status},
    ItemId,
};
use procedure_support::*;

fn splice(doc: &mut Automerge, s: ItemId, pos: usize, del: usize, ins: &str) {
    splice_section_text(doc, s, pos, del, ins, "type", 1).unwrap();
}

#[test]
fn edits_elsewhere_applied_to_the_held_text_give_the_documents_text() {
    let parties = Parties::new();
    let body = "Raise the concern with your line manager. Café référé ✓ 😀. ".repeat(200);
    let (mut mine, ids) = procedure(&parties, &[("Purpose", "Why."), ("Process", &body)], Status::Drafting);
    let (purpose, process) = (ids[0], ids[1]);
    let held = section_text(&mine, process).unwrap();
    let before = mine.get_heads();

    // Another partnership: inserts at the start, deletes across accents in the middle,
    // replaces near the end, and edits another section.
    let mut theirs = fork(&mine);
    splice(&mut theirs, process, 0, 0, "Urgent: ");
    splice(&mut theirs, process, 5_000, 12, "");
    let n = section_text(&theirs, process).unwrap().chars().count();
    splice(&mut theirs, process, n - 10, 4, "✗ done 👩‍👩‍👧");
    splice(&mut theirs, purpose, 0, 0, "Purpose: ");
    // The patches as logged while their changes are applied (as a client's sync engine
    // does), which also hold the other section's.
    let mut log = PatchLog::active();
    let mut logged = mine.clone();
    logged.merge_and_log_patches(&mut theirs.clone(), &mut log).unwrap();
    let patches = logged.make_patches(&mut log);
    assert!(patches.len() > 4, "the other section's patch is there too");
    mine.merge(&mut theirs).unwrap();

    let after = section_text_after(&mine, process, &before, &held).expect("patched");
    assert_eq!(after, section_text(&mine, process).unwrap());
    assert_eq!(section_text_patched(&logged, process, &before, &held, &patches).as_deref(), Some(after.as_str()));
    assert!(after.starts_with("Urgent: Raise"));
    assert_ne!(after, held);
}

#[test]
fn concurrent_edits_from_both_sides_merge_into_the_documents_text() {
    let parties = Parties::new();
    let (base, ids) = procedure(&parties, &[("Process", "one two three four five six seven")], Status::Drafting);
    let process = ids[0];
    let mut mine = fork(&base);
    let mut theirs = fork(&base);
    splice(&mut mine, process, 4, 3, "TWO");
    splice(&mut theirs, process, 8, 5, "3");
    splice(&mut theirs, process, 0, 0, "zero ");
    let held = section_text(&mine, process).unwrap();
    let before = mine.get_heads();
    let mut log = PatchLog::active();
    mine.merge_and_log_patches(&mut theirs, &mut log).unwrap();
    let patches = mine.make_patches(&mut log);
    let after = section_text_after(&mine, process, &before, &held).expect("patched");
    assert_eq!(after, section_text(&mine, process).unwrap());
    assert_eq!(after, "zero one TWO 3 four five six seven");
    assert_eq!(section_text_patched(&mine, process, &before, &held, &patches).as_deref(), Some(after.as_str()));
}

#[test]
fn a_replaced_text_object_is_read_again_not_patched() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(&parties, &[("Process", "Old text.")], Status::Drafting);
    let process = ids[0];
    let held = section_text(&doc, process).unwrap();
    let before = doc.get_heads();
    let mut tx = doc.transaction();
    let (_, sections) = tx.get(ROOT, "sections").unwrap().unwrap();
    let (_, section) = tx.get(&sections, process.to_string()).unwrap().unwrap();
    let text = tx.put_object(&section, "text", ObjType::Text).unwrap();
    tx.splice_text(&text, 0, 0, "New text.").unwrap();
    tx.commit();
    assert_eq!(section_text_after(&doc, process, &before, &held), None);
    assert_eq!(section_text(&doc, process).unwrap(), "New text.");
}
