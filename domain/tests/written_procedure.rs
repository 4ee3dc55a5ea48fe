//! Decisions by written procedure between meetings: a question with a closing date, responses
//! from the members entitled when it opened, the group's own rules applied when it closes
//! (Leicester constitution 16.1 quorum, 19.3–19.4 decisions, two thirds to alter the
//! constitution), and responses from two devices, offline, merged without loss.

mod support;

use automerge::Automerge;
use domain::{
    meeting::{CloseWritten, OpenWritten, WrittenError, WrittenProcedureDoc, WrittenRef, WrittenStage},
    model::{self, GroupDoc, Seat, SeatCategory, SpecialMajority},
    rules::{Casting, VoteCast},
    DocumentId, ItemId, SeatId,
};
use support::meetings::{board, d, fork, ok};
use VoteCast::*;

fn opening(question: &str) -> OpenWritten {
    OpenWritten {
        question: question.into(),
        closes_on: d("2030-05-20"),
        special_majority: None,
        opened_by: "Independent Chair".into(),
        today: d("2030-05-06"),
        now_ms: 1_000,
    }
}

fn close(chair_consents: Option<bool>, casting: Casting, today: &str) -> CloseWritten {
    CloseWritten { closed_by: "Independent Chair".into(), chair_consents, casting, today: d(today), now_ms: 9_000 }
}

fn open(g: &GroupDoc) -> WrittenProcedureDoc {
    WrittenProcedureDoc::open(DocumentId::random(), g, opening("That the Board adopts the revised escalation policy")).unwrap()
}

/// `votes[i]` is the response of the group's seat i (None: no response).
fn respond_all(w: &mut WrittenProcedureDoc, g: &GroupDoc, votes: &[Option<VoteCast>]) {
    for (i, v) in votes.iter().enumerate() {
        if let Some(v) = v {
            w.respond(g.seats[i].id, *v, &format!("Member {i}"), d("2030-05-10"), 2_000 + i as i64).unwrap();
        }
    }
}

#[test]
fn opening_checks_the_question_the_date_and_records_who_is_entitled_then() {
    let (mut g, _) = board();
    let w = open(&g);
    // The six voting seats, not the non-voting observer.
    assert_eq!(w.entitled, g.seats.iter().filter(|s| s.voting).map(|s| s.id).collect::<Vec<_>>());
    assert_eq!(w.entitled.len(), 6);
    assert_eq!(w.awaiting().len(), 6);
    assert_eq!(WrittenProcedureDoc::open(DocumentId::random(), &g, opening("  ")), Err(WrittenError::NoQuestion));
    let today = OpenWritten { closes_on: d("2030-05-06"), ..opening("Q") };
    assert_eq!(WrittenProcedureDoc::open(DocumentId::random(), &g, today), Err(WrittenError::ClosesTooSoon));
    let stranger = OpenWritten { special_majority: Some(ItemId::random()), ..opening("Q") };
    assert_eq!(WrittenProcedureDoc::open(DocumentId::random(), &g, stranger), Err(WrittenError::NoSuchMajority));

    // A seat added after it opened is not entitled; one removed since still is.
    let mut w = open(&g);
    g.seats.push(Seat::new("New member", None, SeatCategory::Core, true));
    let newcomer = g.seats.last().unwrap().id;
    assert_eq!(w.respond(newcomer, For, "New", d("2030-05-07"), 1), Err(WrittenError::NotEntitled));
    let observer = g.seats[6].id;
    assert_eq!(w.respond(observer, For, "Observer", d("2030-05-07"), 1), Err(WrittenError::NotEntitled));
    w.respond(g.seats[0].id, For, "  ", d("2030-05-07"), 1).unwrap_err();
    w.respond(g.seats[0].id, Against, "Director", d("2030-05-07"), 1).unwrap();
    w.respond(g.seats[0].id, For, "Director", d("2030-05-08"), 2).unwrap();
    assert_eq!(w.votes().tally().for_, 1, "a second response replaces the first");
    // After the closing date, no more responses.
    assert_eq!(w.respond(g.seats[1].id, For, "Police", d("2030-05-21"), 3), Err(WrittenError::Closed));
}

