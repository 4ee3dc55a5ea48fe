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

// --- Random interleavings ---------------------------------------------------------------

use proptest::prelude::*;

/// An edit as generated: insert a marker at a fraction of the text, or delete up to `len`
/// characters from a fraction of it.
#[derive(Debug, Clone)]
enum Op {
    Insert(f64),
    Delete(f64, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![(0.0..=1.0f64).prop_map(Op::Insert), (0.0..1.0f64, 1..6usize).prop_map(|(f, n)| Op::Delete(f, n))]
}

/// Applies `ops` on a device, tracking which base characters each position holds (None
/// for inserted ones). Returns the base indexes that survive on this device.
fn apply(doc: &mut Automerge, s: ItemId, base_len: usize, who: char, ops: &[Op]) -> Vec<usize> {
    let mut origin: Vec<Option<usize>> = (0..base_len).map(Some).collect();
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Insert(f) => {
                let mut at = (f * origin.len() as f64) as usize;
                // Never inside another marker: move to the end of a run of inserted ones.
                while at > 0 && at < origin.len() && origin[at - 1].is_none() && origin[at].is_none() {
                    at += 1;
                }
                let marker = format!("<{who}{n}>");
                splice(doc, s, at, 0, &marker);
                for _ in 0..marker.chars().count() {
                    origin.insert(at, None);
                }
            }
            Op::Delete(f, len) if !origin.is_empty() => {
                let at = ((f * origin.len() as f64) as usize).min(origin.len() - 1);
                // Never cut a marker in half: delete base characters only.
                let mut end = at;
                while end < origin.len() && end - at < *len && origin[end].is_some() {
                    end += 1;
                }
                if end > at {
                    splice(doc, s, at, end - at, "");
                    origin.drain(at..end);
                }
            }
            Op::Delete(..) => {}
        }
    }
    let text = section_text(doc, s).unwrap();
    assert_eq!(text.chars().count(), origin.len(), "tracking matches the document");
    origin.into_iter().flatten().collect()
}

fn strip_markers(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn markers(text: &str) -> Vec<String> {
    text.split('<').skip(1).filter_map(|m| m.split_once('>').map(|(m, _)| m.to_owned())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn random_interleaved_edits_and_reorders_converge_in_every_merge_order_and_lose_nothing(
        a_ops in proptest::collection::vec(op(), 1..12),
        b_ops in proptest::collection::vec(op(), 1..12),
        moves in proptest::collection::vec((0..4usize, 0..4usize), 0..4),
    ) {
        let base_text = "escalate concerns within two working days to the safeguarding lead";
        let parties = Parties::new();
        let (base, ids) = procedure(&parties, &[("A", "a"), ("Process", base_text), ("C", "c"), ("D", "d")], Status::Drafting);
        let s = ids[1];
        let base_len = base_text.chars().count();
        let mut a = fork(&base);
        let mut b = fork(&base);
        let kept_a = apply(&mut a, s, base_len, 'A', &a_ops);
        let kept_b = apply(&mut b, s, base_len, 'B', &b_ops);
        let (a_text, b_text) = (section_text(&a, s).unwrap(), section_text(&b, s).unwrap());
        let mut c = fork(&base);
        for (from, to) in &moves {
            model::update(&mut c, "move", 1, |p: &mut ProcedureDoc| p.move_section(ids[*from], *to)).unwrap();
        }
        let devices = [a, b, c];
        let mut results = Vec::new();
        for order in permutations(3) {
            let mut merged = fork(&devices[order[0]]);
            for &i in &order[1..] {
                merged.merge(&mut devices[i].clone()).unwrap();
            }
            let p = converge(std::slice::from_mut(&mut merged));
            results.push((section_text(&merged, s).unwrap(), p.order.clone()));
        }
        for r in &results {
            prop_assert_eq!(r, &results[0]);
        }
        let text = &results[0].0;
        let expected: String = base_text.chars().enumerate().filter(|(i, _)| kept_a.contains(i) && kept_b.contains(i)).map(|(_, c)| c).collect();
        prop_assert_eq!(strip_markers(text), expected, "exactly the base characters neither side deleted");
        let merged_markers = markers(text);
        for own in [markers(&a_text), markers(&b_text)] {
            let in_merged: Vec<_> = merged_markers.iter().filter(|m| own.contains(m)).cloned().collect();
            prop_assert_eq!(in_merged, own, "each side's insertions survive, in its order");
        }
        prop_assert_eq!(results[0].1.len(), 4, "every section stays in the body once");
    }
}
