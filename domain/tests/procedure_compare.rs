//! Comparing two versions of a procedure for the compare page: the versions to choose from,
//! the address form of each, and sections added, removed, moved, changed and unchanged
//! (the unchanged ones grouped to be folded away), with the word diff inside a section.

mod procedure_support;

use domain::{
    model::{self, Date},
    procedure::{
        compare_contents, compare_versions, default_pair, publish, resolve_version, set_section_text, sign_off, version_choices, CompareBlock,
        CompareCounts, DiffRun, ProcedureContent, ProcedureDoc, ProcedureError, RunKind, SectionChange, SectionContent, Status, VersionKind,
        VersionRef,
    },
    ItemId,
};
use procedure_support::*;
use RunKind::*;

fn section(id: ItemId, heading: &str, text: &str) -> SectionContent {
    SectionContent { id, heading: heading.into(), text: text.into() }
}

fn content(sections: Vec<SectionContent>) -> ProcedureContent {
    ProcedureContent {
        title: "Escalation".into(),
        summary: String::new(),
        lead_reviewer: String::new(),
        links: vec![],
        contacts: vec![],
        review_date: None,
        sections,
    }
}

fn runs(list: &[(RunKind, &str)]) -> Vec<DiffRun> {
    list.iter().map(|(k, t)| DiffRun { kind: *k, text: (*t).to_owned() }).collect()
}

/// Each block as (kind of block, ids): "S" a section shown, "U" unchanged folded.
fn shape(blocks: &[CompareBlock]) -> Vec<(&'static str, Vec<ItemId>)> {
    blocks
        .iter()
        .map(|b| match b {
            CompareBlock::Section(s) => ("S", vec![s.id]),
            CompareBlock::Unchanged(list) => ("U", list.iter().map(|s| s.id).collect()),
        })
        .collect()
}

#[test]
fn added_removed_moved_changed_and_unchanged_sections() {
    let ids: Vec<ItemId> = (0..8).map(|_| ItemId::random()).collect();
    let s = |i: usize, text: &str| section(ids[i], &format!("Heading {i}"), text);
    let before = content(vec![s(0, "zero"), s(1, "one"), s(2, "two"), s(3, "three"), s(4, "four"), s(5, "five"), s(6, "six")]);
    // 2 removed, 5 moved to the front, 3 changed, 7 added at the end; 0, 1, 4, 6 unchanged.
    let after = content(vec![s(5, "five"), s(0, "zero"), s(1, "one"), s(3, "three and more"), s(4, "four"), s(6, "six"), s(7, "seven")]);
    let c = compare_contents(&before, &after);
    assert_eq!(
        shape(&c.blocks),
        vec![
            ("S", vec![ids[5]]),
            ("U", vec![ids[0], ids[1]]),
            ("S", vec![ids[2]]),
            ("S", vec![ids[3]]),
            ("U", vec![ids[4], ids[6]]),
            ("S", vec![ids[7]]),
        ],
        "the removed section where it was, unchanged runs grouped between the sections that differ"
    );
    assert_eq!(c.counts, CompareCounts { changed: 1, added: 1, removed: 1, moved: 1, unchanged: 4, differing: 4 });
    assert_eq!(c.counts.sentence(), "4 sections differ: 1 changed, 1 added, 1 removed, 1 moved");
    assert_eq!(CompareCounts::unchanged_sentence(12), "12 sections unchanged");
    assert_eq!(CompareCounts::unchanged_sentence(1), "1 section unchanged");

    let by_id = |id: ItemId| c.sections().find(|x| x.id == id).unwrap().clone();
    let moved = by_id(ids[5]);
    assert!(moved.moved && moved.change == SectionChange::Unchanged && !moved.text_changed());
    assert_eq!((moved.position_before, moved.position_after), (Some(6), Some(1)));
    assert_eq!(by_id(ids[3]).runs, runs(&[(Equal, "three"), (Inserted, " and more")]));
    assert_eq!(by_id(ids[2]).change, SectionChange::Removed);
    assert_eq!(by_id(ids[2]).runs, runs(&[(Deleted, "two")]));
    assert_eq!((by_id(ids[2]).heading.as_str(), by_id(ids[2]).position_after), ("Heading 2", None));
    assert_eq!(by_id(ids[7]).runs, runs(&[(Inserted, "seven")]));
    assert!(!by_id(ids[0]).moved, "sections that kept their order relative to each other did not move");
    assert_eq!(c.title, None);
}

#[test]
fn a_renamed_heading_and_a_changed_title_get_their_own_word_diff() {
    let a = ItemId::random();
    let before = content(vec![section(a, "Who to contact", "Same.")]);
    let mut after = content(vec![section(a, "Who to contact first", "Same.")]);
    after.title = "Escalation of concerns".into();
    let c = compare_contents(&before, &after);
    let s = c.sections().next().unwrap();
    assert_eq!(s.change, SectionChange::Changed);
    assert!(!s.text_changed());
    assert_eq!(s.heading_runs.as_deref(), Some(&runs(&[(Equal, "Who to contact"), (Inserted, " first")])[..]));
    assert_eq!(c.title, Some(runs(&[(Equal, "Escalation"), (Inserted, " of concerns")])));
    assert_eq!(c.counts.sentence(), "1 section changed");
}