#[test]
fn it_closes_by_the_groups_own_rules() {
    let (g, _) = board();
    let constitution = ItemId::random();
    let mut with_special = g.clone();
    with_special.terms.decisions.special_majorities.push(SpecialMajority { id: constitution, matter: "Alter the constitution".into(), numerator: 2, denominator: 3 });
    // No response.
    const NO: Option<VoteCast> = None;
    // (name, group, special majority, responses of the six voting seats, chair consents, casting,
    //  expected: Ok((carried, outcome contains)) or Err(what the rule needs))
    #[allow(clippy::type_complexity)]
    let cases: Vec<(&str, &GroupDoc, Option<ItemId>, [Option<VoteCast>; 6], Option<bool>, Casting, Result<(bool, &str), &str>)> = vec![
        ("majority with the chair's consent", &g, None, [Some(For), Some(For), Some(For), Some(For), Some(Against), NO], Some(true), Casting::NotCast, Ok((true, "By majority, 4 to 1"))),
        ("chair withholds consent", &g, None, [Some(For), Some(For), Some(For), Some(For), Some(Against), NO], Some(false), Casting::NotCast, Ok((false, "did not include the chair's consent"))),
        ("consent not yet given", &g, None, [Some(For), Some(For), Some(For), Some(For), Some(Against), NO], None, Casting::NotCast, Err("must include the chair's consent")),
        ("lost", &g, None, [Some(For), Some(Against), Some(Against), Some(Against), NO, NO], Some(true), Casting::NotCast, Ok((false, "Lost, 1 to 3"))),
        ("tie, casting vote for", &g, None, [Some(For), Some(For), Some(Against), Some(Against), Some(Abstain), NO], Some(true), Casting::For, Ok((true, "carried on the Independent Chair's casting vote"))),
        ("tie, casting vote not cast", &g, None, [Some(For), Some(For), Some(Against), Some(Against), Some(Abstain), NO], Some(true), Casting::NotCast, Err("casting vote falls to the Independent Chair")),
        ("tie, casting vote conflicted", &g, None, [Some(For), Some(For), Some(Against), Some(Against), NO, NO], Some(true), Casting::Conflicted, Ok((false, "deferred"))),
        // Quorum: half of the six (3) and the council, police and ICB (seats 0 to 2) must respond.
        ("too few responded", &g, None, [Some(For), Some(For), NO, NO, NO, NO], Some(true), Casting::NotCast, Ok((false, "Too few members responded: 2 of 6 entitled (3 needed"))),
        ("a required organisation did not respond", &g, None, [Some(For), Some(For), NO, Some(For), Some(For), Some(For)], Some(true), Casting::NotCast, Ok((false, "Too few members responded"))),
        ("two thirds just met", &with_special, Some(constitution), [Some(For), Some(For), Some(For), Some(For), Some(Against), Some(Against)], None, Casting::NotCast, Ok((true, "By 4 to 2 (2 of 3"))),
        ("two thirds just missed", &with_special, Some(constitution), [Some(For), Some(For), Some(For), Some(Against), Some(Against), Some(Abstain)], None, Casting::NotCast, Ok((false, "3 for of 5 voting; 2 of 3 needed 4"))),
    ];
    for (name, group, special, votes, consent, casting, want) in cases {
        let mut w = WrittenProcedureDoc::open(DocumentId::random(), group, OpenWritten { special_majority: special, ..opening("Q") }).unwrap();
        respond_all(&mut w, group, &votes);
        let got = w.close(group, close(consent, casting, "2030-05-21")).map(|o| (o.carried, o.outcome.clone()));
        match (got, want) {
            (Ok((carried, outcome)), Ok((want_carried, words))) => {
                assert_eq!(carried, want_carried, "{name}: {outcome}");
                assert!(outcome.contains(words), "{name}: {outcome:?} should contain {words:?}");
                let counted = w.closed.as_ref().unwrap().counted.len();
                assert_eq!(counted, votes.iter().flatten().count(), "{name}: every response counted");
            }
            (Err(WrittenError::Undecided(why)), Err(words)) => {
                assert!(why.contains(words), "{name}: {why:?} should contain {words:?}");
                assert!(w.closed.is_none(), "{name}: nothing recorded");
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn it_closes_early_only_once_everyone_has_responded_and_only_once() {
    let (g, _) = board();
    let mut w = open(&g);
    respond_all(&mut w, &g, &[Some(For), Some(For), Some(For), Some(For), Some(Against), None]);
    assert_eq!(w.stage(d("2030-05-12")), WrittenStage::Open { closes_on: Some(d("2030-05-20")) });
    assert!(!w.may_close(d("2030-05-12")));
    assert!(w.may_close(d("2030-05-21")), "past the closing date it is ready to close");
    assert!(matches!(w.close(&g, close(Some(true), Casting::NotCast, "2030-05-12")), Err(WrittenError::StillOpen(_))));
    w.respond(g.seats[5].id, For, "Head teacher", d("2030-05-12"), 5).unwrap();
    assert_eq!(w.stage(d("2030-05-12")), WrittenStage::ReadyToClose, "everyone has responded");
    let o = w.close(&g, close(Some(true), Casting::NotCast, "2030-05-12")).unwrap();
    assert_eq!((o.carried, o.outcome.as_str()), (true, "By majority, 5 to 1"));
    assert_eq!(w.stage(d("2030-05-12")), WrittenStage::Carried);
    assert_eq!(w.close(&g, close(Some(true), Casting::NotCast, "2030-05-12")), Err(WrittenError::Closed));
    assert_eq!(w.respond(g.seats[5].id, Against, "Head teacher", d("2030-05-12"), 6), Err(WrittenError::Closed));
    assert!(!w.is_open(d("2030-05-12")));
}

fn doc_of(w: &WrittenProcedureDoc) -> Automerge {
    let mut doc = Automerge::new();
    let w = w.clone();
    model::update(&mut doc, "open", 0, |x: &mut WrittenProcedureDoc| ok(*x = w)).unwrap();
    doc
}

fn change(doc: &mut Automerge, f: impl FnOnce(&mut WrittenProcedureDoc)) {
    model::update(doc, "respond", 1, |w: &mut WrittenProcedureDoc| ok(f(w))).unwrap();
}

fn read(doc: &Automerge) -> WrittenProcedureDoc {
    model::read(doc).unwrap()
}

fn respond(doc: &mut Automerge, seat: SeatId, vote: VoteCast) {
    change(doc, |w| w.respond(seat, vote, "Member", d("2030-05-10"), 3).unwrap());
}

#[test]
fn two_devices_responding_offline_merge_without_losing_a_response() {
    let (g, _) = board();
    let base = doc_of(&open(&g));
    let s = |i: usize| g.seats[i].id;
    // Two members respond on two laptops, offline; the police representative responds on
    // both (changing their mind): one response per seat whatever the order of merging.
    let (mut a, mut b) = (fork(&base), fork(&base));
    respond(&mut a, s(0), For);
    respond(&mut a, s(1), For);
    respond(&mut b, s(2), For);
    respond(&mut b, s(3), Against);
    respond(&mut b, s(1), Against);
    let mut ab = fork(&a);
    ab.merge(&mut b.clone()).unwrap();
    let mut ba = fork(&b);
    ba.merge(&mut a.clone()).unwrap();
    let (x, y) = (read(&ab), read(&ba));
    assert_eq!(x, y, "both devices hold the same responses");
    let votes = x.votes();
    assert_eq!(votes.0.len(), 4, "every seat's response, each once");
    assert!([For, Against].contains(&votes.0[&s(1)]));
    assert_eq!(votes.0[&s(0)], For);
    assert_eq!(votes.0[&s(3)], Against);
    assert_eq!(x.awaiting(), vec![s(4), s(5)]);
}

#[test]
fn a_response_merged_after_the_close_is_kept_but_never_counted() {
    let (g, _) = board();
    let base = doc_of(&open(&g));
    let s = |i: usize| g.seats[i].id;
    let (mut office, mut laptop) = (fork(&base), fork(&base));
    for i in 0..4 {
        respond(&mut office, s(i), For);
    }
    // The head teacher responds on a laptop that stays offline past the close.
    respond(&mut laptop, s(5), Against);
    change(&mut office, |w| {
        w.close(&g, close(Some(true), Casting::NotCast, "2030-05-21")).unwrap();
    });
    let counted = read(&office).closed.unwrap();
    assert_eq!((counted.carried, counted.outcome.as_str()), (true, "By majority, 4 to 0"));

    // Two devices closing at once, on different responses, end with one record.
    let mut other = fork(&base);
    for i in 0..3 {
        respond(&mut other, s(i), Against);
    }
    change(&mut other, |w| {
        w.close(&g, close(Some(true), Casting::NotCast, "2030-05-21")).unwrap();
    });

    office.merge(&mut laptop.clone()).unwrap();
    let w = read(&office);
    assert_eq!(w.closed.as_ref().unwrap(), &counted, "the record stands");
    assert_eq!(w.late_responses(), vec![s(5)], "the late response shows apart");
    assert_eq!(w.votes().0.len(), 5, "and is kept");

    let mut both = fork(&office);
    both.merge(&mut other.clone()).unwrap();
    let mut both2 = fork(&other);
    both2.merge(&mut office.clone()).unwrap();
    assert_eq!(read(&both), read(&both2), "one record the same everywhere");
    assert!(read(&both).closed.is_some());
}

#[test]
fn two_devices_listing_written_procedures_on_the_group_keep_both_once_each() {
    let (g, _) = board();
    let mut a = Automerge::new();
    model::update::<GroupDoc, _, std::convert::Infallible>(&mut a, "group", 0, |x| {
        *x = g.clone();
        Ok(())
    })
    .unwrap();
    let mut b = fork(&a);
    let (one, two) = (DocumentId::random(), DocumentId::random());
    let list = |doc: &mut Automerge, id: DocumentId, q: &str| {
        model::update::<GroupDoc, _, std::convert::Infallible>(doc, "list", 1, |x| {
            x.written.push(WrittenRef { document: id, question: q.into() });
            Ok(())
        })
        .unwrap();
    };
    list(&mut a, one, "Adopt the escalation policy");
    list(&mut b, two, "Approve the annual report");
    // The same procedure listed again on a device that had not seen it (a retried write).
    list(&mut b, one, "Adopt the escalation policy");
    a.merge(&mut b).unwrap();
    let mut merged: GroupDoc = autosurgeon::hydrate(&a).unwrap();
    merged.repair();
    let mut ids: Vec<_> = merged.written.iter().map(|w| w.document).collect();
    ids.sort_by_key(|d| d.to_string());
    let mut want = vec![one, two];
    want.sort_by_key(|d| d.to_string());
    assert_eq!(ids, want);
}

/// A member responds for their own seat from their own device; the server lets their account
/// change that seat's response and nothing else, and only while the procedure is open.
#[test]
fn a_member_changes_only_their_own_seats_response_while_it_is_open() {
    use domain::meeting::{member_response_allowed, Member, MemberResponseError};
    let (g, _) = board();
    let s = |i: usize| g.seats[i].id;
    let mut w = open(&g);
    w.name_responders([(s(0), " Police.Member@Example.org ".to_owned()), (s(0), "deputy@example.org".into()), (s(1), "council@example.org".into())]);
    w.name_responders([(g.seats.iter().find(|x| !x.voting).unwrap().id, "observer@example.org".into())]);
    assert_eq!(w.seats_of("police.member@example.org"), vec![s(0)]);
    assert_eq!(w.seats_of("DEPUTY@example.org"), vec![s(0)]);
    assert!(w.seats_of("observer@example.org").is_empty(), "a seat not entitled is never listed");
    let base = doc_of(&w);
    let police = Member::new("acct-police", "Police Member", "police.member@example.org");
    let today = d("2030-05-10");

    // Their own seat: allowed, recorded with their account.
    let mut own = fork(&base);
    change(&mut own, |w| w.respond_as_member(s(0), For, &police, today, 5).unwrap());
    assert_eq!(member_response_allowed(&base, &own, &police, today), Ok(()));
    let r = read(&own).responses[&s(0).to_string()].clone();
    assert_eq!((r.vote, r.by.as_str(), r.account.as_deref()), (For, "Police Member", Some("acct-police")));
    // Changing their mind later is allowed too.
    let mut again = fork(&own);
    change(&mut again, |w| w.respond_as_member(s(0), Against, &police, today, 6).unwrap());
    assert_eq!(member_response_allowed(&own, &again, &police, today), Ok(()));

    // Someone else's seat, through the domain and forged past it.
    assert_eq!(read(&base).respond_as_member(s(1), For, &police, today, 5), Err(WrittenError::NotYourSeat));
    let mut forged = fork(&base);
    respond(&mut forged, s(1), For);
    assert_eq!(member_response_allowed(&base, &forged, &police, today), Err(MemberResponseError::NotTheirs));
    // Their own seat, but in another account's name.
    let mut borrowed = fork(&base);
    change(&mut borrowed, |w| w.respond(s(0), For, "Police Member", today, 5).unwrap());
    assert_eq!(member_response_allowed(&base, &borrowed, &police, today), Err(MemberResponseError::WrongAccount));
    // Anything outside the responses: the question, the closing date, the named responders.
    for edit in [
        (|w: &mut WrittenProcedureDoc| w.question.push_str(" (amended)")) as fn(&mut WrittenProcedureDoc),
        |w| w.closes_on = Some(d("2031-01-01")),
        |w| w.name_responders([(w.entitled[1], "police.member@example.org".to_owned())]),
    ] {
        let mut other = fork(&base);
        change(&mut other, edit);
        assert_eq!(member_response_allowed(&base, &other, &police, today), Err(MemberResponseError::NotTheirs));
    }
    // After the closing date, and on a document that is not a written procedure.
    assert_eq!(member_response_allowed(&base, &own, &police, d("2030-05-21")), Err(MemberResponseError::Closed));
    let meeting = support::meetings::doc_of(&Default::default());
    assert_eq!(member_response_allowed(&meeting, &meeting, &police, today), Err(MemberResponseError::NotWritten));
}
