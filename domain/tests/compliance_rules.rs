//! Compliance rules per partnership, table-driven from the seeds: how long a DBS check is
//! valid (Leicester constitution 4.4: "not more than 3 years old"), which seat categories owe
//! a signed membership agreement, and which version was signed; the editor's messages; and
//! concurrent edits of the rules on two devices, merged.

use std::convert::Infallible;

use automerge::Automerge;
use domain::{
    model::{self, ComplianceField, ComplianceForm, ComplianceRules, Date, GroupDoc, GroupKind, GroupStatus, PartnershipDoc, Seat, SeatCategory, SeatForm},
    rules::{partnership_flags, seat_obligations, Obligation},
    DocumentId, PersonId,
};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-22";

fn held(category: SeatCategory) -> Seat {
    let mut s = Seat::new("Member", None, category, true);
    s.holder = Some(PersonId::random());
    s.dbs_checked = Some(d("2026-01-01"));
    s.agreement_signed = Some(d("2026-01-01"));
    s
}

fn rules(years: u32, categories: &[SeatCategory], version: &str) -> ComplianceRules {
    let mut r = ComplianceRules { dbs_valid_years: years, agreement_categories: categories.to_vec(), ..ComplianceRules::default() };
    r.agreement.version = version.to_owned();
    r
}

#[test]
fn dbs_validity_boundaries() {
    // (years valid, checked, expected obligation on TODAY)
    let table: &[(u32, &str, Option<Obligation>)] = &[
        (3, "2023-11-23", Some(Obligation::DbsDueSoon { due: d("2026-11-23") })),
        (3, "2023-11-22", Some(Obligation::DbsExpired { checked: d("2023-11-22") })),
        (3, "2024-02-20", Some(Obligation::DbsDueSoon { due: d("2027-02-20") })),
        (3, "2024-02-21", None),
        (1, "2025-11-22", Some(Obligation::DbsExpired { checked: d("2025-11-22") })),
        (1, "2025-11-23", Some(Obligation::DbsDueSoon { due: d("2026-11-23") })),
        (1, "2026-03-01", None),
        (10, "2016-11-23", Some(Obligation::DbsDueSoon { due: d("2026-11-23") })),
        (10, "2016-11-22", Some(Obligation::DbsExpired { checked: d("2016-11-22") })),
        (10, "2020-01-01", None),
        // Five years: a check a three-year rule calls out of date is still current.
        (5, "2022-06-01", None),
        // Out-of-range values (an old client, a bad merge) read within 1–10.
        (0, "2025-11-22", Some(Obligation::DbsExpired { checked: d("2025-11-22") })),
        (99, "2016-11-22", Some(Obligation::DbsExpired { checked: d("2016-11-22") })),
    ];
    for (years, checked, want) in table {
        let mut s = held(SeatCategory::Core);
        s.dbs_checked = Some(d(checked));
        let got = seat_obligations(&s, &rules(*years, &[], ""), d(TODAY));
        assert_eq!(got, want.iter().cloned().collect::<Vec<_>>(), "{years} years, checked {checked}");
    }
    let mut s = held(SeatCategory::Advisor);
    s.dbs_checked = None;
    assert_eq!(seat_obligations(&s, &rules(3, &[], ""), d(TODAY)), [Obligation::DbsMissing], "every held seat needs a DBS check");
}