#[test]
fn nothing_changed() {
    let (a, b) = (ItemId::random(), ItemId::random());
    let v = content(vec![section(a, "A", "x"), section(b, "B", "y")]);
    let c = compare_contents(&v, &v);
    assert_eq!(shape(&c.blocks), vec![("U", vec![a, b])]);
    assert_eq!(c.counts.sentence(), "No sections changed");
}

#[test]
fn two_sections_swapped_count_one_moved() {
    let (a, b, x) = (ItemId::random(), ItemId::random(), ItemId::random());
    let before = content(vec![section(a, "A", "a"), section(b, "B", "b"), section(x, "X", "x")]);
    let after = content(vec![section(b, "B", "b"), section(a, "A", "a"), section(x, "X", "x")]);
    let c = compare_contents(&before, &after);
    assert_eq!(c.counts.moved, 1, "one of the two moved past the other");
    assert_eq!(c.counts.sentence(), "1 section differs: 1 moved");
    assert_eq!(c.counts.unchanged, 2);
}

#[test]
fn version_references_in_the_address() {
    let id = ItemId::random();
    for v in [VersionRef::Draft, VersionRef::Published(3), VersionRef::SignOff(id), VersionRef::Named(id), VersionRef::Heads(vec!["a".repeat(64), "b".repeat(64)])] {
        assert_eq!(v.to_string().parse::<VersionRef>(), Ok(v.clone()), "{v}");
    }
    assert_eq!("DRAFT".parse::<VersionRef>(), Ok(VersionRef::Draft));
    assert_eq!(format!("{}.{}", "B".repeat(64), "a".repeat(64)).parse::<VersionRef>(), Ok(VersionRef::Heads(vec!["a".repeat(64), "b".repeat(64)])), "heads sorted, lower case");
    for bad in ["", "v0", "v", "vx", "signoff-nope", "named-", "named-x", "abc", &"g".repeat(64), "<script>"] {
        assert!(bad.parse::<VersionRef>().is_err(), "{bad:?}");
    }
}

#[test]
fn choices_and_the_comparison_from_the_documents_own_history() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(
        &parties,
        &[("Purpose", "Practitioners should resolve disagreements quickly."), ("Process", "Discuss the concern with your manager."), ("Contacts", "Local teams.")],
        Status::AwaitingSignOff,
    );
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 100).unwrap();
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 110).unwrap();
    publish(&mut doc, &parties.leicester_admin(), Date::from_ymd(2026, 6, 1).unwrap(), "First version", None, 120).unwrap();
    // The next round's draft: a word changed, a section added, one moved.
    set_section_text(&mut doc, ids[1], "Discuss the concern with your designated safeguarding lead.", "type", 200).unwrap();
    model::update(&mut doc, "add", 201, |p: &mut ProcedureDoc| p.add_section("Recording", "Keep a record.", None).map(|_| ())).unwrap();
    model::update(&mut doc, "move", 202, |p: &mut ProcedureDoc| p.move_section(ids[2], 0)).unwrap();

    let p = read(&doc);
    let date_of = |at: i64| Date::of_unix_seconds(at);
    let editor = version_choices(&doc, &p, true, date_of);
    let kinds: Vec<VersionKind> = editor.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [VersionKind::Draft, VersionKind::Published, VersionKind::SignOff, VersionKind::SignOff]);
    assert_eq!(editor[0].label, "Working draft (now)");
    assert_eq!(editor[1].label, "Version 1, published 1 June 2026");
    assert_eq!(editor[1].version.to_string(), "v1");
    assert!(editor[2].label.contains("lrscp.admin@example.org"), "newest sign-off first: {}", editor[2].label);

    let reader = version_choices(&doc, &p, false, date_of);
    assert_eq!(reader.iter().map(|c| c.kind).collect::<Vec<_>>(), [VersionKind::Published], "readers never see the draft or sign-offs");
    assert_eq!(default_pair(&reader), None, "one version: nothing to compare");
    assert_eq!(resolve_version(&VersionRef::Draft, &reader), Err(ProcedureError::NoSuchVersion));
    assert_eq!(resolve_version(&VersionRef::Heads(editor[0].heads.clone()), &reader), Err(ProcedureError::NoSuchVersion), "nor the draft by its heads");

    let (from, to) = default_pair(&editor).unwrap();
    assert_eq!((from.clone(), to.clone()), (VersionRef::Published(1), VersionRef::Draft), "published against the draft by default");
    let c = compare_versions(&doc, &editor, &from, &to).unwrap();
    assert_eq!(c.counts, CompareCounts { changed: 1, added: 1, removed: 0, moved: 1, unchanged: 1, differing: 3 });
    let process = c.sections().find(|s| s.id == ids[1]).unwrap();
    assert_eq!(process.runs, runs(&[(Equal, "Discuss the concern with your "), (Deleted, "manager."), (Inserted, "designated safeguarding lead.")]));

    // The same versions by exact heads; the other way round; a version that is not there.
    let by_heads = compare_versions(&doc, &editor, &VersionRef::Heads(editor[1].heads.clone()), &VersionRef::Heads(editor[0].heads.clone())).unwrap();
    assert_eq!(by_heads, c);
    let back = compare_versions(&doc, &editor, &to, &from).unwrap();
    assert_eq!((back.counts.added, back.counts.removed), (0, 1));
    assert_eq!(compare_versions(&doc, &editor, &VersionRef::Published(7), &to), Err(ProcedureError::NoSuchVersion));
    assert!(compare_versions(&doc, &editor, &VersionRef::Heads(vec!["7".repeat(64)]), &to).is_err(), "heads this device has not got");
    let same = compare_versions(&doc, &editor, &VersionRef::Published(1), &editor[2].version).unwrap();
    assert_eq!(same.counts.differing, 0, "the published version is what was signed off");
}

