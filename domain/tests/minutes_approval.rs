//! Minutes approved at the next meeting, on several devices: the draft of meeting N is
//! approved from meeting N+1's "Minutes of the last meeting" item (only when N+1 is quorate),
//! then changes only by a recorded amendment. A note-taker's offline edit of the draft that
//! merges after the approval never changes the approved record; two devices approving at
//! once leave one approval; documents written before approvals existed still read.

use automerge::{transaction::Transactable, Automerge, ROOT};
use domain::{
    meeting::{minutes_text, splice_minutes, Mark, MeetingDoc, MeetingError, MinutesError, MinutesStatus},
    model::{self, Date, GroupDoc, QuorumRule, Seat, SeatCategory, Threshold},
    DocumentId, OrganisationId,
};

fn ok<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Four voting seats, quorate with half of them, the police required.
fn board() -> GroupDoc {
    let police = OrganisationId::random();
    let mut g = GroupDoc { name: "Board".into(), ..GroupDoc::default() };
    g.seats.push(Seat::new("Chief Superintendent", Some(police), SeatCategory::Core, true));
    for role in ["Director of Children's Services", "Chief Nurse", "Lay member"] {
        g.seats.push(Seat::new(role, Some(OrganisationId::random()), SeatCategory::Core, true));
    }
    g.terms.quorum = Some(QuorumRule { threshold: Threshold::Share { numerator: 1, denominator: 2 }, required_organisations: vec![police] });
    g
}

fn meeting(group: &GroupDoc, date: &str) -> Automerge {
    let m = MeetingDoc::new(DocumentId::random(), d(date), &group.terms);
    let mut doc = Automerge::new();
    model::update(&mut doc, "plan", 0, |x: &mut MeetingDoc| ok(*x = m)).unwrap();
    doc
}

fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(automerge::ActorId::random())
}

fn read(doc: &Automerge) -> MeetingDoc {
    model::read(doc).unwrap()
}

fn heads(doc: &Automerge) -> Vec<String> {
    doc.get_heads().iter().map(|h| h.to_string()).collect()
}

/// Approves `minutes`' minutes (document `minutes_id`) from `next` as the app does: the
/// decision, carrying the sign-off, in the approving meeting only (it checks the quorum and
/// that the minutes can be approved), then the minutes' own record derived from it.
fn approve(group: &GroupDoc, minutes_id: DocumentId, minutes: &mut Automerge, next: &mut Automerge, next_id: DocumentId, chair: &str) -> Result<(), MeetingError> {
    record_sign_off(group, minutes_id, minutes, next, chair)?;
    assert!(complete_sign_off(minutes_id, minutes, next, next_id), "the approval was owed");
    Ok(())
}

/// The first write of an approval: the approving meeting's decision, with the sign-off.
fn record_sign_off(group: &GroupDoc, minutes_id: DocumentId, minutes: &Automerge, next: &mut Automerge, chair: &str) -> Result<(), MeetingError> {
    let prev = read(minutes);
    let item = read(next).minutes_item().expect("the standing item");
    let pinned = heads(minutes);
    model::update(next, "Approve the minutes of the last meeting", 5, |m: &mut MeetingDoc| {
        m.record_minutes_sign_off(group, item, minutes_id, &prev, pinned, chair, 5_000).map(|_| ())
    })
    .map_err(|e| match e {
        model::DocError::Rule(r) => r,
        other => panic!("{other}"),
    })
}

/// The second write: the approval derived from the approving meeting's decision, if still
/// owed (whether it wrote one).
fn complete_sign_off(minutes_id: DocumentId, minutes: &mut Automerge, next: &Automerge, next_id: DocumentId) -> bool {
    let approver = read(next);
    model::update(minutes, "Minutes approved", 6, |m: &mut MeetingDoc| ok(m.repair_sign_off(minutes_id, next_id, &approver))).unwrap()
}

fn everyone_present(group: &GroupDoc, doc: &mut Automerge) {
    model::update(doc, "attendance", 2, |m: &mut MeetingDoc| {
        for s in &group.seats {
            m.attendance.set(s.id, Mark::Present);
        }
        ok(())
    })
    .unwrap();
}