#[test]
fn categories_that_need_or_skip_an_agreement() {
    use SeatCategory::*;
    let defaults = ComplianceRules::default();
    // (rules, category, owes an agreement when none is signed)
    let table: &[(&ComplianceRules, SeatCategory, bool)] = &[
        (&defaults, Core, true),
        (&defaults, LayMember, true),
        (&defaults, Virtual, false),
        (&defaults, PapersOnly, false),
        (&defaults, Advisor, false),
        (&defaults, ParticipantObserver, false),
        (&defaults, CoOpted, false),
        (&rules(3, &[Core, Virtual, CoOpted], ""), Virtual, true),
        (&rules(3, &[Core, Virtual, CoOpted], ""), CoOpted, true),
        (&rules(3, &[Core, Virtual, CoOpted], ""), LayMember, false),
        (&rules(3, &[], ""), Core, false),
    ];
    for (r, category, owes) in table {
        let mut s = held(*category);
        s.agreement_signed = None;
        let got = seat_obligations(&s, r, d(TODAY));
        assert_eq!(got == [Obligation::AgreementMissing], *owes, "{category:?} under {:?}: {got:?}", r.agreement_categories());
        assert_eq!(got.is_empty(), !*owes);
    }
}

#[test]
fn categories_that_need_or_skip_a_dbs_check() {
    let mut r = rules(3, &[], "");
    assert_eq!(r.dbs_categories(), SeatCategory::ALL, "every seat needs one unless the partnership says otherwise");
    r.dbs_categories = vec![SeatCategory::Core, SeatCategory::LayMember, SeatCategory::Core];
    assert_eq!(r.dbs_categories(), [SeatCategory::Core, SeatCategory::LayMember], "each once, in order");
    for category in SeatCategory::ALL {
        let mut s = held(category);
        s.dbs_checked = None;
        let got = seat_obligations(&s, &r, d(TODAY));
        let want: Vec<Obligation> = if r.needs_dbs(category) { vec![Obligation::DbsMissing] } else { vec![] };
        assert_eq!(got, want, "{category:?}");
    }
    // The editor: the categories as ticked, a stranger refused against its field.
    let mut form = ComplianceForm::from_rules(&r);
    form.agreement_categories.clear();
    assert_eq!(form.dbs_categories, [SeatCategory::Core.token(), SeatCategory::LayMember.token()]);
    form.dbs_categories = vec![SeatCategory::Virtual.token().to_owned()];
    let mut changed = r.clone();
    form.apply(&mut changed).unwrap();
    assert_eq!(changed.dbs_categories(), [SeatCategory::Virtual]);
    form.dbs_categories.push("nobody".into());
    let problems = form.apply(&mut changed).unwrap_err();
    assert_eq!(problems.iter().map(|p| p.field).collect::<Vec<_>>(), [ComplianceField::DbsCategories]);
}

#[test]
fn a_joint_group_follows_its_owners_strictest_dbs_rule_and_its_first_owners_agreement() {
    let mut leicester = rules(3, &[SeatCategory::Core], "2.0");
    leicester.dbs_categories = vec![SeatCategory::Core, SeatCategory::LayMember];
    let mut lrscp = rules(2, &[SeatCategory::Virtual], "1.0");
    lrscp.dbs_categories = vec![SeatCategory::Advisor];
    let joint = ComplianceRules::joint([&leicester, &lrscp]);
    assert_eq!(joint.dbs_years(), 2, "the shorter validity");
    assert_eq!(joint.dbs_categories(), [SeatCategory::Core, SeatCategory::Advisor, SeatCategory::LayMember], "every category either checks");
    assert_eq!((joint.agreement_categories(), joint.current_version()), (vec![SeatCategory::Core], Some("2.0")), "the first owner's agreement");
    // An advisor's check from three years ago is out of date under the joint rule.
    let mut advisor = held(SeatCategory::Advisor);
    advisor.dbs_checked = Some(d("2024-01-01"));
    assert_eq!(seat_obligations(&advisor, &joint, d(TODAY)), [Obligation::DbsExpired { checked: d("2024-01-01") }]);
    assert_eq!(seat_obligations(&advisor, &leicester, d(TODAY)), [], "Leicester alone checks no advisor");
    assert_eq!(ComplianceRules::joint([&leicester]), ComplianceRules { dbs_categories: leicester.dbs_categories(), ..leicester.clone() });
    assert_eq!(ComplianceRules::joint([]), ComplianceRules::default());
}

