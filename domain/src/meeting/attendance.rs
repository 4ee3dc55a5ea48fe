use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use super::MeetingError;
use crate::{
    model::{Seat, SubstituteRule},
    rules::Presence,
    ItemId, SeatId,
};

/// How a seat was represented at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
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

impl Mark {
    /// How this mark represents `seat` for the quorum and votes (constitution 9.1: a member's
    /// named deputy carries their role; a colleague substitutes with the seat's vote only where
    /// the seat's rule allows any colleague). `None`: not counted.
    pub fn presence_for(&self, seat: &Seat) -> Option<Presence> {
        match self {
            Mark::Present | Mark::PresentOnline => Some(Presence::Holder),
            Mark::Deputy if seat.substitute != SubstituteRule::NoSubstitute => Some(Presence::Deputy),
            Mark::Substitute { .. } if seat.substitute == SubstituteRule::AnyColleague => Some(Presence::Deputy),
            _ => None,
        }
    }

    /// Why someone sat in `seat` but does not count towards the quorum or vote, if so.
    pub fn not_counted_because(&self, seat: &Seat) -> Option<&'static str> {
        if !self.attended() || self.presence_for(seat).is_some() {
            return None;
        }
        Some(match seat.substitute {
            SubstituteRule::NoSubstitute => "the seat allows no substitutes",
            _ => "only the seat's named deputy stands in with its vote",
        })
    }
}

