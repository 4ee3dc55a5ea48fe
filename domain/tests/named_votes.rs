//! Named (recorded) votes on a decision: each member present votes for, against or abstains;
//! the outcome is the group's own rule applied to them (Leicester constitution 19.3–19.4:
//! a majority with the chair's consent, the casting vote in a deadlock), only members
//! entitled at that moment may vote, and devices recording at once lose no vote.

mod support;

use domain::{
    meeting::{Declaration, ItemDraft, Mark, Purpose, MeetingDoc, MeetingError, RecordedDecision},
    model::{Date, GroupDoc},
    rules::{Ballot, Casting, Method, NamedVotes, VoteCast, Votes},
    DocumentId, ItemId, SeatId,
};
use support::meetings::{change, doc_of, fork, read};
use VoteCast::*;

/// The shared board (six voting seats, council, police and ICB required; Leicester rules).
fn board() -> GroupDoc {
    support::meetings::board().0
}

/// A held meeting with every seat present.
fn meeting(g: &GroupDoc) -> MeetingDoc {
    let mut m = MeetingDoc::new(DocumentId::random(), "2027-03-04".parse::<Date>().unwrap(), &g.terms);
    for s in &g.seats {
        m.attendance.set(s.id, Mark::Present);
    }
    m
}

fn named(g: &GroupDoc, casts: &[(usize, VoteCast)], casting: Casting) -> Ballot {
    Ballot {
        method: Method::Named(NamedVotes::new(casts.iter().map(|(i, v)| (g.seats[*i].id, *v)))),
        entitled: 0,
        quorate: false,
        inquorate_fallback: None,
        chair_consents: Some(true),
        casting,
        special_majority: None,
    }
}

/// What every recorded decision must satisfy, whatever merged into the document.
fn assert_invariants(m: &MeetingDoc) {
    for d in &m.decisions {
        let votes = d.named_votes();
        assert_eq!(votes.0.len(), d.votes.len(), "every key is a seat: {d:?}");
        assert!(votes.not_entitled(&d.entitled).is_empty(), "only entitled members voted: {d:?}");
        assert!(votes.0.len() <= d.entitled.len());
        if !votes.is_empty() {
            let Votes { for_, against, .. } = votes.tally();
            assert!(d.outcome.contains(&format!("{for_} to {against}")), "the outcome is the stored votes': {d:?}");
        }
    }
    let ids: Vec<ItemId> = m.decisions.iter().map(|d| d.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "no decision twice");
}

fn names(d: &RecordedDecision, how: VoteCast) -> usize {
    d.voted(how).len()
}

#[test]
fn a_named_vote_is_decided_and_recorded_by_the_leicester_rules() {
    let g = board();
    let mut m = meeting(&g);
    let item = m.agenda[2].id;
    // Table: (votes by seat, casting vote) -> carried?, words in the outcome.
    type Case = (&'static str, Vec<(usize, VoteCast)>, Casting, Result<(bool, &'static str), &'static str>);
    let cases: Vec<Case> = vec![
        ("majority with consent", vec![(0, For), (1, For), (2, For), (3, Against), (4, Abstain)], Casting::NotCast, Ok((true, "By majority, 3 to 1"))),
        ("lost", vec![(0, For), (1, Against), (2, Against)], Casting::NotCast, Ok((false, "Lost, 1 to 2"))),
        ("tie waits for the casting vote", vec![(0, For), (1, Against)], Casting::NotCast, Err("casting vote falls to the Independent Chair")),
        ("tie carried on the chair's casting vote", vec![(0, For), (1, For), (2, Against), (3, Against), (5, Abstain)], Casting::For, Ok((true, "Tied 2 to 2, carried on the Independent Chair's casting vote"))),
        ("tie lost on the casting vote", vec![(0, For), (1, Against)], Casting::Against, Ok((false, "lost on the Independent Chair's casting vote"))),
        ("the vice chair's own area: deferred", vec![(0, For), (1, Against)], Casting::Conflicted, Ok((false, "deferred"))),
        ("the non-voting observer may not vote", vec![(0, For), (6, For)], Casting::NotCast, Err("not entitled")),
    ];
    for (name, casts, casting, want) in cases {
        let got = m.record_decision(&g, item, name, named(&g, &casts, casting), 1).map(|d| d.clone());
        match (want, got) {
            (Ok((carried, words)), Ok(d)) => {
                assert_eq!(d.carried, carried, "{name}: {d:?}");
                assert!(d.outcome.contains(words), "{name}: {}", d.outcome);
                assert_eq!(d.votes.len(), casts.len(), "{name}: every vote kept");
                for (i, v) in &casts {
                    assert!(d.voted(*v).contains(&g.seats[*i].id), "{name}: seat {i} voted {v:?}");
                }
            }
            (Err(words), Err(e)) => assert!(e.to_string().contains(words), "{name}: {e}"),
            (want, got) => panic!("{name}: wanted {want:?}, got {got:?}"),
        }
    }
    assert_invariants(&m);
    assert_eq!(m.decisions.len(), 5, "refusals record nothing");
}

