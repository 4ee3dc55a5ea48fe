//! Writing together offline: two partnerships edit the same section with interleaved
//! inserts and deletes while a third device reorders, adds and removes sections; every
//! merge order gives the same text and loses nobody's work.

mod procedure_support;

use automerge::Automerge;
use domain::{
    model,
    procedure::{section_text, set_section_text, splice_section_text, ProcedureDoc, Status},
    ItemId,
};
use procedure_support::*;

const PROCESS: &str = "Practitioners should raise the concern with their line manager. \
The manager discusses it with the other agency within two working days. \
If it is not resolved, the safeguarding lead escalates it.";

fn splice(doc: &mut Automerge, s: ItemId, pos: usize, del: usize, ins: &str) {
    splice_section_text(doc, s, pos, del, ins, "type", 1).unwrap();
}

fn find(doc: &Automerge, s: ItemId, needle: &str) -> usize {
    let text = section_text(doc, s).unwrap();
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    text[..byte].chars().count()
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 1 {
        return vec![vec![0]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for at in 0..=p.len() {
            let mut q = p.clone();
            q.insert(at, n - 1);
            out.push(q);
        }
    }
    out
}

#[test]
fn two_partnerships_edit_one_section_offline_while_a_third_reorders_and_every_merge_order_agrees() {
    let parties = Parties::new();
    let (base, ids) = procedure(
        &parties,
        &[("Purpose", "Why this procedure exists."), ("Process", PROCESS), ("Contacts", "See the local contacts."), ("Related", "Working Together.")],
        Status::Drafting,
    );
    let (process, contacts, related) = (ids[1], ids[2], ids[3]);

    // Leicester, offline: interleaved inserts and deletes across the section.
    let mut leicester = fork(&base);
    splice(&mut leicester, process, 0, 0, "All ");
    let at = find(&leicester, process, "line manager");
    splice(&mut leicester, process, at, "line ".len(), "");
    let at = find(&leicester, process, "two working days");
    splice(&mut leicester, process, at, 3, "five");
    let at = find(&leicester, process, "escalates it.");
    splice(&mut leicester, process, at + "escalates it".len(), 0, " to the Head of Service");

    // LRSCP, offline at the same time, in the same sentences.
    let mut lrscp = fork(&base);
    let at = find(&lrscp, process, "concern");
    splice(&mut lrscp, process, at, 0, "safeguarding ");
    let at = find(&lrscp, process, "other agency");
    splice(&mut lrscp, process, at, "other".len(), "partner");
    let at = find(&lrscp, process, "If it is not resolved");
    splice(&mut lrscp, process, at, 0, "Record the discussion. ");
    let at = find(&lrscp, process, "working days");
    splice(&mut lrscp, process, at + "working days".len(), 0, " of the referral");

    // A third device reorders (Process first, Related before Contacts), removes Contacts
    // and adds a section, without touching the text.
    let mut third = fork(&base);
    model::update(&mut third, "reorder", 1, |p: &mut ProcedureDoc| {
        p.move_section(process, 0)?;
        p.move_section(related, 2)?;
        p.remove_section(contacts)?;
        p.add_section("Recording", "Record every step.", None).map(|_| ())
    })
    .unwrap();

    let devices = [leicester, lrscp, third];
    let mut results: Vec<(String, Vec<ItemId>)> = Vec::new();
    for order in permutations(3) {
        let mut merged = fork(&devices[order[0]]);
        for &i in &order[1..] {
            merged.merge(&mut devices[i].clone()).unwrap();
        }
        let p = converge(std::slice::from_mut(&mut merged));
        results.push((section_text(&merged, process).unwrap(), p.order.clone()));
    }
    assert_eq!(results.len(), 6);
    for r in &results {
        assert_eq!(r, &results[0], "every merge order gives the same text and order");
    }
    let (text, order) = &results[0];
    for kept in ["All ", "safeguarding concern", "their manager", "partner agency", "five working days of the referral", "Record the discussion. If it is not resolved", "escalates it to the Head of Service."] {
        assert!(text.contains(kept), "{kept:?} survives the merge in {text:?}");
    }
    for gone in ["line manager", "two working", "other agency"] {
        assert!(!text.contains(gone), "{gone:?} was deleted, in {text:?}");
    }
    assert_eq!(order[0], process, "the reorder is kept");
    assert_eq!(order[1], ids[0]);
    assert_eq!(order[2], related);
    assert!(!order.contains(&contacts), "the removed section is out of the body");
    assert_eq!(order.len(), 4, "the added section is in the body");
}

#[test]
fn a_section_moved_on_one_device_keeps_the_text_typed_into_it_on_another() {
    let parties = Parties::new();
    let (base, ids) = procedure(&parties, &[("One", "First."), ("Two", "Second."), ("Three", "Third.")], Status::Drafting);
    let mut a = fork(&base);
    let mut b = fork(&base);
    model::update(&mut a, "move", 1, |p: &mut ProcedureDoc| p.move_section(ids[2], 0)).unwrap();
    set_section_text(&mut b, ids[2], "Third, with more detail.", "type", 1).unwrap();
    let p = converge(&mut [a, b]);
    assert_eq!(p.order, vec![ids[2], ids[0], ids[1]]);
    assert_eq!(p.section(ids[2]).unwrap().text.as_str(), "Third, with more detail.");
}

#[test]
fn the_same_section_moved_on_two_devices_is_listed_once() {
    let parties = Parties::new();
    let (base, ids) = procedure(&parties, &[("One", "1"), ("Two", "2"), ("Three", "3"), ("Four", "4")], Status::Drafting);
    let mut a = fork(&base);
    let mut b = fork(&base);
    model::update(&mut a, "move", 1, |p: &mut ProcedureDoc| p.move_section(ids[3], 0)).unwrap();
    model::update(&mut b, "move", 1, |p: &mut ProcedureDoc| p.move_section(ids[3], 2)).unwrap();
    let p = converge(&mut [a, b]);
    assert_eq!(p.order.iter().filter(|i| **i == ids[3]).count(), 1);
    assert_eq!(p.order.len(), 4);
}

#[test]
fn text_typed_into_a_section_removed_at_the_same_time_is_kept_and_can_be_restored() {
    let parties = Parties::new();
    let (base, ids) = procedure(&parties, &[("One", "Keep."), ("Two", "Old text.")], Status::Drafting);
    let mut a = fork(&base);
    let mut b = fork(&base);
    model::update(&mut a, "remove", 1, |p: &mut ProcedureDoc| p.remove_section(ids[1])).unwrap();
    splice_section_text(&mut b, ids[1], 0, 0, "New words. ", "type", 1).unwrap();
    let p = converge(&mut [a, b]);
    assert_eq!(p.order, vec![ids[0]]);
    assert_eq!(p.section(ids[1]).unwrap().text.as_str(), "New words. Old text.");
    // Restoring brings it back at the end, with the words typed into it.
    let mut merged = fork(&base);
    let mut a2 = fork(&base);
    model::update(&mut a2, "remove", 1, |p: &mut ProcedureDoc| p.remove_section(ids[1])).unwrap();
    let mut b2 = fork(&base);
    splice_section_text(&mut b2, ids[1], 0, 0, "New words. ", "type", 1).unwrap();
    merged.merge(&mut a2).unwrap();
    merged.merge(&mut b2).unwrap();
    model::update(&mut merged, "restore", 2, |p: &mut ProcedureDoc| p.restore_section(ids[1])).unwrap();
    assert_eq!(read(&merged).order, vec![ids[0], ids[1]]);
    assert_eq!(section_text(&merged, ids[1]).unwrap(), "New words. Old text.");
}

#[test]
fn set_section_text_edits_only_what_changed_so_concurrent_edits_elsewhere_merge() {
    let parties = Parties::new();
    let (base, ids) = procedure(&parties, &[("Process", "The lead reviewer – named by the group – agrees the plan.")], Status::Drafting);
    let mut a = fork(&base);
    let mut b = fork(&base);
    // Non-ASCII text (dashes, accents) on both sides: positions are characters, not bytes.
    assert!(set_section_text(&mut a, ids[0], "The lead reviewer – named by the sub-group – agrees the plan.", "type", 1).unwrap());
    assert!(set_section_text(&mut b, ids[0], "The lead reviewer – named by the group – agrees the plan with the café’s owner.", "type", 1).unwrap());
    assert!(!set_section_text(&mut b, ids[0], "The lead reviewer – named by the group – agrees the plan with the café’s owner.", "type", 1).unwrap(), "no change, no edit");
    let p = converge(&mut [a, b]);
    assert_eq!(p.section(ids[0]).unwrap().text.as_str(), "The lead reviewer – named by the sub-group – agrees the plan with the café’s owner.");
}
