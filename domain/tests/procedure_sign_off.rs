//! Sign-off pinned to heads: every owning partnership signs off the same version through
//! its admin (or the person it names); an edit afterwards, here or merged from another
//! device, makes a sign-off "for an earlier version"; publication pins the signed heads.

mod procedure_support;

use automerge::Automerge;
use domain::{
    model,
    procedure::{
        content, diff_since_sign_off, diff_versions, heads_hex, latest_published, parse_heads, publish, published_content, section_text, sign_off,
        sign_off_states, splice_section_text, ProcedureDoc, ProcedureError, SectionChange, SignOff, SignOffState, Status,
    },
    ItemId,
};
use procedure_support::*;

fn states(doc: &Automerge) -> Vec<SignOffState> {
    sign_off_states(doc).unwrap().into_iter().map(|(_, s)| s).collect()
}

fn awaiting(parties: &Parties) -> (Automerge, ItemId) {
    let (doc, ids) = procedure(parties, &[("Process", "Escalate within two working days.")], Status::AwaitingSignOff);
    (doc, ids[0])
}

#[test]
fn every_owner_signs_off_through_its_admin_and_then_it_can_be_published() {
    let parties = Parties::new();
    let (mut doc, _) = awaiting(&parties);
    assert_eq!(sign_off(&mut doc, &parties.lrscp_editor(), parties.lrscp, 1), Err(ProcedureError::NotASignatory));
    assert_eq!(sign_off(&mut doc, &parties.leicester_admin(), parties.lrscp, 1), Err(ProcedureError::NotASignatory), "one partnership's admin cannot sign for another");
    assert_eq!(sign_off(&mut doc, &parties.ddscp_admin(), parties.ddscp, 1), Err(ProcedureError::NotAnOwner));
    let signed_heads = heads_hex(&doc);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    let p = read(&doc);
    assert_eq!(p.status, Status::AwaitingSignOff, "one owner of two is not enough");
    assert_eq!(p.sign_offs[0].heads, signed_heads, "the sign-off records the exact heads signed");
    assert_eq!(states(&doc), [SignOffState::Current]);
    assert_eq!(
        publish(&mut doc, &parties.leicester_editor(), today(), "First version", None, 11),
        Err(ProcedureError::NoSuchTransition { from: Status::AwaitingSignOff, to: Status::Published })
    );

    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 20).unwrap();
    let p = read(&doc);
    assert_eq!(p.status, Status::SignedOff);
    assert_eq!(p.transitions.last().map(|t| (t.to, t.by.as_str(), t.at)), Some((Status::SignedOff, "lrscp.admin@example.org", 20)));
    assert_eq!(states(&doc), [SignOffState::Current, SignOffState::Current], "a sign-off is not an edit of the content");

    assert_eq!(publish(&mut doc, &parties.leicester_viewer(), today(), "First version", None, 30), Err(ProcedureError::NeedsOwnerEditor));
    assert_eq!(publish(&mut doc, &parties.leicester_editor(), today(), " ", None, 30), Err(ProcedureError::EmptySummary));
    assert_eq!(publish(&mut doc, &parties.leicester_editor(), today(), "First version", None, 30), Ok(1));
    let p = read(&doc);
    assert_eq!(p.status, Status::Published);
    assert_eq!(p.publications[0].heads, signed_heads, "publication pins the signed-off heads");
}

#[test]
fn an_edit_after_a_sign_off_makes_it_for_an_earlier_version_and_blocks_publication() {
    let parties = Parties::new();
    let (mut doc, s) = awaiting(&parties);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    let signed = parse_heads(&read(&doc).sign_offs[0].heads).unwrap();
    splice_section_text(&mut doc, s, 0, 0, "Always ", "type", 11).unwrap();
    assert_eq!(states(&doc), [SignOffState::EarlierVersion]);
    let diff = diff_versions(&doc, &signed, &doc.get_heads()).unwrap();
    assert_eq!(diff[0].change, SectionChange::Changed, "the diff since the sign-off shows the edit");
    let since = diff_since_sign_off(&doc, &read(&doc).sign_offs[0]).unwrap();
    assert_eq!(since, diff);
    assert!(since[0].runs.iter().any(|r| r.kind == domain::procedure::RunKind::Inserted && r.text == "Always "), "{since:?}");

    // LRSCP signs the edited text: the two sign-offs are of different versions.
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 12).unwrap();
    assert_eq!(read(&doc).status, Status::AwaitingSignOff, "not signed off: the owners signed different versions");
    assert_eq!(states(&doc), [SignOffState::EarlierVersion, SignOffState::Current]);

    // Leicester signs again, replacing its earlier sign-off.
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 13).unwrap();
    let p = read(&doc);
    assert_eq!(p.status, Status::SignedOff);
    assert_eq!(p.sign_offs.len(), 2, "one sign-off per owner");
    assert_eq!(publish(&mut doc, &parties.lrscp_editor(), today(), "Always escalate", None, 14), Ok(1));
    let (publication, published) = latest_published(&doc).unwrap().unwrap();
    assert_eq!(publication.version, 1);
    assert_eq!(published.sections[0].text, "Always Escalate within two working days.");
}

