//! The mend written back after a merge (`model::repair_after_merge`): one change, only
//! when the merged document breaks a rule, never into a document of another type, and
//! nothing left to mend afterwards on either device.

use automerge::Automerge;
use domain::{
    model::{self, GroupDoc, Owner, PartnershipDoc},
    DocumentId,
};

fn ok<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

fn group() -> Automerge {
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |g: &mut GroupDoc| {
        ok(*g = GroupDoc { name: "Joint Procedures and Development Sub Group".into(), owners: vec![Owner::new(DocumentId::random())], ..GroupDoc::default() })
    })
    .unwrap();
    doc
}

/// Two devices add the same further reporting line while apart: merged, it is there twice.
fn merged_with_duplicate_line() -> (Automerge, Automerge, DocumentId) {
    let mut a = group();
    let mut b = fork(&a);
    let me = DocumentId::random();
    let board = DocumentId::random();
    for doc in [&mut a, &mut b] {
        model::update(doc, "line", 1, |g: &mut GroupDoc| g.add_reporting_line(me, board, None, "")).unwrap();
    }
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    (a, b, board)
}

#[test]
fn a_merged_group_that_breaks_a_rule_is_mended_in_one_change() {
    let (mut a, _, board) = merged_with_duplicate_line();
    let before: GroupDoc = model::read(&a).unwrap();
    assert_eq!(before.other_reporting_lines.len(), 2);
    assert!(model::needs_repair(&before));
    let changes = a.get_changes(&[]).len();

    assert!(model::repair_after_merge::<GroupDoc>(&mut a, 7).unwrap());

    assert_eq!(a.get_changes(&[]).len(), changes + 1, "one change");
    let after: GroupDoc = model::read(&a).unwrap();
    assert_eq!(after.all_reporting_lines(), vec![board]);
    assert!(!model::needs_repair(&after));
    let last = a.get_changes(&[]).last().unwrap().message().map(str::to_owned);
    assert_eq!(last.as_deref(), Some("Repair after merge"));
}

#[test]
fn a_sound_group_gets_no_change() {
    let mut a = group();
    let heads = a.get_heads();
    assert!(!model::repair_after_merge::<GroupDoc>(&mut a, 7).unwrap());
    assert_eq!(a.get_heads(), heads);
}

#[test]
fn a_document_of_another_type_is_never_written_as_a_group() {
    let mut p = Automerge::new();
    model::update(&mut p, "create", 0, |d: &mut PartnershipDoc| ok(d.name = "Leicester Safeguarding Children Board".into())).unwrap();
    let heads = p.get_heads();
    assert!(!model::repair_after_merge::<GroupDoc>(&mut p, 7).unwrap());
    assert_eq!(p.get_heads(), heads, "no group fields written into a partnership");
}

#[test]
fn both_devices_mending_at_once_converge_with_nothing_left_to_mend() {
    let (mut a, mut b, board) = merged_with_duplicate_line();
    assert!(model::repair_after_merge::<GroupDoc>(&mut a, 7).unwrap());
    assert!(model::repair_after_merge::<GroupDoc>(&mut b, 7).unwrap());
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    for doc in [&mut a, &mut b] {
        // A second round may be needed (the two mends are concurrent edits too), then none.
        model::repair_after_merge::<GroupDoc>(doc, 8).unwrap();
    }
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    for doc in [&a, &b] {
        let g: GroupDoc = model::read(doc).unwrap();
        assert_eq!(g.all_reporting_lines(), vec![board]);
        assert!(!model::needs_repair(&g));
    }
}