/// Someone in attendance who does not hold a seat (an adviser, a presenter).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
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

    /// Records everyone's marks at once (`None` clears a seat's mark), or none of them when a
    /// substitute has no name.
    pub fn record(&mut self, marks: Vec<(SeatId, Option<Mark>)>) -> Result<(), MeetingError> {
        let marks: Vec<(SeatId, Option<Mark>)> = marks
            .into_iter()
            .map(|(seat, mark)| match mark {
                Some(Mark::Substitute { name }) if name.trim().is_empty() => Err(MeetingError::NoSubstituteName(seat)),
                Some(Mark::Substitute { name }) => Ok((seat, Some(Mark::Substitute { name: name.trim().to_owned() }))),
                other => Ok((seat, other)),
            })
            .collect::<Result<_, _>>()?;
        for (seat, mark) in marks {
            match mark {
                Some(mark) => self.set(seat, mark),
                None => self.clear(seat),
            }
        }
        Ok(())
    }

    /// The marks of `marks` that differ from `base`, the marks the form was filled with: the
    /// only ones to [`record`](Self::record). A seat the person left as it was keeps whatever
    /// it holds by then, so a seat marked on another device while the form was open keeps
    /// that mark (the seat-by-seat counterpart of [`crate::model::GroupForm::rebase`]).
    pub fn changed_marks(base: &[(SeatId, Option<Mark>)], marks: Vec<(SeatId, Option<Mark>)>) -> Vec<(SeatId, Option<Mark>)> {
        marks.into_iter().filter(|(seat, mark)| !base.iter().any(|(s, m)| s == seat && m == mark)).collect()
    }

    /// Adds someone in attendance who holds no seat (an officer, a presenter, a guest): listed
    /// in the minutes, never counted for the quorum or a vote.
    pub fn add_other(&mut self, name: &str, role: &str) -> Result<ItemId, MeetingError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(MeetingError::NoAttendeeName);
        }
        let id = ItemId::random();
        self.others.push(OtherAttendee { id, name: name.to_owned(), role: role.trim().to_owned() });
        Ok(id)
    }

    pub fn remove_other(&mut self, id: ItemId) -> Result<(), MeetingError> {
        let before = self.others.len();
        self.others.retain(|o| o.id != id);
        if self.others.len() == before {
            return Err(MeetingError::NoSuchAttendee);
        }
        Ok(())
    }

    /// Who is in the room for the quorum and for votes: seats attended by their holder, or by
    /// a deputy or substitute the seat allows (a substitute where the seat allows none does not
    /// carry the seat's vote), less `excluded` (members asked to leave an item for an interest).
    pub fn presence(&self, seats: &[Seat], excluded: &[SeatId]) -> Vec<(SeatId, Presence)> {
        seats
            .iter()
            .filter(|s| !excluded.contains(&s.id))
            .filter_map(|s| Some((s.id, self.mark(s.id)?.presence_for(s)?)))
            .collect()
    }

    /// Voting seats present (as [`Attendance::presence`] counts them): those entitled to vote.
    pub fn entitled_to_vote(&self, seats: &[Seat], excluded: &[SeatId]) -> Vec<SeatId> {
        let present = self.presence(seats, excluded);
        seats.iter().filter(|s| s.voting && present.iter().any(|(id, _)| *id == s.id)).map(|s| s.id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SeatCategory;

    #[test]
    fn recording_attendance_keeps_marks_made_elsewhere_while_the_form_was_open() {
        let (chair, police, health) = (SeatId::random(), SeatId::random(), SeatId::random());
        let mut a = Attendance::default();
        a.set(health, Mark::Present);
        let base = vec![(chair, None), (police, None), (health, Some(Mark::Present))];
        // Another device records the police seat's apologies and the health seat as online meanwhile.
        let mut theirs = a.clone();
        theirs.record(vec![(police, Some(Mark::Apologies)), (health, Some(Mark::PresentOnline))]).unwrap();
        // This form marks only the chair present.
        let mine = vec![(chair, Some(Mark::Present)), (police, None), (health, Some(Mark::Present))];
        let mut saved = theirs.clone();
        saved.record(Attendance::changed_marks(&base, mine.clone())).unwrap();
        assert_eq!(saved.mark(chair), Some(&Mark::Present));
        assert_eq!(saved.mark(police), Some(&Mark::Apologies), "the apologies recorded elsewhere stay");
        assert_eq!(saved.mark(health), Some(&Mark::PresentOnline));
        // Recording every row would have cleared and reverted them.
        let mut stale = theirs.clone();
        stale.record(mine).unwrap();
        assert_eq!((stale.mark(police), stale.mark(health)), (None, Some(&Mark::Present)));
    }

    #[test]
    fn who_stands_in_for_a_seat_by_its_substitute_rule() {
        let sub = || Mark::Substitute { name: "Sam Cover".into() };
        // (the seat's rule, the mark, counted as, why not)
        let cases = [
            (SubstituteRule::NamedDeputy, Mark::Present, Some(Presence::Holder), None),
            (SubstituteRule::NamedDeputy, Mark::Deputy, Some(Presence::Deputy), None),
            (SubstituteRule::NamedDeputy, sub(), None, Some("only the seat's named deputy stands in with its vote")),
            (SubstituteRule::AnyColleague, sub(), Some(Presence::Deputy), None),
            (SubstituteRule::AnyColleague, Mark::Deputy, Some(Presence::Deputy), None),
            (SubstituteRule::NoSubstitute, Mark::Deputy, None, Some("the seat allows no substitutes")),
            (SubstituteRule::NoSubstitute, sub(), None, Some("the seat allows no substitutes")),
            (SubstituteRule::NoSubstitute, Mark::PresentOnline, Some(Presence::Holder), None),
            (SubstituteRule::AnyColleague, Mark::Apologies, None, None),
        ];
        for (rule, mark, counted, why) in cases {
            let mut seat = Seat::new("Member", None, SeatCategory::Core, true);
            seat.substitute = rule;
            assert_eq!(mark.presence_for(&seat), counted, "{rule:?} {mark:?}");
            assert_eq!(mark.not_counted_because(&seat), why, "{rule:?} {mark:?}");
        }
    }

    #[test]
    fn a_substitute_needs_a_name_and_nothing_is_recorded_without_one() {
        let (a, b) = (SeatId::random(), SeatId::random());
        let mut att = Attendance::default();
        let refused = att.record(vec![(a, Some(Mark::Present)), (b, Some(Mark::Substitute { name: "  ".into() }))]);
        assert_eq!(refused, Err(MeetingError::NoSubstituteName(b)));
        assert!(att.marks.is_empty(), "nothing recorded");
        att.record(vec![(a, Some(Mark::Present)), (b, Some(Mark::Substitute { name: " Sam Cover ".into() }))]).unwrap();
        assert_eq!(att.mark(b), Some(&Mark::Substitute { name: "Sam Cover".into() }));
        att.record(vec![(a, None)]).unwrap();
        assert_eq!(att.mark(a), None);
    }

    #[test]
    fn others_in_attendance_are_listed_but_never_counted() {
        let mut seat = Seat::new("Member", None, SeatCategory::Core, true);
        seat.substitute = SubstituteRule::AnyColleague;
        let mut att = Attendance::default();
        assert_eq!(att.add_other("  ", "Legal adviser"), Err(MeetingError::NoAttendeeName));
        let id = att.add_other(" Kim Officer ", " Business manager ").unwrap();
        assert_eq!((att.others[0].name.as_str(), att.others[0].role.as_str()), ("Kim Officer", "Business manager"));
        assert!(att.presence(std::slice::from_ref(&seat), &[]).is_empty(), "an officer is no member");
        att.remove_other(id).unwrap();
        assert_eq!(att.remove_other(id), Err(MeetingError::NoSuchAttendee));
    }
}