#[test]
fn a_signature_for_an_earlier_version_is_flagged() {
    // (current version, version signed, flagged as an earlier version)
    let table: &[(&str, Option<&str>, bool)] = &[
        ("", None, false),
        ("", Some("1.0"), false),
        ("2.0", Some("2.0"), false),
        ("2.0", Some("1.0"), true),
        ("2.0", None, true),
        ("2.0", Some("2.0-draft"), true),
    ];
    for (current, signed, flagged) in table {
        let mut s = held(SeatCategory::LayMember);
        s.agreement_version = signed.map(str::to_owned);
        let got = seat_obligations(&s, &rules(3, &[SeatCategory::LayMember], current), d(TODAY));
        let want: Vec<Obligation> = flagged.then_some(Obligation::AgreementOutdated { signed: d("2026-01-01") }).into_iter().collect();
        assert_eq!(got, want, "current {current:?}, signed {signed:?}");
    }
    let label = Obligation::AgreementOutdated { signed: d("2026-01-01") }.label();
    assert_eq!(label, "Signed an earlier version of the agreement (1 January 2026)");
}

#[test]
fn vacant_seats_owe_nothing_under_any_rules() {
    for r in [ComplianceRules::default(), rules(1, &SeatCategory::ALL, "9")] {
        for category in SeatCategory::ALL {
            let s = Seat::new("Vacant", None, category, true);
            assert!(seat_obligations(&s, &r, d(TODAY)).is_empty(), "{category:?}");
        }
    }
}

#[test]
fn recording_a_signature_records_the_current_version_and_who_recorded_it() {
    let mut s = held(SeatCategory::Core);
    s.agreement_signed = None;
    let form = SeatForm { agreement_signed: "2026-03-01".into(), agreement_version: "2.0".into(), recorded_by: "Business Officer".into(), ..SeatForm::from_seat(&s) };
    form.apply(&mut s).unwrap();
    assert_eq!((s.agreement_signed, s.agreement_version.as_deref(), s.agreement_recorded_by.as_deref()), (Some(d("2026-03-01")), Some("2.0"), Some("Business Officer")));
    // Saving the seat again under a newer version keeps what the signature recorded.
    let later = SeatForm { agreement_version: "3.0".into(), recorded_by: "Someone else".into(), role_title: "Renamed".into(), ..SeatForm::from_seat(&s) };
    later.apply(&mut s).unwrap();
    assert_eq!((s.agreement_version.as_deref(), s.agreement_recorded_by.as_deref()), (Some("2.0"), Some("Business Officer")));
    assert_eq!(seat_obligations(&s, &rules(3, &[SeatCategory::Core], "3.0"), d(TODAY)), [Obligation::AgreementOutdated { signed: d("2026-03-01") }]);
    // Signing again (a new date) records the version signed now.
    let again = SeatForm { agreement_signed: "2026-10-01".into(), agreement_version: "3.0".into(), recorded_by: "Someone else".into(), ..SeatForm::from_seat(&s) };
    again.apply(&mut s).unwrap();
    assert!(seat_obligations(&s, &rules(3, &[SeatCategory::Core], "3.0"), d(TODAY)).is_empty());
    // Clearing the date clears what it recorded.
    SeatForm { agreement_signed: String::new(), ..SeatForm::from_seat(&s) }.apply(&mut s).unwrap();
    assert_eq!((s.agreement_signed, s.agreement_version, s.agreement_recorded_by), (None, None, None));
}

