//! A meeting taken in the room on several devices, offline: two note-takers' minutes merge
//! character by character, two devices marking the same seat leave one mark, the live quorum
//! follows attendance, and decisions are recorded by the group's own rules (Leicester
//! constitution 16.1 quorum, 18.1 interests, 19.3–19.4 decisions).

mod support;

use automerge::Automerge;
use domain::{
    meeting::{attendance_record, AgendaItem, Declaration, Mark, MeetingDoc, MeetingError, MeetingStatus, Purpose},
    model::{self, GroupDoc},
    rules::{attendance_breaches, AttendanceBreach, Ballot, Casting, Method, Votes},
    DocumentId, ItemId, SeatId,
};
use support::meetings::{board, change, d, doc_of, fork, read};

fn meeting_doc(group: &GroupDoc) -> Automerge {
    doc_of(&MeetingDoc::new(DocumentId::random(), d("2027-03-04"), &group.terms))
}

#[test]
fn two_note_takers_offline_minutes_merge_without_loss_in_either_order() {
    let (group, _) = board();
    let mut base = meeting_doc(&group);
    change(&mut base, |m| m.minutes.splice(0, 0, "Item 5. Escalation policy.\n"));
    let (mut a, mut b) = (fork(&base), fork(&base));
    // Note-taker A adds the discussion at the end; B corrects the heading and adds an outcome.
    change(&mut a, |m| {
        let end = m.minutes.as_str().chars().count();
        m.minutes.splice(end, 0, "The board discussed the draft.\n");
    });
    change(&mut b, |m| {
        m.minutes.splice(8, 0, "(agreed) ");
        let end = m.minutes.as_str().chars().count();
        m.minutes.splice(end, 0, "Action: police to update section 3.\n");
    });
    let mut ab = fork(&a);
    ab.merge(&mut b.clone()).unwrap();
    let mut ba = fork(&b);
    ba.merge(&mut a.clone()).unwrap();
    let (x, y) = (read(&ab).minutes.as_str().to_owned(), read(&ba).minutes.as_str().to_owned());
    assert_eq!(x, y, "both orders give the same minutes");
    for part in ["Item 5. (agreed) Escalation policy.", "The board discussed the draft.", "Action: police to update section 3."] {
        assert!(x.contains(part), "{part:?} kept in {x:?}");
    }
}

#[test]
fn two_devices_marking_one_seat_leave_one_mark_the_same_everywhere() {
    let (group, _) = board();
    let seat = group.seats[0].id;
    let base = meeting_doc(&group);
    let (mut a, mut b) = (fork(&base), fork(&base));
    change(&mut a, |m| m.attendance.set(seat, Mark::Present));
    change(&mut b, |m| m.attendance.set(seat, Mark::Deputy));
    a.merge(&mut b.clone()).unwrap();
    b.merge(&mut a.clone()).unwrap();
    let (x, y) = (read(&a), read(&b));
    assert_eq!(x.attendance.marks.len(), 1, "one mark for the seat");
    assert_eq!(x.attendance.mark(seat), y.attendance.mark(seat), "the same mark on both devices");
    assert!(matches!(x.attendance.mark(seat), Some(Mark::Present | Mark::Deputy)));
}

#[test]
fn the_quorum_panel_follows_attendance_and_interests() {
    let (group, orgs) = board();
    let mut m = MeetingDoc::new(DocumentId::random(), d("2027-03-04"), &group.terms);
    let seat = |i: usize| group.seats[i].id;
    for i in [0, 1, 3] {
        m.attendance.set(seat(i), Mark::Present);
    }
    m.attendance.set(seat(6), Mark::Present); // the non-voting observer
    let q = m.quorum(&group, None).unwrap();
    assert!(!q.quorate, "3 of 6 but the ICB is missing");
    assert_eq!(q.missing_organisations, vec![orgs[2]]);
    m.attendance.set(seat(2), Mark::Deputy); // the ICB's named deputy arrives
    assert!(m.quorum(&group, None).unwrap().quorate);
    // The police member declares an interest in item 5 and the chair excludes them from it.
    m.agenda.push(AgendaItem::new("Escalation policy", Purpose::Decision));
    let item = m.agenda[4].id;
    m.declarations.push(Declaration { id: ItemId::random(), seat: seat(1), item: Some(item), interest: "Manages the team under review".into(), excluded: true });
    let on_item = m.quorum(&group, Some(item)).unwrap();
    assert!(!on_item.quorate, "without the police the item is inquorate");
    assert!(m.quorum(&group, Some(m.agenda[3].id)).unwrap().quorate, "other items are unaffected");
    // Someone leaves mid-meeting.
    m.attendance.set(seat(3), Mark::Absent);
    assert_eq!(m.quorum(&group, None).unwrap().voting_present, 3);
}

fn ballot(for_: u32, against: u32) -> Ballot {
    Ballot {
        method: Method::Vote(Votes { for_, against, abstain: 0 }),
        entitled: 0,
        quorate: false,
        inquorate_fallback: None,
        chair_consents: Some(true),
        casting: Casting::NotCast,
        special_majority: None,
    }
}