#[test]
fn the_next_meeting_approves_the_minutes_only_when_quorate_then_they_change_only_by_amendment() {
    let group = board();
    let mut first = meeting(&group, "2030-03-14");
    splice_minutes(&mut first, 0, 0, "The Board adopted the escalation policy.", "Minutes", 1).unwrap();
    let (mut next, next_id) = (meeting(&group, "2030-04-11"), DocumentId::random());

    // Nobody recorded present yet: the police (required) are missing, so no approval.
    let first_id = DocumentId::random();
    assert_eq!(approve(&group, first_id, &mut first, &mut next, next_id, "Independent Chair"), Err(MeetingError::NotQuorateForMinutes));
    assert_eq!(read(&first).minutes_status(), MinutesStatus::Draft);
    assert!(read(&next).decisions.is_empty());

    everyone_present(&group, &mut next);
    let draft_heads = heads(&first);
    approve(&group, first_id, &mut first, &mut next, next_id, "Independent Chair").unwrap();
    let m = read(&first);
    assert_eq!(m.minutes_status().label(), "Approved at the meeting of 11 April 2030");
    let approval = m.minutes_approval.clone().unwrap();
    assert_eq!((approval.at_meeting, approval.heads.clone(), approval.text.as_str()), (next_id, draft_heads, "The Board adopted the escalation policy."));
    let n = read(&next);
    assert_eq!(n.decisions.len(), 1);
    assert_eq!(Some(n.decisions[0].id), approval.decision);
    assert_eq!(n.decisions[0].item, n.minutes_item().unwrap());
    assert_eq!(n.decisions[0].wording, "That the minutes of the meeting on 14 March 2030 are approved as a true record");
    assert_eq!(n.decisions[0].entitled.len(), 4);

    // Approved minutes are read-only: a keystroke is refused; a second approval too.
    assert_eq!(splice_minutes(&mut first, 0, 0, "x", "Minutes", 6), Err(MinutesError::Approved));
    assert_eq!(approve(&group, first_id, &mut first, &mut next.clone(), next_id, "Chair"), Err(MeetingError::MinutesApproved));

    // A recorded amendment changes them, with why and who.
    model::update(&mut first, "Amend the approved minutes", 7, |m: &mut MeetingDoc| {
        m.amend_minutes("The Board adopted the revised escalation policy.", "The revised version was adopted", "Business office", 7_000)
    })
    .unwrap();
    let m = read(&first);
    assert_eq!(minutes_text(&first), "The Board adopted the revised escalation policy.");
    assert_eq!(m.minutes_record(), "The Board adopted the revised escalation policy.");
    assert_eq!(m.minutes_amendments[0].reason, "The revised version was adopted");
    assert!(!m.unrecorded_change());
    // The approved version itself is still there, at its pinned heads.
    let pinned: Vec<automerge::ChangeHash> = approval.heads.iter().map(|h| h.parse().unwrap()).collect();
    assert_eq!(model::read_at::<MeetingDoc>(&first, &pinned).unwrap().minutes.as_str(), "The Board adopted the escalation policy.");
}

#[test]
fn an_offline_edit_of_the_draft_merged_after_the_approval_never_changes_the_approved_record() {
    let group = board();
    let mut first = meeting(&group, "2030-03-14");
    splice_minutes(&mut first, 0, 0, "Present: as recorded.\nThe Board adopted the policy.", "Minutes", 1).unwrap();
    let mut next = meeting(&group, "2030-04-11");
    everyone_present(&group, &mut next);

    // A note-taker's laptop, offline, still holds the draft and corrects it; meanwhile the
    // meeting approves the minutes on the business office's device.
    let (mut office, mut laptop) = (fork(&first), fork(&first));
    splice_minutes(&mut laptop, 0, 0, "Late note. ", "Minutes", 3).unwrap();
    approve(&group, DocumentId::random(), &mut office, &mut next, DocumentId::random(), "Independent Chair").unwrap();

    // Merged in either order, both devices agree: approved, the approved text is the record,
    // and the late edit shows as a change not on the record.
    let mut ab = fork(&office);
    ab.merge(&mut laptop.clone()).unwrap();
    let mut ba = fork(&laptop);
    ba.merge(&mut office.clone()).unwrap();
    for doc in [&ab, &ba] {
        let m = read(doc);
        assert!(m.minutes_status().is_approved());
        assert_eq!(m.minutes_record(), "Present: as recorded.\nThe Board adopted the policy.");
        assert_eq!(m.minutes.as_str(), "Late note. Present: as recorded.\nThe Board adopted the policy.", "the edit is kept, not lost");
        assert!(m.unrecorded_change());
        // No more keystrokes on either device.
        assert_eq!(splice_minutes(&mut fork(doc), 0, 0, "y", "Minutes", 9), Err(MinutesError::Approved));
    }
    assert_eq!(read(&ab), read(&ba));

    // Making the late note part of the record takes an amendment.
    let late = read(&ab).minutes.as_str().to_owned();
    model::update(&mut ab, "Amend the approved minutes", 9, |m: &mut MeetingDoc| m.amend_minutes(&late, "Late note agreed by the chair", "Business office", 9_000)).unwrap();
    let m = read(&ab);
    assert_eq!(m.minutes_record(), late);
    assert!(!m.unrecorded_change());
}

