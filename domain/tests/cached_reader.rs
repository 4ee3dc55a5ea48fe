//! `model::read` hydrates through `CachedReader` (each object walked once, issue 12's
//! benchmark): it must give exactly what reading field by field gives, conflicts, text,
//! nested lists and past heads included.

mod support;

use automerge::Automerge;
use domain::{
    meeting::{Mark, MeetingDoc, MeetingStatus},
    model::{self, CachedReader, DocReader, GroupDoc},
    DocumentId,
};
use support::meetings::{board, change, d, doc_of, fork};

fn field_by_field<T: autosurgeon::Hydrate>(doc: &Automerge) -> T {
    autosurgeon::hydrate(&DocReader::latest(doc)).unwrap()
}

/// A meeting with an agenda, minutes, attendance, actions and others in attendance, and two
/// devices' concurrent edits of the same fields merged (conflicts automerge resolves).
fn busy_meeting(group: &GroupDoc) -> Automerge {
    let mut doc = doc_of(&MeetingDoc::new(DocumentId::random(), d("2027-03-04"), &group.terms));
    change(&mut doc, |m| {
        m.minutes.splice(0, 0, "Item 1. Apologies.\nItem 2. Escalation policy agreed.\n");
        for (i, s) in group.seats.iter().enumerate() {
            m.attendance.set(s.id, if i % 3 == 0 { Mark::Apologies } else { Mark::Present });
        }
        m.attendance.add_other("A. Adviser", "Legal adviser").unwrap();
        for k in 0..17 {
            m.add_action(None, &format!("Action {k}: circulate the audit"), "Police lead", Some(d("2027-04-01"))).unwrap();
        }
    });
    let (mut a, mut b) = (fork(&doc), fork(&doc));
    change(&mut a, |m| {
        m.venue = "Room A".into();
        m.status = MeetingStatus::Held;
        m.actions[3].owner = "Council".into();
    });
    change(&mut b, |m| {
        m.venue = "Room B".into();
        m.actions[3].owner = "ICB".into();
        m.actions.remove(5);
    });
    a.merge(&mut b).unwrap();
    a
}

#[test]
fn a_cached_read_equals_a_field_by_field_read_of_a_busy_meeting_with_conflicts() {
    let (group, _) = board();
    let doc = busy_meeting(&group);
    let cached: MeetingDoc = model::read(&doc).unwrap();
    assert_eq!(cached, field_by_field::<MeetingDoc>(&doc));
    assert_eq!(cached.actions.len(), 16, "one action removed on one device");
    assert!(["Room A", "Room B"].contains(&cached.venue.as_str()), "a conflict has one winner: {}", cached.venue);
    assert!(cached.minutes.as_str().contains("Escalation policy agreed."));
    // A group, with its seats, terms and rules.
    let mut group_doc = Automerge::new();
    model::update::<GroupDoc, _, std::convert::Infallible>(&mut group_doc, "Add the group", 0, |g| {
        *g = group.clone();
        Ok(())
    })
    .unwrap();
    assert_eq!(model::read::<GroupDoc>(&group_doc).unwrap(), field_by_field::<GroupDoc>(&group_doc));
}

#[test]
fn a_cached_read_at_past_heads_equals_a_field_by_field_read_there() {
    let (group, _) = board();
    let mut doc = busy_meeting(&group);
    let heads = doc.get_heads();
    change(&mut doc, |m| {
        m.actions.clear();
        m.minutes.splice(0, 4, "Agenda item");
    });
    let then: MeetingDoc = autosurgeon::hydrate(&CachedReader::new(DocReader::at(&doc, &heads))).unwrap();
    assert_eq!(then, autosurgeon::hydrate::<_, MeetingDoc>(&DocReader::at(&doc, &heads)).unwrap());
    assert_eq!(then.actions.len(), 16, "the actions as they were");
    assert!(model::read::<MeetingDoc>(&doc).unwrap().actions.is_empty(), "and none now");
}

#[test]
fn a_value_of_the_wrong_shape_is_refused_as_before() {
    // `date` written as a list: both readers refuse the document the same way.
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    automerge::transaction::Transactable::put_object(&mut tx, automerge::ROOT, "date", automerge::ObjType::List).unwrap();
    tx.commit();
    let cached = model::read::<MeetingDoc>(&doc).unwrap_err().to_string();
    let plain = autosurgeon::hydrate::<_, MeetingDoc>(&DocReader::latest(&doc)).unwrap_err().to_string();
    assert!(cached.contains(&plain), "{cached} / {plain}");
}
