//! The board the meeting tests share (Leicester constitution 16.1 quorum, 19.3–19.4 decisions)
//! and the Automerge steps they take with a document: make one, fork it for another device
//! (its own actor), change it as the app does, read it back.

use automerge::{Automerge, ActorId};
use domain::{
    meeting::MeetingDoc,
    model::{self, Date, DecisionRules, GroupDoc, Majority, QuorumRule, Seat, SeatCategory, Threshold},
    OrganisationId,
};

pub fn ok<T>(t: T) -> Result<T, std::convert::Infallible> {
    Ok(t)
}

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Six voting seats, the first three (council, police, ICB: their organisations returned)
/// required for the quorum of half; a non-voting observer last; a majority that must include
/// the chair's consent, the Independent Chair's casting vote.
pub fn board() -> (GroupDoc, [OrganisationId; 3]) {
    let orgs = [OrganisationId::random(), OrganisationId::random(), OrganisationId::random()];
    let mut g = GroupDoc { name: "Leicester Safeguarding Children Board".into(), ..GroupDoc::default() };
    for (i, org) in orgs.iter().enumerate() {
        g.seats.push(Seat::new(["Director of Children's Services", "Chief Superintendent", "Chief Nurse"][i], Some(*org), SeatCategory::Core, true));
    }
    for role in ["Head of Probation", "Lay member", "Head teacher"] {
        g.seats.push(Seat::new(role, Some(OrganisationId::random()), SeatCategory::Core, true));
    }
    g.seats.push(Seat::new("Lead Member", None, SeatCategory::ParticipantObserver, false));
    g.terms.quorum = Some(QuorumRule { threshold: Threshold::Share { numerator: 1, denominator: 2 }, required_organisations: orgs.to_vec() });
    g.terms.decisions = DecisionRules {
        consensus_first: true,
        majority: Majority::WithChairConsent,
        casting_vote: Some("Independent Chair".into()),
        special_majorities: vec![],
    };
    (g, orgs)
}

/// A new document holding meeting `m`, written in one change.
pub fn doc_of(m: &MeetingDoc) -> Automerge {
    let mut doc = Automerge::new();
    let m = m.clone();
    model::update(&mut doc, "plan", 0, |x: &mut MeetingDoc| ok(*x = m)).unwrap();
    doc
}

/// The document on another device (its own actor).
pub fn fork(doc: &Automerge) -> Automerge {
    doc.fork().with_actor(ActorId::random())
}

/// One change of the meeting by `f`, as the app writes it.
pub fn change(doc: &mut Automerge, f: impl FnOnce(&mut MeetingDoc)) {
    model::update(doc, "edit", 1, |m: &mut MeetingDoc| ok(f(m))).unwrap();
}

pub fn read(doc: &Automerge) -> MeetingDoc {
    model::read(doc).unwrap()
}
