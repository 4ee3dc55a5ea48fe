//! The word diff between two versions, section by section, on known inputs and from a
//! document's own history.

mod procedure_support;

use domain::{
    model,
    procedure::{
        diff_contents, diff_versions, set_section_text, word_diff, DiffRun, ProcedureContent, ProcedureDoc, RunKind, SectionChange,
        SectionContent,
    },
    ItemId,
};
use procedure_support::*;
use RunKind::*;

fn runs(list: &[(RunKind, &str)]) -> Vec<DiffRun> {
    list.iter().map(|(k, t)| DiffRun { kind: *k, text: (*t).to_owned() }).collect()
}

/// Joins the runs back: the equal and deleted runs give the old text, the equal and
/// inserted ones the new.
fn sides(r: &[DiffRun]) -> (String, String) {
    let pick = |skip: RunKind| r.iter().filter(|x| x.kind != skip).map(|x| x.text.as_str()).collect::<String>();
    (pick(Inserted), pick(Deleted))
}

#[test]
fn a_replaced_word_and_an_added_phrase() {
    let d = word_diff("Escalate to the line manager within two days.", "Escalate to the line manager within five working days.");
    assert_eq!(d, runs(&[(Equal, "Escalate to the line manager within "), (Deleted, "two"), (Inserted, "five working"), (Equal, " days.")]));
}

#[test]
fn words_added_at_the_start_and_removed_at_the_end() {
    let d = word_diff("Record the decision and the reasons.", "Always record the decision.");
    let (old, new) = sides(&d);
    assert_eq!(old, "Record the decision and the reasons.");
    assert_eq!(new, "Always record the decision.");
    assert_eq!(d.first().unwrap().kind, Deleted, "'Record' became 'Always record': {d:?}");
    assert!(d.iter().any(|r| r.kind == Inserted && r.text.contains("Always")));
    assert!(d.iter().any(|r| r.kind == Equal && r.text.contains("the")));
    assert!(d.iter().any(|r| r.kind == Deleted && r.text.contains("reasons")));
}

#[test]
fn identical_and_empty_texts() {
    assert_eq!(word_diff("Same words.", "Same words."), runs(&[(Equal, "Same words.")]));
    assert_eq!(word_diff("", "New text"), runs(&[(Inserted, "New text")]));
    assert_eq!(word_diff("Old text", ""), runs(&[(Deleted, "Old text")]));
    assert!(word_diff("", "").is_empty());
}

fn section(id: ItemId, heading: &str, text: &str) -> SectionContent {
    SectionContent { id, heading: heading.into(), text: text.into() }
}

fn content(sections: Vec<SectionContent>) -> ProcedureContent {
    ProcedureContent {
        title: "T".into(),
        summary: String::new(),
        lead_reviewer: String::new(),
        links: vec![],
        contacts: vec![],
        review_date: None,
        sections,
    }
}

#[test]
fn sections_are_matched_by_id_with_added_removed_renamed_and_unchanged_ones() {
    let (a, b, c, d) = (ItemId::random(), ItemId::random(), ItemId::random(), ItemId::random());
    let before = content(vec![section(a, "Purpose", "Why."), section(b, "Old steps", "Step one."), section(c, "Contacts", "Call us.")]);
    let after = content(vec![section(c, "Contacts", "Call us."), section(a, "Aim", "Why we do it."), section(d, "Recording", "Write it down.")]);
    let diff = diff_contents(&before, &after);
    let summary: Vec<(ItemId, SectionChange)> = diff.iter().map(|s| (s.id, s.change)).collect();
    assert_eq!(
        summary,
        [(c, SectionChange::Unchanged), (a, SectionChange::Changed), (b, SectionChange::Removed), (d, SectionChange::Added)],
        "in the new order, the removed section where it was (after Purpose)"
    );
    assert_eq!(diff[1].heading_before.as_deref(), Some("Purpose"));
    assert_eq!(diff[1].heading_after.as_deref(), Some("Aim"));
    assert_eq!(sides(&diff[1].runs), ("Why.".to_owned(), "Why we do it.".to_owned()));
    assert_eq!(diff[2].runs, runs(&[(Deleted, "Step one.")]));
    assert_eq!(diff[3].runs, runs(&[(Inserted, "Write it down.")]));
}

#[test]
fn two_versions_from_the_documents_own_history() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(&parties, &[("Process", "Discuss the concern with your manager."), ("Contacts", "Local teams.")], domain::procedure::Status::Drafting);
    let v1 = doc.get_heads();
    set_section_text(&mut doc, ids[0], "Discuss the concern with your designated safeguarding lead.", "type", 2).unwrap();
    let added = model::update(&mut doc, "add", 3, |p: &mut ProcedureDoc| p.add_section("Recording", "Keep a record.", None)).unwrap();
    model::update(&mut doc, "remove", 4, |p: &mut ProcedureDoc| p.remove_section(ids[1])).unwrap();
    let v2 = doc.get_heads();
    let diff = diff_versions(&doc, &v1, &v2).unwrap();
    assert_eq!(diff.iter().map(|s| (s.id, s.change)).collect::<Vec<_>>(), [(ids[0], SectionChange::Changed), (ids[1], SectionChange::Removed), (added, SectionChange::Added)]);
    assert_eq!(diff[0].runs, runs(&[(Equal, "Discuss the concern with your "), (Deleted, "manager."), (Inserted, "designated safeguarding lead.")]));
    let back = diff_versions(&doc, &v2, &v1).unwrap();
    assert_eq!(back.iter().map(|s| s.change).collect::<Vec<_>>(), [SectionChange::Changed, SectionChange::Removed, SectionChange::Added], "the section added later is removed going back");
}

#[test]
fn reading_at_heads_without_replaying_gives_what_replaying_gives() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(&parties, &[("One", "First text."), ("Two", "Second text.")], domain::procedure::Status::Drafting);
    let mut points = vec![doc.get_heads()];
    for n in 0..12 {
        let s = ids[n % 2];
        domain::procedure::splice_section_text(&mut doc, s, n, 0, "x", "type", n as i64).unwrap();
        if n % 3 == 0 {
            model::update(&mut doc, "move", n as i64, |p: &mut ProcedureDoc| p.move_section(ids[1], 0)).unwrap();
        }
        if n == 7 {
            model::update(&mut doc, "add", n as i64, |p: &mut ProcedureDoc| p.add_section("Three", "Third.", None).map(|_| ())).unwrap();
        }
        points.push(doc.get_heads());
    }
    for heads in &points {
        let replayed: ProcedureDoc = model::read_at(&doc, heads).unwrap();
        assert_eq!(domain::procedure::content_at(&doc, heads).unwrap(), ProcedureContent::of(&replayed));
    }
    let unknown = automerge::ChangeHash([7; 32]);
    assert!(domain::procedure::content_at(&doc, &[unknown]).is_err(), "heads this device has not got");
}