#[test]
fn the_editor_names_each_problem_against_its_field() {
    use ComplianceField::*;
    let ok = ComplianceForm::from_rules(&ComplianceRules::default());
    let ok = ComplianceForm { agreement_text: "Members attend.".into(), ..ok };
    // (change to a valid form, field, message)
    let table: Vec<(ComplianceForm, ComplianceField, &str)> = vec![
        (ComplianceForm { dbs_years: " ".into(), ..ok.clone() }, DbsYears, "Enter how many years a DBS check stays valid"),
        (ComplianceForm { dbs_years: "0".into(), ..ok.clone() }, DbsYears, "How long a DBS check stays valid must be between 1 and 10 years"),
        (ComplianceForm { dbs_years: "11".into(), ..ok.clone() }, DbsYears, "How long a DBS check stays valid must be between 1 and 10 years"),
        (ComplianceForm { dbs_years: "2.5".into(), ..ok.clone() }, DbsYears, "How long a DBS check stays valid must be a whole number of years, like 3"),
        (ComplianceForm { agreement_categories: vec!["board".into()], ..ok.clone() }, AgreementCategories, "Select the seat categories from the list"),
        (ComplianceForm { agreement_title: "  ".into(), ..ok.clone() }, AgreementTitle, "Enter the agreement's title"),
        (ComplianceForm { agreement_title: "t".repeat(201), ..ok.clone() }, AgreementTitle, "The agreement's title must be 200 characters or fewer"),
        (ComplianceForm { agreement_text: " ".into(), ..ok.clone() }, AgreementText, "Enter the agreement's text, or select no seat categories"),
        (ComplianceForm { agreement_version: "v".repeat(41), ..ok.clone() }, AgreementVersion, "The version must be 40 characters or fewer"),
        (ComplianceForm { agreement_version: "version 2".into(), ..ok.clone() }, AgreementVersion, "The version must not contain spaces, for example 2.0"),
    ];
    for (form, field, message) in table {
        let mut r = ComplianceRules::default();
        let before = r.clone();
        let problems = form.apply(&mut r).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].field, problems[0].message.as_str()), (field, message));
        assert_eq!(r, before, "nothing is written");
    }
    // Bounds that pass, and no categories with no text.
    for years in ["1", " 10 "] {
        ComplianceForm { dbs_years: years.into(), ..ok.clone() }.apply(&mut ComplianceRules::default()).unwrap();
    }
    ComplianceForm { agreement_categories: vec![], agreement_text: String::new(), ..ok.clone() }.apply(&mut ComplianceRules::default()).unwrap();
    let mut r = ComplianceRules::default();
    let form = ComplianceForm { dbs_years: "5".into(), agreement_categories: vec!["virtual".into(), "core".into(), "core".into()], agreement_version: " 2.1 ".into(), ..ok };
    form.apply(&mut r).unwrap();
    assert_eq!((r.dbs_years(), r.agreement_categories(), r.current_version()), (5, vec![SeatCategory::Core, SeatCategory::Virtual], Some("2.1")));
}

fn new_doc(p: &PartnershipDoc) -> Automerge {
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut PartnershipDoc| Ok::<_, Infallible>(*d = p.clone())).unwrap();
    doc
}

fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

fn edit(doc: &mut Automerge, change: impl FnOnce(&mut ComplianceForm)) {
    model::update(doc, "compliance rules", 1, |p: &mut PartnershipDoc| {
        let mut form = ComplianceForm::from_rules(&p.compliance);
        change(&mut form);
        form.apply(&mut p.compliance)
    })
    .unwrap();
}

fn merged(a: &mut Automerge, b: &mut Automerge) -> ComplianceRules {
    a.merge(b).unwrap();
    b.merge(a).unwrap();
    let (pa, pb): (PartnershipDoc, PartnershipDoc) = (model::read(a).unwrap(), model::read(b).unwrap());
    assert_eq!(pa.compliance, pb.compliance, "both devices read the same rules");
    pa.compliance
}