#[test]
fn the_pair_from_the_address_or_the_default() {
    use domain::procedure::{pick_pair, CompareField, ComparePick};
    let parties = Parties::new();
    let (mut doc, _) = procedure(&parties, &[("Purpose", "Why.")], Status::AwaitingSignOff);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 100).unwrap();
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 110).unwrap();
    publish(&mut doc, &parties.leicester_admin(), Date::from_ymd(2026, 6, 1).unwrap(), "First version", None, 120).unwrap();
    let choices = version_choices(&doc, &read(&doc), true, Date::of_unix_seconds);
    let signed = choices[2].version.to_string();
    assert_eq!(pick_pair(&choices, None, None), Ok((VersionRef::Published(1), VersionRef::Draft)));
    assert_eq!(pick_pair(&choices, Some(""), Some(" draft ")), Ok((VersionRef::Published(1), VersionRef::Draft)));
    assert_eq!(pick_pair(&choices, Some(&signed), Some("v1")), Ok((choices[2].version.clone(), VersionRef::Published(1))));
    assert_eq!(pick_pair(&choices, Some("v9"), None), Err(ComparePick::Unknown(CompareField::From)));
    assert_eq!(pick_pair(&choices, None, Some("nonsense")), Err(ComparePick::Unknown(CompareField::To)));
    assert_eq!(pick_pair(&choices, Some("draft"), Some("draft")), Err(ComparePick::Same));
    assert_eq!(ComparePick::Same.message().0, Some(CompareField::To));
    let reader = version_choices(&doc, &read(&doc), false, Date::of_unix_seconds);
    assert_eq!(pick_pair(&reader, None, None), Err(ComparePick::NothingToCompare));
}

#[test]
fn a_version_its_editors_named_is_compared_like_any_other_but_only_by_draft_readers() {
    let parties = Parties::new();
    let (mut doc, ids) = procedure(&parties, &[("Purpose", "Practitioners resolve disagreements quickly.")], Status::Drafting);
    model::name_version::<ProcedureDoc>(&mut doc, "Consultation draft", "  As sent to partner agencies  ", 50).unwrap();
    set_section_text(&mut doc, ids[0], "Practitioners resolve disagreements within two working days.", "type", 60).unwrap();
    let p = read(&doc);
    let editor = version_choices(&doc, &p, true, Date::of_unix_seconds);
    assert_eq!(editor.iter().map(|c| c.kind).collect::<Vec<_>>(), [VersionKind::Draft, VersionKind::Named]);
    assert_eq!(editor[1].label, "Named version “Consultation draft”: As sent to partner agencies");
    assert_eq!(editor[1].version, VersionRef::Named(p.versions[0].id));
    assert_eq!(default_pair(&editor), Some((editor[1].version.clone(), VersionRef::Draft)), "the named version against the draft");
    let c = compare_versions(&doc, &editor, &editor[1].version, &VersionRef::Draft).unwrap();
    assert_eq!(c.counts.changed, 1);
    let purpose = c.sections().find(|s| s.id == ids[0]).unwrap();
    assert_eq!(purpose.runs, runs(&[(Equal, "Practitioners resolve disagreements "), (Deleted, "quickly."), (Inserted, "within two working days.")]));
    // Readers of published versions never see the draft's names.
    assert!(version_choices(&doc, &p, false, Date::of_unix_seconds).is_empty());
    // A name needs a version; nothing is written without one.
    let before = doc.get_heads();
    assert!(model::name_version::<ProcedureDoc>(&mut doc, "  ", "", 70).is_err());
    assert_eq!(doc.get_heads(), before);
}
