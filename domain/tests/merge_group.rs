//! Concurrent edits to a group document (terms of reference and membership).

use automerge::Automerge;
use autosurgeon::Text;
use domain::{
    model::{self, reporting_loops, GroupDoc, ListItem, Owner, Seat, SeatCategory},
    DocumentId, PersonId,
};

fn infallible<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

fn group_doc() -> (Automerge, GroupDoc) {
    let mut g = GroupDoc { name: "LLR Joint Procedures & Development Sub Group".into(), ..GroupDoc::default() };
    g.owners = vec![Owner::new(DocumentId::random()), Owner::new(DocumentId::random())];
    g.terms.purpose = Text::with_value("To co-ordinate policies and procedures.");
    g.terms.functions = vec![ListItem::new("Review procedures"), ListItem::new("Sign off procedures")];
    g.seats = vec![
        Seat::new("Head of Service", None, SeatCategory::Core, true),
        Seat::new("Designated Nurse", None, SeatCategory::Core, true),
    ];
    let mut doc = Automerge::new();
    let value = g.clone();
    model::update(&mut doc, "create", 0, |d: &mut GroupDoc| infallible(*d = value)).unwrap();
    (doc, g)
}

fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

#[test]
fn purpose_text_merges_character_by_character() {
    let (mut a, _) = group_doc();
    let mut b = fork(&a);
    model::update(&mut a, "edit", 1, |g: &mut GroupDoc| {
        g.terms.purpose.splice(0, 0, "Joint: ");
        infallible(())
    })
    .unwrap();
    model::update(&mut b, "edit", 1, |g: &mut GroupDoc| {
        let end = g.terms.purpose.as_str().len() - 1;
        g.terms.purpose.splice(end, 1, " across LLR.");
        infallible(())
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    let g: GroupDoc = model::read(&a).unwrap();
    assert_eq!(g.terms.purpose.as_str(), "Joint: To co-ordinate policies and procedures across LLR.");
}

#[test]
fn functions_keep_their_identity_when_reordered_and_edited_concurrently() {
    let (mut a, _) = group_doc();
    let mut b = fork(&a);
    model::update(&mut a, "reorder", 1, |g: &mut GroupDoc| infallible(model::move_item(&mut g.terms.functions, 0, 1))).unwrap();
    model::update(&mut b, "add", 1, |g: &mut GroupDoc| infallible(g.terms.functions.push(ListItem::new("Launch events")))).unwrap();
    a.merge(&mut b).unwrap();
    let g: GroupDoc = model::read(&a).unwrap();
    let texts: Vec<String> = g.terms.functions.iter().map(|f| f.text.as_str().to_owned()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    for t in ["Review procedures", "Sign off procedures", "Launch events"] {
        assert_eq!(texts.iter().filter(|x| *x == t).count(), 1, "{t} must appear exactly once: {texts:?}");
    }
}

#[test]
fn a_seat_never_ends_up_with_two_holders() {
    let (mut a, g) = group_doc();
    let seat = g.seats[0].id;
    let mut b = fork(&a);
    let (p, q) = (PersonId::random(), PersonId::random());
    model::update(&mut a, "appoint", 1, |g: &mut GroupDoc| g.appoint(seat, Some(p), None)).unwrap();
    model::update(&mut b, "appoint", 1, |g: &mut GroupDoc| g.appoint(seat, Some(q), Some(p))).unwrap();
    a.merge(&mut b).unwrap();
    let mut merged: GroupDoc = model::read(&a).unwrap();
    merged.repair();
    let s = merged.seats.iter().find(|s| s.id == seat).unwrap();
    assert!(s.holder == Some(p) || s.holder == Some(q));
    assert_ne!(s.holder, s.deputy, "holder and deputy must differ after repair");
    assert_eq!(merged.seats.len(), 2);
}

#[test]
fn concurrent_reporting_lines_that_form_a_loop_are_detected() {
    let (x, y, z) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
    // Device 1 set x → y; device 2 set y → x: each legal alone, a loop together.
    assert_eq!(reporting_loops(&[(x, Some(y)), (y, Some(x)), (z, Some(x))]).len(), 2);
    assert!(reporting_loops(&[(x, Some(y)), (y, None), (z, Some(x))]).is_empty());
}

#[test]
fn a_quorum_rule_stays_valid_after_concurrent_edits() {
    use domain::model::{QuorumRule, Threshold};
    let (mut a, _) = group_doc();
    let mut b = fork(&a);
    model::update(&mut a, "quorum", 1, |g: &mut GroupDoc| {
        infallible(g.terms.quorum = Some(QuorumRule { threshold: Threshold::Share { numerator: 1, denominator: 2 }, required_organisations: vec![] }))
    })
    .unwrap();
    model::update(&mut b, "quorum", 1, |g: &mut GroupDoc| {
        infallible(g.terms.quorum = Some(QuorumRule { threshold: Threshold::Count(4), required_organisations: vec![] }))
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    let g: GroupDoc = model::read(&a).unwrap();
    let rule = g.terms.quorum.expect("a rule survives");
    assert!(matches!(rule.threshold, Threshold::Count(4) | Threshold::Share { numerator: 1, denominator: 2 }), "{rule:?}");
}

#[test]
fn concurrent_appointments_leave_one_holder_shown_as_a_conflict_that_can_be_resolved() {
    let (mut a, g) = group_doc();
    let seat = g.seats[0].id;
    let mut b = fork(&a);
    let (x, y) = (PersonId::random(), PersonId::random());
    for (doc, who) in [(&mut a, x), (&mut b, y)] {
        model::update(doc, "appoint", 1, |g: &mut GroupDoc| {
            let form = model::SeatForm { holder: who.to_string(), ..model::SeatForm::from_seat(&g.seats[0]) };
            g.edit_seat(seat, &form)
        })
        .unwrap();
    }
    a.merge(&mut b).unwrap();
    let merged: GroupDoc = model::read(&a).unwrap();
    let s = merged.seats.iter().find(|s| s.id == seat).unwrap();
    assert!(s.holder == Some(x) || s.holder == Some(y), "exactly one holder: {:?}", s.holder);
    assert_eq!(merged.seats.len(), 2);
    let conflicts = model::conflicts(&a);
    let c = conflicts.iter().find(|c| c.path.last().map(String::as_str) == Some("holder")).expect("the holder conflict is shown");
    assert_eq!(model::field_label(&c.path), "Seat: number 1, holder");
    let keep = c.values.iter().position(|v| v.display() == y.to_string()).unwrap();
    model::resolve(&mut a, &c.path, c.values[keep].value.clone(), 2).unwrap();
    assert!(model::conflicts(&a).is_empty());
    assert_eq!(model::read::<GroupDoc>(&a).unwrap().seats[0].holder, Some(y));
}

#[test]
fn concurrent_edits_to_different_fields_of_a_seat_both_survive() {
    let (mut a, g) = group_doc();
    let seat = g.seats[1].id;
    let mut b = fork(&a);
    model::update(&mut a, "dbs", 1, |g: &mut GroupDoc| {
        let form = model::SeatForm { dbs_checked: "2025-06-01".into(), ..model::SeatForm::from_seat(&g.seats[1]) };
        g.edit_seat(seat, &form)
    })
    .unwrap();
    model::update(&mut b, "agreement", 1, |g: &mut GroupDoc| {
        let form = model::SeatForm { agreement_signed: "2025-07-01".into(), ..model::SeatForm::from_seat(&g.seats[1]) };
        g.edit_seat(seat, &form)
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    let s = model::read::<GroupDoc>(&a).unwrap().seats[1].clone();
    assert_eq!(s.dbs_checked, model::Date::from_ymd(2025, 6, 1));
    assert_eq!(s.agreement_signed, model::Date::from_ymd(2025, 7, 1));
    assert!(model::conflicts(&a).is_empty());
}

#[test]
fn concurrent_edits_of_one_function_merge_character_by_character() {
    use domain::model::TermsList;
    let (mut a, g) = group_doc();
    let item = g.terms.functions[0].id;
    let mut b = fork(&a);
    model::update(&mut a, "edit", 1, |g: &mut GroupDoc| g.edit_list_item(TermsList::Functions, item, "Review local procedures")).unwrap();
    model::update(&mut b, "edit", 1, |g: &mut GroupDoc| g.edit_list_item(TermsList::Functions, item, "Review procedures yearly")).unwrap();
    model::update(&mut b, "move", 2, |g: &mut GroupDoc| g.move_list_item_down(TermsList::Functions, g.terms.functions[1].id)).unwrap();
    a.merge(&mut b).unwrap();
    let merged: GroupDoc = model::read(&a).unwrap();
    let f = merged.terms.functions.iter().find(|i| i.id == item).unwrap();
    assert_eq!(f.text.as_str(), "Review local procedures yearly");
    assert_eq!(merged.terms.functions.len(), 2);
}

#[test]
fn the_same_further_reporting_line_added_on_two_devices_is_kept_once_after_repair() {
    let (mut a, _) = group_doc();
    let me = DocumentId::random();
    let board = DocumentId::random();
    let mut b = fork(&a);
    for doc in [&mut a, &mut b] {
        model::update(doc, "line", 1, |g: &mut GroupDoc| g.add_reporting_line(me, board, None, "")).unwrap();
    }
    a.merge(&mut b).unwrap();
    let mut merged: GroupDoc = model::read(&a).unwrap();
    assert_eq!(merged.other_reporting_lines.len(), 2, "two devices, two entries");
    assert!(merged.repair());
    assert_eq!(merged.all_reporting_lines(), vec![board]);
    assert!(reporting_loops(&[(me, merged.reports_to), (board, None)]).is_empty());
}

#[test]
fn a_quorum_rule_edited_through_the_form_on_two_devices_stays_valid() {
    use domain::model::{GroupForm, QuorumRule, Threshold};
    let (mut a, _) = group_doc();
    let me = DocumentId::random();
    model::update(&mut a, "quorum", 1, |g: &mut GroupDoc| {
        infallible(g.terms.quorum = Some(QuorumRule { threshold: Threshold::Share { numerator: 1, denominator: 2 }, required_organisations: vec![] }))
    })
    .unwrap();
    let mut b = fork(&a);
    model::update(&mut a, "count", 2, |g: &mut GroupDoc| {
        let form = GroupForm { quorum_kind: "count".into(), quorum_count: "6".into(), ..GroupForm::from_group(g) };
        form.apply(me, &[], g)
    })
    .unwrap();
    model::update(&mut b, "share", 2, |g: &mut GroupDoc| {
        let form = GroupForm { quorum_denominator: "3".into(), quorum_numerator: "2".into(), ..GroupForm::from_group(g) };
        form.apply(me, &[], g)
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    let g: GroupDoc = model::read(&a).expect("the merged group still reads");
    let rule = g.terms.quorum.expect("a rule survives");
    assert!(matches!(rule.threshold, Threshold::Count(6) | Threshold::Share { numerator: 2, denominator: 3 }), "{rule:?}");
}

/// autosurgeon's `Text::update` and `Text::splice` count in UTF-8 bytes; Automerge must too
/// (the `utf8-indexing` feature), or editing text with a curly apostrophe garbles it.
#[test]
fn editing_text_with_curly_quotes_and_accents_keeps_every_character() {
    use domain::model::{self, GroupDoc, TermsList};
    let mut doc = automerge::Automerge::new();
    let mut id = None;
    model::update(&mut doc, "create", 0, |g: &mut GroupDoc| -> Result<(), domain::model::GroupError> {
        id = Some(g.add_list_item(TermsList::Functions, "Children’s services meet weekly")?);
        Ok(())
    })
    .unwrap();
    let id = id.unwrap();
    model::update(&mut doc, "edit", 1, |g: &mut GroupDoc| g.edit_list_item(TermsList::Functions, id, "Children’s services meet monthly — café")).unwrap();
    let g: GroupDoc = model::read(&doc).unwrap();
    assert_eq!(g.terms.functions[0].text.as_str(), "Children’s services meet monthly — café");
    let reloaded = automerge::Automerge::load(&doc.save()).unwrap();
    let g: GroupDoc = model::read(&reloaded).unwrap();
    assert_eq!(g.terms.functions[0].text.as_str(), "Children’s services meet monthly — café");
}