#[test]
fn an_edit_merged_from_an_offline_device_after_both_sign_offs_blocks_publication() {
    let parties = Parties::new();
    let (base, s) = awaiting(&parties);
    let mut offline = fork(&base);
    let mut doc = fork(&base);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 11).unwrap();
    assert_eq!(read(&doc).status, Status::SignedOff);
    splice_section_text(&mut offline, s, 0, 0, "Never ", "type", 5).unwrap();
    doc.merge(&mut offline).unwrap();
    assert_eq!(states(&doc), [SignOffState::EarlierVersion, SignOffState::EarlierVersion]);
    assert_eq!(publish(&mut doc, &parties.leicester_editor(), today(), "v1", None, 12), Err(ProcedureError::NotSignedOffByAll));
}

#[test]
fn a_sign_off_claiming_the_current_content_but_pinned_to_earlier_heads_is_for_the_earlier_version() {
    let parties = Parties::new();
    let (mut doc, s) = awaiting(&parties);
    let old_heads = heads_hex(&doc);
    splice_section_text(&mut doc, s, 0, 0, "Quickly: ", "type", 2).unwrap();
    let digest = content(&doc).unwrap().digest();
    let forged = SignOff { id: ItemId::random(), partnership: parties.leicester, by: "x".into(), at: 3, heads: old_heads, digest };
    model::update(&mut doc, "forge", 3, |p: &mut ProcedureDoc| {
        p.sign_offs.push(forged);
        ok(())
    }).unwrap();
    assert_eq!(states(&doc), [SignOffState::EarlierVersion], "judged by the content at its heads, not by its claim");
}

#[test]
fn changes_to_workflow_do_not_change_the_signed_version_but_changes_to_links_do() {
    let parties = Parties::new();
    let (mut doc, _) = awaiting(&parties);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    model::update(&mut doc, "delegate", 11, |p: &mut ProcedureDoc| p.name_delegate(&parties.lrscp_admin(), parties.lrscp, "Head.Of.Service@example.org")).unwrap();
    model::update(&mut doc, "comments", 12, |p: &mut ProcedureDoc| {
        p.comments = Some(domain::DocumentId::random());
        ok(())
    }).unwrap();
    assert_eq!(states(&doc), [SignOffState::Current]);
    // The named person signs for LRSCP without being its admin.
    let delegate = parties.actor("head.of.service@example.org", &[]);
    sign_off(&mut doc, &delegate, parties.lrscp, 13).unwrap();
    assert_eq!(read(&doc).status, Status::SignedOff);
    model::update(&mut doc, "link", 14, |p: &mut ProcedureDoc| {
        p.add_link(domain::procedure::Link::new(domain::procedure::LinkKind::Guidance, "Working Together to Safeguard Children", "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2")?);
        Ok::<_, ProcedureError>(())
    })
    .unwrap();
    assert_eq!(states(&doc), [SignOffState::EarlierVersion, SignOffState::EarlierVersion]);
}

#[test]
fn the_published_version_stays_what_was_signed_while_the_draft_moves_on() {
    let parties = Parties::new();
    let (mut doc, s) = awaiting(&parties);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 11).unwrap();
    publish(&mut doc, &parties.leicester_editor(), today(), "First version", None, 12).unwrap();
    model::update(&mut doc, "next round", 13, |p: &mut ProcedureDoc| p.move_to(&parties.leicester_editor(), Status::InReview, today(), 13)).unwrap();
    splice_section_text(&mut doc, s, 0, 0, "DRAFT ", "type", 14).unwrap();
    assert_eq!(section_text(&doc, s).unwrap(), "DRAFT Escalate within two working days.");
    let (_, v1) = published_content(&doc, 1).unwrap().unwrap();
    assert_eq!(v1.sections[0].text, "Escalate within two working days.", "readers see version 1, never the draft");
    assert!(published_content(&doc, 2).unwrap().is_none());
    let p = read(&doc);
    assert_eq!(p.amendments().iter().map(|x| (x.version, x.summary.as_str())).collect::<Vec<_>>(), [(1, "First version")]);
}