#[test]
fn decisions_are_recorded_by_the_leicester_rules_with_who_was_entitled() {
    let (group, _) = board();
    let mut m = MeetingDoc::new(DocumentId::random(), d("2027-03-04"), &group.terms);
    for s in &group.seats[..4] {
        m.attendance.set(s.id, Mark::Present);
    }
    let item = m.agenda[2].id;
    let rec = m.record_decision(&group, item, "Approve the minutes", ballot(3, 1), 10).unwrap().clone();
    assert!(rec.carried, "{rec:?}");
    assert_eq!(rec.entitled.len(), 4, "the four voting seats present");
    let tie = m.record_decision(&group, item, "Adopt the new threshold document", ballot(2, 2), 11);
    assert!(matches!(tie, Err(MeetingError::Undecided(w)) if w.contains("casting vote")), "waits for the chair");
    let cast = Ballot { casting: Casting::For, ..ballot(2, 2) };
    assert!(m.record_decision(&group, item, "Adopt the new threshold document", cast, 12).unwrap().carried);
    let too_many = m.record_decision(&group, item, "Anything", ballot(4, 1), 13);
    assert!(matches!(too_many, Err(MeetingError::Undecided(_))), "5 votes from 4 entitled members");
    // Inquorate: nothing can be decided without the fallback.
    m.attendance.set(group.seats[2].id, Mark::Apologies);
    assert!(matches!(m.record_decision(&group, item, "Anything", ballot(3, 0), 14), Err(MeetingError::Undecided(w)) if w.contains("not quorate")));
    let fallback = Ballot { inquorate_fallback: Some("Ratify with the ICB by email".into()), ..ballot(3, 0) };
    let rec = m.record_decision(&group, item, "Anything", fallback, 15).unwrap();
    assert_eq!(rec.to_be_ratified.as_deref(), Some("Ratify with the ICB by email"));
    assert_eq!(m.decisions.len(), 3, "only the recorded outcomes are kept");
}

#[test]
fn only_held_meetings_count_towards_the_attendance_rules() {
    let (group, _) = board();
    let missing: SeatId = group.seats[5].id;
    let mut meetings = Vec::new();
    for (date, status) in [("2027-01-07", MeetingStatus::Held), ("2027-02-04", MeetingStatus::Cancelled), ("2027-03-04", MeetingStatus::Held), ("2027-04-01", MeetingStatus::Held)] {
        let mut m = MeetingDoc::new(DocumentId::random(), d(date), &group.terms);
        m.status = status;
        for s in &group.seats[..5] {
            m.attendance.set(s.id, Mark::Present);
        }
        m.attendance.set(missing, if date == "2027-01-07" { Mark::Present } else { Mark::Apologies });
        meetings.push(m);
    }
    meetings.reverse(); // order comes from the dates, not the list
    let record = attendance_record(&meetings);
    assert_eq!(record.meetings.len(), 3, "the cancelled meeting does not count");
    let rule = model::AttendanceRule { attend: 2, of_meetings: 3, consecutive_absences_trigger: Some(2), year_from: None };
    let breaches = attendance_breaches(&rule, &record, missing);
    assert!(breaches.contains(&AttendanceBreach::ConsecutiveAbsences(2)), "{breaches:?}");
    assert!(attendance_breaches(&rule, &record, group.seats[0].id).is_empty());
}

#[test]
fn papers_deadline_is_ten_working_days_before_skipping_easter() {
    let (mut group, _) = board();
    group.terms.papers_deadline = Some(model::Notice::WorkingDaysBefore(10));
    let m = MeetingDoc::new(DocumentId::random(), d("2027-04-01"), &group.terms);
    assert_eq!(m.papers_deadline(&group.terms), Some(d("2027-03-16")));
    assert_eq!(m.agenda_circulation(&group.terms), None, "not set in the terms");
}

#[test]
fn substitutes_count_by_the_seats_rule_and_others_in_attendance_never_count() {
    let (mut group, orgs) = board();
    let seat = |g: &GroupDoc, i: usize| g.seats[i].id;
    let base = meeting_doc(&group);
    let (mut a, mut b) = (fork(&base), fork(&base));
    // Device A records the police and council present and a colleague substituting for the
    // ICB's chief nurse; device B, offline, lists the business manager and a presenter.
    change(&mut a, |m| {
        m.attendance.record(vec![(seat(&group, 0), Some(Mark::Present)), (seat(&group, 1), Some(Mark::Present)), (seat(&group, 2), Some(Mark::Substitute { name: "Sam Cover".into() }))]).unwrap();
    });
    change(&mut b, |m| {
        m.attendance.add_other("Kim Officer", "LSCB Business Manager").unwrap();
        m.attendance.add_other("Lee Presenter", "Presenting item 5").unwrap();
        m.attendance.set(seat(&group, 3), Mark::Present);
    });
    a.merge(&mut b.clone()).unwrap();
    b.merge(&mut a.clone()).unwrap();
    let (x, y) = (read(&a), read(&b));
    assert_eq!(x, y, "the same attendance on both devices");
    assert_eq!(x.attendance.others.len(), 2, "both people in attendance kept");
    assert_eq!(x.attendance.marks.len(), 4);
    // Leicester 9.1: the seat's named deputy carries the role; a colleague who is not the
    // named deputy does not count, so the ICB (a required agency) is missing.
    let q = x.quorum(&group, None).unwrap();
    assert!(!q.quorate, "{q:?}");
    assert_eq!((q.voting_present, q.missing_organisations.clone()), (3, vec![orgs[2]]));
    assert_eq!(x.attendance.entitled_to_vote(&group.seats, &[]).len(), 3, "the substitute has no vote either");
    // Where the terms allow any colleague to substitute, the same attendance is quorate, and
    // two more people in attendance change nothing.
    group.seats[2].substitute = model::SubstituteRule::AnyColleague;
    let q = x.quorum(&group, None).unwrap();
    assert!(q.quorate && q.voting_present == 4, "{q:?}");
    let mut crowded = x.clone();
    for i in 0..5 {
        crowded.attendance.add_other(&format!("Guest {i}"), "Observer").unwrap();
    }
    assert_eq!(crowded.quorum(&group, None), Some(q));
}
