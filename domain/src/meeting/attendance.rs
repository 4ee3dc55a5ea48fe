use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::{
    model::{Seat, SubstituteRule},
    rules::Presence,
    ItemId, SeatId,
};

/// How a seat was represented at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Mark {
    Present,
    PresentOnline,
    /// The seat's named deputy attended, with the seat's vote.
    Deputy,
    /// A colleague attended in the holder's place (where the seat allows it).
    Substitute { name: String },
    Apologies,
    Absent,
}

impl Mark {
    /// Whether someone sat in the seat.
    pub fn attended(&self) -> bool {
        matches!(self, Mark::Present | Mark::PresentOnline | Mark::Deputy | Mark::Substitute { .. })
    }

    pub fn label(&self) -> String {
        match self {
            Mark::Present => "Present".into(),
            Mark::PresentOnline => "Present online".into(),
            Mark::Deputy => "Deputy present".into(),
            Mark::Substitute { name } if name.trim().is_empty() => "Substitute present".into(),
            Mark::Substitute { name } => format!("Substitute present: {}", name.trim()),
            Mark::Apologies => "Apologies".into(),
            Mark::Absent => "Absent".into(),
        }
    }
}

/// Someone in attendance who does not hold a seat (an adviser, a presenter).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct OtherAttendee {
    #[key]
    pub id: ItemId,
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub role: String,
}

/// Attendance as recorded in the room. Marks are a map keyed by seat, so two devices that
/// mark the same seat at once leave one mark for it (one of the two, the same on every
/// device), never two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Attendance {
    #[autosurgeon(missing = "Default::default")]
    pub marks: BTreeMap<String, Mark>,
    #[autosurgeon(missing = "Default::default")]
    pub others: Vec<OtherAttendee>,
}

impl Attendance {
    pub fn mark(&self, seat: SeatId) -> Option<&Mark> {
        self.marks.get(&seat.to_string())
    }

    pub fn set(&mut self, seat: SeatId, mark: Mark) {
        self.marks.insert(seat.to_string(), mark);
    }

    pub fn clear(&mut self, seat: SeatId) {
        self.marks.remove(&seat.to_string());
    }

    /// Who is in the room for the quorum and for votes: seats attended by their holder, or by
    /// a deputy or substitute the seat allows (a substitute where the seat allows none does not
    /// carry the seat's vote), less `excluded` (members asked to leave an item for an interest).
    pub fn presence(&self, seats: &[Seat], excluded: &[SeatId]) -> Vec<(SeatId, Presence)> {
        seats
            .iter()
            .filter(|s| !excluded.contains(&s.id))
            .filter_map(|s| {
                let presence = match self.mark(s.id)? {
                    Mark::Present | Mark::PresentOnline => Presence::Holder,
                    Mark::Deputy if s.substitute != SubstituteRule::NoSubstitute => Presence::Deputy,
                    Mark::Substitute { .. } if s.substitute == SubstituteRule::AnyColleague => Presence::Deputy,
                    _ => return None,
                };
                Some((s.id, presence))
            })
            .collect()
    }

    /// Voting seats present (as [`Attendance::presence`] counts them): those entitled to vote.
    pub fn entitled_to_vote(&self, seats: &[Seat], excluded: &[SeatId]) -> Vec<SeatId> {
        let present = self.presence(seats, excluded);
        seats.iter().filter(|s| s.voting && present.iter().any(|(id, _)| *id == s.id)).map(|s| s.id).collect()
    }
}