#[test]
fn publications_made_at_the_same_time_on_two_devices_get_distinct_versions() {
    let parties = Parties::new();
    let (mut base, _) = awaiting(&parties);
    sign_off(&mut base, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    sign_off(&mut base, &parties.lrscp_admin(), parties.lrscp, 11).unwrap();
    let mut a = fork(&base);
    let mut b = fork(&base);
    publish(&mut a, &parties.leicester_editor(), today(), "From Leicester", None, 12).unwrap();
    publish(&mut b, &parties.lrscp_editor(), today().add_days(1), "From LRSCP", None, 12).unwrap();
    let p = converge(&mut [a, b]);
    let mut v: Vec<(u32, String)> = p.publications.iter().map(|x| (x.version, x.summary.clone())).collect();
    v.sort();
    assert_eq!(v, [(1, "From Leicester".to_owned()), (2, "From LRSCP".to_owned())]);
}

#[test]
fn a_sign_off_by_a_partnership_that_no_longer_owns_the_procedure_is_dropped_on_repair() {
    let parties = Parties::new();
    let (mut doc, _) = awaiting(&parties);
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 10).unwrap();
    let stray = SignOff { id: ItemId::random(), partnership: parties.ddscp, by: "x".into(), at: 1, heads: heads_hex(&doc), digest: String::new() };
    model::update(&mut doc, "stray", 11, |p: &mut ProcedureDoc| {
        p.sign_offs.push(stray);
        ok(())
    }).unwrap();
    let p = converge(std::slice::from_mut(&mut doc));
    assert_eq!(p.sign_offs.len(), 1);
    assert_eq!(p.sign_offs[0].partnership, parties.leicester);
}

#[test]
fn when_a_partnership_leaves_the_owner_group_its_sign_off_goes_and_the_rest_decide() {
    let parties = Parties::new();
    let (mut doc, _) = awaiting(&parties);
    sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 10).unwrap();
    model::update(&mut doc, "owners", 11, |p: &mut ProcedureDoc| p.set_owners(&[parties.leicester])).unwrap();
    let p = read(&doc);
    assert_eq!(p.owner_ids(), [parties.leicester]);
    assert!(p.sign_offs.is_empty(), "LRSCP's sign-off left with it");
    assert_eq!(sign_off(&mut doc, &parties.lrscp_admin(), parties.lrscp, 12), Err(ProcedureError::NotAnOwner));
    sign_off(&mut doc, &parties.leicester_admin(), parties.leicester, 13).unwrap();
    assert_eq!(read(&doc).status, Status::SignedOff, "the one owner left signs it off");
    assert!(matches!(
        model::update(&mut doc, "owners", 14, |p: &mut ProcedureDoc| p.set_owners(&[])),
        Err(model::DocError::Rule(ProcedureError::NoOwner))
    ));
}

#[test]
fn an_owners_admin_names_one_person_to_sign_off_for_it_and_can_name_nobody_again() {
    let parties = Parties::new();
    let (mut doc, _) = awaiting(&parties);
    let name_for = |doc: &mut Automerge, actor: domain::procedure::Actor, owner, person: &str| {
        model::update(doc, "delegate", 11, |p: &mut ProcedureDoc| p.name_delegate(&actor, owner, person)).map_err(|e| match e {
            model::DocError::Rule(e) => e,
            other => panic!("{other}"),
        })
    };
    let name = |doc: &mut Automerge, actor, person: &str| name_for(doc, actor, parties.lrscp, person);
    assert_eq!(name(&mut doc, parties.lrscp_editor(), "deputy@example.org"), Err(ProcedureError::NeedsOwnerAdmin));
    assert_eq!(name_for(&mut doc, parties.ddscp_admin(), parties.ddscp, "x@example.org"), Err(ProcedureError::NotAnOwner));
    for bad in ["deputy", "deputy@", "@example.org", "dep uty@example.org", "deputy@example"] {
        assert_eq!(name(&mut doc, parties.lrscp_admin(), bad), Err(ProcedureError::BadDelegate), "{bad}");
    }
    assert!(read(&doc).delegates.is_empty(), "nothing is written when refused");
    name(&mut doc, parties.lrscp_admin(), " First.Deputy@example.org ").unwrap();
    name(&mut doc, parties.lrscp_admin(), "second.deputy@example.org").unwrap();
    let p = read(&doc);
    assert_eq!(p.delegate_of(parties.lrscp), Some("second.deputy@example.org"), "naming someone replaces whoever was named before");
    assert!(!p.may_sign_for(&parties.actor("first.deputy@example.org", &[]), parties.lrscp));
    assert!(p.may_sign_for(&parties.actor("Second.Deputy@example.org", &[]), parties.lrscp), "emails match whatever their case");
    let named = parties.actor("Second Deputy", &[]);
    assert!(!p.may_sign_for(&named, parties.lrscp), "an account name is not an email");
    assert!(p.may_sign_for(&named.clone().with_email("second.deputy@example.org"), parties.lrscp), "the account's email is what is matched");
    assert!(!p.may_sign_for(&parties.actor("second.deputy@example.org", &[]).with_email("other@example.org"), parties.lrscp), "a name that looks like the email does not count once the email is known");
    assert_eq!(sign_off(&mut doc, &parties.actor("first.deputy@example.org", &[]), parties.lrscp, 12), Err(ProcedureError::NotASignatory));
    sign_off(&mut doc, &parties.actor("second.deputy@example.org", &[]), parties.lrscp, 12).unwrap();
    name(&mut doc, parties.lrscp_admin(), "  ").unwrap();
    assert_eq!(read(&doc).delegate_of(parties.lrscp), None, "an empty name names nobody");
}