#[test]
fn members_absent_or_excluded_from_the_item_cannot_vote_on_it() {
    let g = board();
    let mut m = meeting(&g);
    let item = m.agenda[3].id;
    m.attendance.set(g.seats[4].id, Mark::Apologies);
    m.declarations.push(Declaration { id: ItemId::random(), seat: g.seats[5].id, item: Some(item), interest: "Governor of the school".into(), excluded: true });
    for stranger in [4, 5] {
        let refused = m.record_decision(&g, item, "Adopt", named(&g, &[(0, For), (stranger, For)], Casting::NotCast), 1);
        assert_eq!(refused.unwrap_err(), MeetingError::NotEntitledToVote(1), "seat {stranger}");
    }
    // The excluded member votes on another item.
    let other = m.agenda[2].id;
    let d = m.record_decision(&g, other, "Approve", named(&g, &[(0, For), (5, For)], Casting::NotCast), 2).unwrap();
    assert_eq!(names(d, For), 2);
    assert_eq!(m.decisions.len(), 1);
}

#[test]
fn two_devices_recording_named_votes_offline_merge_without_losing_a_vote() {
    let g = board();
    let base = doc_of(&meeting(&g));
    let items: Vec<ItemId> = read(&base).agenda.iter().map(|i| i.id).collect();
    let (mut a, mut b) = (fork(&base), fork(&base));
    // Device A records a named vote on item 3; device B, offline, one on item 4 and then
    // marks the probation seat as having left (which must not change A's record).
    change(&mut a, |m| {
        m.record_decision(&g, items[2], "Approve the annual report", named(&g, &[(0, For), (1, For), (2, Against), (3, For), (4, Abstain)], Casting::NotCast), 10).unwrap();
    });
    change(&mut b, |m| {
        m.record_decision(&g, items[3], "Adopt the escalation policy", named(&g, &[(0, For), (1, Against), (2, For), (3, Against)], Casting::For), 11).unwrap();
        m.attendance.set(g.seats[3].id, Mark::Absent);
    });
    // Both devices also record on the same item at once: both records are kept.
    change(&mut a, |m| {
        m.record_decision(&g, items[0], "Note the apologies", named(&g, &[(0, For), (1, For)], Casting::NotCast), 12).unwrap();
    });
    change(&mut b, |m| {
        m.record_decision(&g, items[0], "Note the apologies", named(&g, &[(2, Against), (5, For), (4, For)], Casting::NotCast), 13).unwrap();
    });
    let mut ab = fork(&a);
    ab.merge(&mut b.clone()).unwrap();
    let mut ba = fork(&b);
    ba.merge(&mut a.clone()).unwrap();
    let (x, y) = (read(&ab), read(&ba));
    assert_eq!(x, y, "both orders give the same meeting");
    assert_eq!(x.decisions.len(), 4, "no decision lost");
    assert_invariants(&x);
    let report = x.decisions.iter().find(|d| d.wording == "Approve the annual report").unwrap();
    assert_eq!((names(report, For), names(report, Against), names(report, Abstain)), (3, 1, 1));
    assert!(report.voted(For).contains(&g.seats[3].id), "probation's vote stands: it was entitled when it voted");
    let policy = x.decisions.iter().find(|d| d.wording == "Adopt the escalation policy").unwrap();
    assert!(policy.carried && policy.outcome.contains("casting vote"), "{policy:?}");
    assert_eq!(x.attendance.mark(g.seats[3].id), Some(&Mark::Absent));
    // After the merge, the probation seat has left: it cannot vote on a new item.
    let mut later = x.clone();
    let aob = later.save_item(None, &ItemDraft { title: "Any other business".into(), lead: String::new(), purpose: Purpose::Decision, minutes: None }).unwrap();
    let refused = later.record_decision(&g, aob, "Any other business", named(&g, &[(3, For)], Casting::NotCast), 14);
    assert_eq!(refused.unwrap_err(), MeetingError::NotEntitledToVote(1));
    let _: Vec<SeatId> = report.entitled.clone();
}
