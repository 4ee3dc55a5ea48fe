//! Concurrent edits to what a seat can now say (shared seats with several holders, who may
//! substitute for the holder), to "as required" cadences and frequencies, to a group's
//! "transfers to", and to named versions with an approval: fork, edit on two devices,
//! merge, repair, and check the invariants hold on both devices.
//!
//! The rules a merge keeps, as real boards want them:
//! - a seat held by one person (a chair, a designated nurse) never ends with two holders:
//!   two appointments at once are a conflict, one is kept and the other offered to pick;
//! - a shared seat (the trainers, young people's representatives) keeps everyone appointed
//!   on either device: appointing one trainer must not remove another;
//! - a named deputy exists only under the named-deputy rule and never also holds the seat.

use automerge::Automerge;
use domain::{
    model::{self, BodyRef, GroupDoc, MeetingFrequency, Owner, ReportingCadence, Seat, SeatCategory, SeatForm, SeatHolding, SubstituteRule, Transfer},
    DocumentId, PersonId, SeatId,
};

fn ok<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

fn group_doc(holding: SeatHolding) -> (Automerge, SeatId) {
    let mut g = GroupDoc { name: "Learning and Organisational Development Group".into(), ..GroupDoc::default() };
    g.owners = vec![Owner::new(DocumentId::random())];
    let mut seat = Seat::new("Learning and Organisational Development Officers", None, SeatCategory::Core, true);
    seat.holding = holding;
    let id = seat.id;
    g.seats = vec![seat, Seat::new("Designated Nurse", None, SeatCategory::Core, true)];
    let mut doc = Automerge::new();
    model::update(&mut doc, "create", 0, |d: &mut GroupDoc| ok(*d = g)).unwrap();
    (doc, id)
}

fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

fn edit(doc: &mut Automerge, seat: SeatId, change: impl FnOnce(&mut SeatForm)) {
    model::update(doc, "seat", 1, |g: &mut GroupDoc| {
        let at = g.seats.iter().position(|s| s.id == seat).unwrap();
        let mut form = SeatForm::from_seat(&g.seats[at]);
        change(&mut form);
        g.edit_seat(seat, &form)
    })
    .unwrap();
}

/// Merges both ways, repairs on both devices (as each would after receiving the other's
/// changes), merges the repairs (which are concurrent edits too, so may need a second
/// round), and returns the converged group.
fn converge(a: &mut Automerge, b: &mut Automerge) -> GroupDoc {
    a.merge(b).unwrap();
    b.merge(a).unwrap();
    let mut rounds = 0;
    loop {
        let mut changed = false;
        for doc in [&mut *a, &mut *b] {
            changed |= model::update(doc, "repair", 2, |g: &mut GroupDoc| ok(g.repair())).unwrap();
        }
        a.merge(b).unwrap();
        b.merge(a).unwrap();
        if !changed {
            break;
        }
        rounds += 1;
        assert!(rounds <= 3, "repairs settle within three rounds");
    }
    let ga: GroupDoc = model::read(a).unwrap();
    let gb: GroupDoc = model::read(b).unwrap();
    assert_eq!(ga, gb, "both devices converge");
    let mut again = ga.clone();
    assert!(!again.repair(), "repair leaves nothing to repair");
    invariants(&ga);
    ga
}

fn invariants(g: &GroupDoc) {
    for s in &g.seats {
        match s.holding {
            SeatHolding::Single => {
                assert!(s.holders.is_empty(), "{}: a single seat lists no shared holders", s.role_title);
                assert!(s.holders().len() <= 1, "{}: a single seat never has two holders", s.role_title);
            }
            SeatHolding::Shared => {
                assert_eq!(s.holder, None, "{}: a shared seat keeps its holders in the list", s.role_title);
                let mut people: Vec<_> = s.holders.iter().map(|h| h.person).collect();
                people.dedup();
                assert_eq!(people.len(), s.holders.len(), "{}: each holder once", s.role_title);
            }
        }
        if s.substitute != SubstituteRule::NamedDeputy {
            assert_eq!(s.deputy, None, "{}: a deputy only under the named-deputy rule", s.role_title);
        }
        if let Some(d) = s.deputy {
            assert!(!s.is_held_by(d), "{}: the deputy does not also hold the seat", s.role_title);
        }
    }
}