#[test]
fn two_devices_approving_at_once_leave_one_approval_and_concurrent_amendments_are_all_listed() {
    let group = board();
    let mut first = meeting(&group, "2030-03-14");
    splice_minutes(&mut first, 0, 0, "Minutes.", "Minutes", 1).unwrap();
    let mut next = meeting(&group, "2030-04-11");
    everyone_present(&group, &mut next);
    let (mut a, mut b) = (fork(&first), fork(&first));
    let (first_id, next_id) = (DocumentId::random(), DocumentId::random());
    approve(&group, first_id, &mut a, &mut next.clone(), next_id, "Chair A").unwrap();
    approve(&group, first_id, &mut b, &mut next.clone(), next_id, "Chair B").unwrap();
    a.merge(&mut b.clone()).unwrap();
    b.merge(&mut a.clone()).unwrap();
    let (ma, mb) = (read(&a), read(&b));
    assert_eq!(ma, mb);
    assert!(["Chair A", "Chair B"].contains(&ma.minutes_approval.unwrap().signed_by.as_str()));

    // Two amendments at once: both are recorded, the record is the later-listed one, and if
    // the merged text differs from it, that shows.
    let (mut x, mut y) = (fork(&a), fork(&a));
    model::update(&mut x, "Amend", 3, |m: &mut MeetingDoc| m.amend_minutes("Minutes, corrected.", "Typo", "X", 3)).unwrap();
    model::update(&mut y, "Amend", 3, |m: &mut MeetingDoc| m.amend_minutes("Minutes agreed.", "Wording", "Y", 3)).unwrap();
    x.merge(&mut y.clone()).unwrap();
    let m = read(&x);
    assert_eq!(m.minutes_amendments.len(), 2);
    assert!(["Minutes, corrected.", "Minutes agreed."].contains(&m.minutes_record()));
    assert_eq!(m.unrecorded_change(), m.minutes.as_str() != m.minutes_record());
}

#[test]
fn an_approval_whose_second_write_never_happened_is_completed_once_from_the_approving_meeting() {
    let group = board();
    let (first_id, next_id) = (DocumentId::random(), DocumentId::random());
    let mut first = meeting(&group, "2030-03-14");
    splice_minutes(&mut first, 0, 0, "The Board adopted the policy.", "Minutes", 1).unwrap();
    let approved_heads = heads(&first);
    let mut next = meeting(&group, "2030-04-11");
    everyone_present(&group, &mut next);

    // The half-done state: the approving meeting recorded the sign-off, then the tab closed
    // before the minutes' own document was written.
    record_sign_off(&group, first_id, &first, &mut next, "Independent Chair").unwrap();
    assert_eq!(read(&first).minutes_status(), MinutesStatus::Draft, "nothing written there yet");
    // Meanwhile a note-taker's late edit reaches the draft.
    splice_minutes(&mut first, 0, 0, "Late note. ", "Minutes", 2).unwrap();
    let owed = read(&first).owed_sign_off(first_id, next_id, &read(&next)).expect("the approval is owed");
    assert_eq!((owed.text.as_str(), owed.heads.clone(), owed.signed_by.as_str()), ("The Board adopted the policy.", approved_heads.clone(), "Independent Chair"));
    // No second approval can be recorded meanwhile: the approving meeting already signed them off.
    assert_eq!(record_sign_off(&group, first_id, &first, &mut next.clone(), "Chair"), Err(MeetingError::MinutesApproved));

    // Two devices load both meetings and each completes it: the same record on both, from
    // the approving meeting's decision (the text as signed, not the late edit).
    let (mut x, mut y) = (fork(&first), fork(&first));
    assert!(complete_sign_off(first_id, &mut x, &next, next_id));
    assert!(complete_sign_off(first_id, &mut y, &next, next_id));
    x.merge(&mut y.clone()).unwrap();
    let m = read(&x);
    let approval = m.minutes_approval.clone().unwrap();
    assert_eq!((approval.at_meeting, approval.at_date, approval.heads.clone()), (next_id, Some(d("2030-04-11")), approved_heads));
    assert_eq!(approval.decision, Some(read(&next).decisions[0].id));
    assert_eq!(m.minutes_record(), "The Board adopted the policy.");
    assert!(m.unrecorded_change(), "the late edit shows as a change not on the record");
    assert_eq!(m.minutes_status().label(), "Approved at the meeting of 11 April 2030");

    // Idempotent: once written, nothing is owed and a repair changes nothing.
    let before = heads(&x);
    assert_eq!(m.owed_sign_off(first_id, next_id, &read(&next)), None);
    assert!(!complete_sign_off(first_id, &mut x, &next, next_id));
    assert_eq!(heads(&x), before, "no change written");
    // Another meeting's sign-off is not this one's.
    assert_eq!(read(&meeting(&group, "2030-03-14")).owed_sign_off(DocumentId::random(), next_id, &read(&next)), None);
}

#[test]
fn a_meeting_written_before_approvals_existed_reads_as_draft_minutes() {
    let group = board();
    let mut doc = meeting(&group, "2030-03-14");
    splice_minutes(&mut doc, 0, 0, "Old minutes.", "Minutes", 1).unwrap();
    // An older client's document has neither field.
    let mut tx = doc.transaction();
    tx.delete(ROOT, "minutes_approval").ok();
    tx.delete(ROOT, "minutes_amendments").ok();
    tx.commit();
    let m = read(&doc);
    assert_eq!(m.minutes_status(), MinutesStatus::Draft);
    assert_eq!(m.minutes_record(), "Old minutes.");
    assert!(m.minutes_amendments.is_empty());
}