#[test]
fn concurrent_edits_of_the_rules_merge_and_the_invariants_hold() {
    let mut p = PartnershipDoc::new("Leicester Safeguarding Children Board", "Leicester").unwrap();
    p.compliance.agreement.text.update("Members attend.\n\nMembers declare interests.");
    p.compliance.agreement.version = "1.0".into();
    let mut a = new_doc(&p);
    let mut b = fork(&a);
    // Device A: five-year DBS, virtual members sign too. Device B: lay members no longer
    // sign, the text gains a line and the version moves on.
    edit(&mut a, |f| {
        f.dbs_years = "5".into();
        f.agreement_categories.push("virtual".into());
    });
    edit(&mut b, |f| {
        f.agreement_categories.retain(|c| c != "lay-member");
        f.agreement_text = "Members attend.\n\nMembers declare interests.\n\nMembers keep a current DBS check.".into();
        f.agreement_version = "2.0".into();
    });
    let r = merged(&mut a, &mut b);
    assert_eq!(r.dbs_years(), 5);
    assert_eq!(r.agreement_categories(), [SeatCategory::Core, SeatCategory::Virtual]);
    assert_eq!(r.agreement.text.as_str(), "Members attend.\n\nMembers declare interests.\n\nMembers keep a current DBS check.");
    assert_eq!(r.current_version(), Some("2.0"));

    // Both add the same category and set different DBS years: the category is read once and
    // the years settle on one of the two values.
    edit(&mut a, |f| {
        f.dbs_years = "2".into();
        f.agreement_categories.push("co-opted".into());
    });
    edit(&mut b, |f| {
        f.dbs_years = "7".into();
        f.agreement_categories.push("co-opted".into());
    });
    let r = merged(&mut a, &mut b);
    assert!([2, 7].contains(&r.dbs_years()), "{}", r.dbs_years());
    assert_eq!(r.agreement_categories(), [SeatCategory::Core, SeatCategory::Virtual, SeatCategory::CoOpted]);
    assert!(r.needs_agreement(SeatCategory::CoOpted) && !r.needs_agreement(SeatCategory::LayMember));
    // The merged rules read back into the editor and apply without change.
    let mut again = r.clone();
    ComplianceForm::from_rules(&r).apply(&mut again).unwrap();
    assert_eq!(again.agreement_categories(), r.agreement_categories());

    // Concurrent text edits both survive, character by character.
    edit(&mut a, |f| f.agreement_text = f.agreement_text.replace("Members attend.", "Members attend every meeting."));
    edit(&mut b, |f| f.agreement_text.push_str("\n\nMembers share information."));
    let r = merged(&mut a, &mut b);
    assert_eq!(
        r.agreement.text.as_str(),
        "Members attend every meeting.\n\nMembers declare interests.\n\nMembers keep a current DBS check.\n\nMembers share information."
    );
}

#[test]
fn a_partnership_written_before_compliance_rules_loads_with_the_seed_defaults() {
    use automerge::{transaction::Transactable, ROOT};
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "name", "Old board").unwrap();
    tx.put(ROOT, "area", "Leicester").unwrap();
    tx.commit();
    let p: PartnershipDoc = model::read(&doc).unwrap();
    assert_eq!(p.name, "Old board");
    assert_eq!(p.compliance, ComplianceRules::default());
    assert_eq!((p.compliance.dbs_years(), p.compliance.current_version()), (3, None));
    assert_eq!(p.compliance.agreement_categories(), [SeatCategory::Core, SeatCategory::LayMember]);
    // Changing something else leaves the rules as they read.
    let mut doc = doc;
    model::update(&mut doc, "rename", 1, |p: &mut PartnershipDoc| p.rename("Renamed board")).unwrap();
    let p: PartnershipDoc = model::read(&doc).unwrap();
    assert_eq!(p.compliance, ComplianceRules::default());
}