fn seat(g: &GroupDoc, id: SeatId) -> &Seat {
    g.seats.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn trainers_appointed_at_the_same_time_on_two_devices_are_all_kept() {
    let (mut a, id) = group_doc(SeatHolding::Shared);
    let first = PersonId::random();
    edit(&mut a, id, |f| f.holders = vec![first.to_string()]);
    let mut b = fork(&a);
    let (x, y) = (PersonId::random(), PersonId::random());
    edit(&mut a, id, |f| f.holders.push(x.to_string()));
    edit(&mut b, id, |f| f.holders.push(y.to_string()));
    let g = converge(&mut a, &mut b);
    let holders = seat(&g, id).holders();
    assert_eq!(holders.len(), 3, "{holders:?}");
    for p in [first, x, y] {
        assert!(holders.contains(&p), "{p} must still hold the shared seat");
    }
    assert!(model::conflicts(&a).is_empty(), "adding different trainers is not a conflict");
}

#[test]
fn one_trainer_leaving_while_another_joins_keeps_the_newcomer_and_drops_the_leaver() {
    let (mut a, id) = group_doc(SeatHolding::Shared);
    let (stays, leaves, joins) = (PersonId::random(), PersonId::random(), PersonId::random());
    edit(&mut a, id, |f| f.holders = vec![stays.to_string(), leaves.to_string()]);
    let mut b = fork(&a);
    model::update(&mut a, "leave", 1, |g: &mut GroupDoc| g.remove_holder(id, leaves)).unwrap();
    model::update(&mut b, "join", 1, |g: &mut GroupDoc| g.add_holder(id, joins, model::Date::from_ymd(2026, 4, 1))).unwrap();
    let g = converge(&mut a, &mut b);
    assert_eq!(seat(&g, id).holders(), [stays, joins]);
    assert_eq!(seat(&g, id).holders[1].appointed, model::Date::from_ymd(2026, 4, 1));
}

#[test]
fn the_same_person_appointed_to_a_shared_seat_on_two_devices_is_listed_once() {
    let (mut a, id) = group_doc(SeatHolding::Shared);
    let mut b = fork(&a);
    let p = PersonId::random();
    for doc in [&mut a, &mut b] {
        model::update(doc, "join", 1, |g: &mut GroupDoc| g.add_holder(id, p, None)).unwrap();
    }
    let g = converge(&mut a, &mut b);
    assert_eq!(seat(&g, id).holders(), [p]);
}

#[test]
fn a_single_seat_appointed_on_two_devices_still_ends_with_one_holder() {
    let (mut a, id) = group_doc(SeatHolding::Single);
    let mut b = fork(&a);
    let (x, y) = (PersonId::random(), PersonId::random());
    model::update(&mut a, "appoint", 1, |g: &mut GroupDoc| g.add_holder(id, x, None)).unwrap();
    model::update(&mut b, "appoint", 1, |g: &mut GroupDoc| g.add_holder(id, y, None)).unwrap();
    let g = converge(&mut a, &mut b);
    let holders = seat(&g, id).holders();
    assert!(holders == [x] || holders == [y], "{holders:?}");
}

#[test]
fn a_seat_made_shared_while_someone_is_appointed_to_it_keeps_both_people() {
    let (mut a, id) = group_doc(SeatHolding::Single);
    let existing = PersonId::random();
    edit(&mut a, id, |f| f.holder = existing.to_string());
    let mut b = fork(&a);
    let newcomer = PersonId::random();
    edit(&mut a, id, |f| f.holding = "shared".into());
    edit(&mut b, id, |f| f.holder = newcomer.to_string());
    let g = converge(&mut a, &mut b);
    let s = seat(&g, id);
    assert_eq!(s.holding, SeatHolding::Shared);
    let holders = s.holders();
    assert!(holders.contains(&newcomer), "the person appointed on the other device is kept: {holders:?}");
    assert!(holders.contains(&existing), "the holder when the seat was made shared is kept: {holders:?}");
}

#[test]
fn a_seat_made_single_while_a_second_holder_joins_ends_with_one_holder() {
    let (mut a, id) = group_doc(SeatHolding::Shared);
    let (kept, joins) = (PersonId::random(), PersonId::random());
    edit(&mut a, id, |f| f.holders = vec![kept.to_string()]);
    let mut b = fork(&a);
    edit(&mut a, id, |f| f.holding = "single".into());
    model::update(&mut b, "join", 1, |g: &mut GroupDoc| g.add_holder(id, joins, None)).unwrap();
    let g = converge(&mut a, &mut b);
    let s = seat(&g, id);
    assert_eq!(s.holding, SeatHolding::Single, "the decision that the seat has one holder stands");
    assert_eq!(s.holders(), [kept]);
}

#[test]
fn any_colleague_chosen_while_a_deputy_is_named_leaves_no_stray_deputy() {
    let (mut a, _) = group_doc(SeatHolding::Single);
    let id = model::read::<GroupDoc>(&a).unwrap().seats[1].id;
    let holder = PersonId::random();
    edit(&mut a, id, |f| f.holder = holder.to_string());
    let mut b = fork(&a);
    let deputy = PersonId::random();
    edit(&mut a, id, |f| f.substitute = "any-colleague".into());
    edit(&mut b, id, |f| f.deputy = deputy.to_string());
    let g = converge(&mut a, &mut b);
    let s = seat(&g, id);
    match s.substitute {
        SubstituteRule::AnyColleague => assert_eq!(s.named_deputy(), None),
        SubstituteRule::NamedDeputy => assert_eq!(s.named_deputy(), Some(deputy)),
        SubstituteRule::NoSubstitute => panic!("nobody chose no substitutes"),
    }
    assert_eq!(s.holders(), [holder]);
}

#[test]
fn a_deputy_named_while_the_same_person_is_appointed_a_holder_stops_deputising() {
    let (mut a, id) = group_doc(SeatHolding::Shared);
    let (trainer, both) = (PersonId::random(), PersonId::random());
    edit(&mut a, id, |f| f.holders = vec![trainer.to_string()]);
    let mut b = fork(&a);
    edit(&mut a, id, |f| f.deputy = both.to_string());
    model::update(&mut b, "join", 1, |g: &mut GroupDoc| g.add_holder(id, both, None)).unwrap();
    let g = converge(&mut a, &mut b);
    let s = seat(&g, id);
    assert!(s.is_held_by(both) && s.is_held_by(trainer));
    assert_eq!(s.deputy, None);
}

#[test]
fn as_required_meetings_and_reporting_merge_like_any_other_value() {
    let (mut a, _) = group_doc(SeatHolding::Single);
    let mut b = fork(&a);
    model::update(&mut a, "freq", 1, |g: &mut GroupDoc| {
        g.terms.frequency = Some(MeetingFrequency::AsRequired);
        ok(g.reporting_cadence = Some(ReportingCadence::AsRequired))
    })
    .unwrap();
    model::update(&mut b, "freq", 1, |g: &mut GroupDoc| {
        g.terms.frequency = Some(MeetingFrequency::EveryMonths(3));
        ok(g.reporting_cadence = Some(ReportingCadence::Quarterly))
    })
    .unwrap();
    let g = converge(&mut a, &mut b);
    assert!(matches!(g.terms.frequency, Some(MeetingFrequency::AsRequired | MeetingFrequency::EveryMonths(3))), "{:?}", g.terms.frequency);
    assert!(matches!(g.reporting_cadence, Some(ReportingCadence::AsRequired | ReportingCadence::Quarterly)));
}

#[test]
fn a_transfer_set_to_a_group_and_to_an_outside_body_at_once_keeps_one_whole_transfer() {
    let (mut a, _) = group_doc(SeatHolding::Single);
    let (me, pdg) = (DocumentId::random(), DocumentId::random());
    let to_group = Transfer { to: BodyRef::Group(pdg), when: "September 2019".parse().ok(), note: "Replaced by the PDG".into() };
    let to_body = Transfer { to: BodyRef::Named("Health and Wellbeing Board".into()), when: None, note: String::new() };
    // First from nothing, then a change of an existing transfer's target.
    for start in [None, Some(to_group.clone())] {
        let mut a2 = fork(&a);
        model::update(&mut a2, "start", 1, |g: &mut GroupDoc| g.set_transfer(me, start.clone())).unwrap();
        let mut b2 = fork(&a2);
        let other = Transfer { note: "Moved".into(), ..to_body.clone() };
        model::update(&mut a2, "transfer", 2, |g: &mut GroupDoc| g.set_transfer(me, Some(Transfer { note: "PDG".into(), ..to_group.clone() }))).unwrap();
        model::update(&mut b2, "transfer", 2, |g: &mut GroupDoc| g.set_transfer(me, Some(other.clone()))).unwrap();
        let g = converge(&mut a2, &mut b2);
        let t = g.transfers_to.expect("a transfer survives");
        assert!(matches!(&t.to, BodyRef::Group(x) if *x == pdg) || matches!(&t.to, BodyRef::Named(n) if n == "Health and Wellbeing Board"), "{t:?}");
    }
    model::update(&mut a, "none", 3, |g: &mut GroupDoc| g.set_transfer(me, None)).unwrap();
    assert_eq!(model::read::<GroupDoc>(&a).unwrap().transfers_to, None);
}

#[test]
fn documents_written_before_these_fields_existed_still_load() {
    use automerge::{transaction::Transactable, ObjType, ReadDoc, ROOT};
    let (mut doc, id) = group_doc(SeatHolding::Shared);
    model::update(&mut doc, "named", 1, |g: &mut GroupDoc| {
        g.seats[0].substitute = SubstituteRule::AnyColleague;
        g.set_transfer(DocumentId::random(), Some(Transfer { to: BodyRef::Named("Board".into()), when: None, note: String::new() }))
    })
    .unwrap();
    model::name_version::<GroupDoc>(&mut doc, "1.0", "", 2).unwrap();
    // Remove every new field, as an older app would have written the document.
    let mut tx = doc.transaction();
    let (_, seats) = tx.get(ROOT, "seats").unwrap().unwrap();
    for i in 0..tx.length(&seats) {
        let (_, seat) = tx.get(&seats, i).unwrap().unwrap();
        for key in ["substitute", "holding", "holders"] {
            tx.delete(&seat, key).unwrap();
        }
    }
    tx.delete(ROOT, "transfers_to").unwrap();
    let (_, versions) = tx.get(ROOT, "versions").unwrap().unwrap();
    let (_, v) = tx.get(&versions, 0).unwrap().unwrap();
    for key in ["approved_by", "approved_on"] {
        let _ = tx.delete(&v, key);
    }
    let _ = ObjType::Map;
    tx.commit();
    let g: GroupDoc = model::read(&doc).expect("an older document still loads");
    let s = g.seats.iter().find(|s| s.id == id).unwrap();
    assert_eq!((s.holding, s.substitute, s.holders.len()), (SeatHolding::Single, SubstituteRule::NamedDeputy, 0));
    assert_eq!(g.transfers_to, None);
    assert_eq!((g.versions[0].approved_by.clone(), g.versions[0].approved_on), (None, None));
}

#[test]
fn versions_named_with_approvals_on_two_devices_are_both_kept_and_attributed() {
    let (mut a, _) = group_doc(SeatHolding::Single);
    let mut b = fork(&a);
    let april_2026 = 1_776_000_000;
    let form = |v: &str, body: &str, on: &str| model::VersionForm {
        version: v.into(),
        approved_by_body: body.into(),
        approved_on: on.into(),
        ..model::VersionForm::default()
    };
    model::name_version_with::<GroupDoc>(&mut a, &form("Approved April 2007", "Leicester LSCB", "April 2007"), april_2026).unwrap();
    model::name_version_with::<GroupDoc>(&mut b, &form("7.7", "Core Business and Chairs Executive", "2018"), april_2026 + 60).unwrap();
    let (actor_a, actor_b) = (a.get_actor().to_hex_string(), b.get_actor().to_hex_string());
    a.merge(&mut b).unwrap();
    let g: GroupDoc = model::read(&a).unwrap();
    assert_eq!(g.versions.len(), 2);
    let table = model::revision_table(&a, &g.versions);
    let row = |v: &str| table.iter().find(|r| r.version == v).unwrap();
    assert_eq!(row("Approved April 2007").recorded.as_ref().unwrap().actor, actor_a);
    assert_eq!(row("7.7").recorded.as_ref().unwrap().actor, actor_b);
    assert_eq!(row("Approved April 2007").approved_on.unwrap().to_string(), "April 2007");
    assert_eq!(row("7.7").approved_on.unwrap().to_string(), "2018");
}
