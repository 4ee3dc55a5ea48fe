//! Who holds which seat in which group, for a directory of people: every holder (each holder
//! of a shared seat) and every named deputy, read from the groups' documents.

use super::GroupDoc;
use crate::{DocumentId, OrganisationId, PersonId, SeatId};

/// How a person sits on a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeatPart {
    Holder,
    Deputy,
}

/// One person's place on one seat of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub person: PersonId,
    pub part: SeatPart,
    pub group: DocumentId,
    pub group_name: String,
    pub seat: SeatId,
    pub role_title: String,
    pub organisation: Option<OrganisationId>,
}

impl Appointment {
    /// As a directory reads it: "Designated Nurse, Leicester Board" or "Deputy for
    /// Independent Chair, Leicester Board".
    pub fn label(&self) -> String {
        match self.part {
            SeatPart::Holder => format!("{}, {}", self.role_title, self.group_name),
            SeatPart::Deputy => format!("Deputy for {}, {}", self.role_title, self.group_name),
        }
    }
}

/// Every appointment in `groups` (each group once, even when listed twice, as a joint group
/// is), by group name, then the seats' order, holders before deputies.
pub fn appointments<'a>(groups: impl IntoIterator<Item = (DocumentId, &'a GroupDoc)>) -> Vec<Appointment> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    let mut groups: Vec<(DocumentId, &GroupDoc)> = groups.into_iter().filter(|(id, _)| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    }).collect();
    groups.sort_by(|a, b| a.1.name.to_lowercase().cmp(&b.1.name.to_lowercase()).then(a.0.cmp(&b.0)));
    for (id, g) in groups {
        for s in &g.seats {
            let at = |person, part| Appointment {
                person,
                part,
                group: id,
                group_name: g.name.clone(),
                seat: s.id,
                role_title: s.role_title.clone(),
                organisation: s.organisation,
            };
            out.extend(s.holders().into_iter().map(|p| at(p, SeatPart::Holder)));
            out.extend(s.named_deputy().map(|p| at(p, SeatPart::Deputy)));
        }
    }
    out
}

/// The appointments of one person, in the order [`appointments`] gives.
pub fn appointments_of(all: &[Appointment], person: PersonId) -> Vec<&Appointment> {
    all.iter().filter(|a| a.person == person).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GroupKind, SeatCategory, SeatHolder, SeatHolding, SubstituteRule};

    #[test]
    fn the_directory_lists_who_holds_and_deputises_for_which_seat_in_which_group() {
        let owner = DocumentId::random();
        let (chair, vice, nurse, t1, t2) = (PersonId::random(), PersonId::random(), PersonId::random(), PersonId::random(), PersonId::random());
        let mut board = GroupDoc::new("Leicester Board", GroupKind::Board, owner).unwrap();
        let c = board.add_seat("Independent Chair", None, SeatCategory::Core, true).unwrap();
        board.appoint(c, Some(chair), Some(vice)).unwrap();
        let n = board.add_seat("Designated Nurse", None, SeatCategory::Core, true).unwrap();
        board.appoint(n, Some(nurse), Some(vice)).unwrap();
        board.seats[1].substitute = SubstituteRule::AnyColleague; // the nurse's deputy no longer counts
        board.add_seat("Vacant seat", None, SeatCategory::Core, true).unwrap();
        let mut lod = GroupDoc::new("Learning and Development Group", GroupKind::Subgroup, owner).unwrap();
        let t = lod.add_seat("Trainers", None, SeatCategory::Core, true).unwrap();
        lod.seats[0].holding = SeatHolding::Shared;
        lod.seats[0].holders = vec![SeatHolder { person: t1, appointed: None }, SeatHolder { person: t2, appointed: None }];
        lod.add_holder(t, chair, None).unwrap();
        let (b, l) = (DocumentId::random(), DocumentId::random());
        let all = appointments([(l, &lod), (b, &board), (b, &board)]);
        let labels: Vec<_> = all.iter().map(|a| a.label()).collect();
        assert_eq!(
            labels,
            [
                "Trainers, Learning and Development Group",
                "Trainers, Learning and Development Group",
                "Trainers, Learning and Development Group",
                "Independent Chair, Leicester Board",
                "Deputy for Independent Chair, Leicester Board",
                "Designated Nurse, Leicester Board",
            ]
        );
        let chairs: Vec<_> = appointments_of(&all, chair).iter().map(|a| (a.group, a.part)).collect();
        assert_eq!(chairs, [(l, SeatPart::Holder), (b, SeatPart::Holder)], "by group name");
        assert_eq!(appointments_of(&all, vice).len(), 1);
        assert!(appointments_of(&all, PersonId::random()).is_empty());
    }
}