#[test]
fn the_dashboard_lists_every_flag_overdue_first_and_follows_the_rules() {
    let mut board = GroupDoc::new("Board", GroupKind::Board, DocumentId::random()).unwrap();
    let mut nurse = held(SeatCategory::Core);
    nurse.role_title = "Designated Nurse".into();
    nurse.dbs_checked = Some(d("2022-06-01"));
    let mut lay = held(SeatCategory::LayMember);
    lay.role_title = "Lay Member".into();
    lay.agreement_signed = None;
    let mut virt = held(SeatCategory::Virtual);
    virt.role_title = "Public Health".into();
    virt.agreement_signed = None;
    virt.dbs_checked = Some(d("2024-01-15"));
    board.seats = vec![virt, nurse, lay, Seat::new("Vacant", None, SeatCategory::Core, true)];
    let mut gone = GroupDoc::new("Gone", GroupKind::Subgroup, DocumentId::random()).unwrap();
    gone.seats = vec![held(SeatCategory::Core)];
    gone.seats[0].dbs_checked = None;
    gone.status = GroupStatus::Dissolved;
    let groups = [(DocumentId::random(), &board), (DocumentId::random(), &gone)];
    let rows = |r: &ComplianceRules| -> Vec<(String, String)> {
        partnership_flags(groups.iter().map(|(id, g)| (*id, *g)), r, d(TODAY)).iter().map(|f| (f.role_title.clone(), f.obligation.label())).collect()
    };
    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    // Defaults: three years; core and lay members sign.
    assert_eq!(
        rows(&ComplianceRules::default()),
        [
            s("Lay Member", "Partner agency agreement not signed"),
            s("Designated Nurse", "DBS check out of date (checked 1 June 2022)"),
            s("Public Health", "DBS check due by 15 January 2027"),
        ]
    );
    // Five years and virtual members sign: the nurse's check is current, Public Health owes
    // an agreement, lay members no longer do.
    assert_eq!(
        rows(&rules(5, &[SeatCategory::Core, SeatCategory::Virtual], "")),
        [s("Public Health", "Partner agency agreement not signed")]
    );
    let flags = partnership_flags(groups.iter().map(|(id, g)| (*id, *g)), &ComplianceRules::default(), d(TODAY));
    assert_eq!(flags[1].due_text(), "Overdue since 1 June 2025");
    assert_eq!(flags[2].due_text(), "Due by 15 January 2027");
    assert_eq!(flags[0].due_text(), "Overdue");
    assert_eq!(flags[0].holders, board.seats[2].holders());
    assert_eq!(flags[0].group_name, "Board");
}

#[test]
fn only_a_change_to_the_rules_themselves_needs_an_admin() {
    use automerge::{transaction::Transactable, ROOT};
    // An older document without rules: an editor's first write stores the defaults, which
    // changes nothing of the rules.
    let mut old = Automerge::new();
    let mut tx = old.transaction();
    tx.put(ROOT, "name", "Old board").unwrap();
    tx.commit();
    let mut renamed = fork(&old);
    model::update(&mut renamed, "rename", 1, |p: &mut PartnershipDoc| p.rename("Renamed board")).unwrap();
    assert_eq!(model::compliance_unchanged(&old, &renamed), Ok(()));

    let mut with_text = rules(3, &[SeatCategory::Core], "1.0");
    with_text.agreement.text = autosurgeon::Text::with_value("Members attend, speak for their organisation and hold each other to account.");
    let before = new_doc(&PartnershipDoc { compliance: with_text, ..PartnershipDoc::default() });
    let mut other = fork(&before);
    model::update(&mut other, "rename", 2, |p: &mut PartnershipDoc| p.rename("Leicester Safeguarding Children Board")).unwrap();
    assert_eq!(model::compliance_unchanged(&before, &other), Ok(()));
    for change in [
        (|f: &mut ComplianceForm| f.dbs_years = "5".into()) as fn(&mut ComplianceForm),
        |f| f.agreement_version = "2.0".into(),
        |f| f.agreement_categories.clear(),
    ] {
        let mut after = fork(&before);
        edit(&mut after, change);
        assert_eq!(model::compliance_unchanged(&before, &after), Err(model::RulesNeedAdmin));
    }
}
