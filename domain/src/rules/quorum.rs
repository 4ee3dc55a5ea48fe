use crate::{
    model::{QuorumRule, Seat, Threshold},
    OrganisationId, PersonId, SeatId,
};

/// Who is in the room for a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Holder,
    /// The named deputy stands in, with the seat's vote.
    Deputy,
}

/// Whether a meeting is quorate, and why (or why not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumOutcome {
    pub quorate: bool,
    pub voting_present: u32,
    pub voting_total: u32,
    /// Voting members needed by the threshold.
    pub needed: u32,
    /// The required organisations present, in the rule's order.
    pub present_organisations: Vec<OrganisationId>,
    pub missing_organisations: Vec<OrganisationId>,
    /// For each missing organisation (in the same order), the named deputies of its seats:
    /// whom the business office could call to make the meeting quorate.
    pub missing_deputies: Vec<Vec<PersonId>>,
}

/// "a", "a and b", "a, b and c".
pub fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl QuorumOutcome {
    /// A sentence for the meeting page, e.g. "Quorate: 7 of 12 voting members present (6
    /// needed), including Leicester City Council, Leicestershire Police and the ICB", or "Not
    /// quorate: 7 of 12 voting members present (6 needed); the ICB is not present (its named
    /// deputy is Sam Patel)".
    pub fn explain(&self, org_name: impl Fn(OrganisationId) -> String, person_name: impl Fn(PersonId) -> String) -> String {
        let mut text = format!("{} of {} voting members present ({} needed)", self.voting_present, self.voting_total, self.needed);
        if self.missing_organisations.is_empty() {
            if !self.present_organisations.is_empty() {
                let names: Vec<String> = self.present_organisations.iter().map(|o| org_name(*o)).collect();
                text.push_str(&format!(", including {}", and_list(&names)));
            }
        } else {
            for (i, o) in self.missing_organisations.iter().enumerate() {
                let deputies: Vec<String> = self.missing_deputies.get(i).into_iter().flatten().map(|p| person_name(*p)).collect();
                text.push_str(&format!("; {} is not present", org_name(*o)));
                match deputies.len() {
                    0 => {}
                    1 => text.push_str(&format!(" (its named deputy is {})", deputies[0])),
                    _ => text.push_str(&format!(" (its named deputies are {})", and_list(&deputies))),
                }
            }
        }
        format!("{}: {text}", if self.quorate { "Quorate" } else { "Not quorate" })
    }
}

/// Evaluates `rule` for the seats present. Only voting seats count towards the threshold;
/// a required organisation counts as present when any of its seats is (holder or deputy).
pub fn evaluate_quorum(rule: &QuorumRule, seats: &[Seat], present: &[(SeatId, Presence)]) -> QuorumOutcome {
    let is_present = |s: &Seat| present.iter().any(|(id, _)| *id == s.id);
    let voting_total = seats.iter().filter(|s| s.voting).count() as u32;
    let voting_present = seats.iter().filter(|s| s.voting && is_present(s)).count() as u32;
    let needed = match rule.threshold {
        Threshold::Count(n) => n,
        Threshold::Share { numerator, denominator } if denominator > 0 => {
            (voting_total * numerator).div_ceil(denominator)
        }
        Threshold::Share { .. } => voting_total,
    };
    let (present_organisations, missing_organisations): (Vec<OrganisationId>, Vec<OrganisationId>) =
        rule.required_organisations.iter().partition(|org| seats.iter().any(|s| s.organisation == Some(**org) && is_present(s)));
    let missing_deputies = missing_organisations
        .iter()
        .map(|org| {
            let mut deputies: Vec<PersonId> = seats.iter().filter(|s| s.organisation == Some(*org)).filter_map(|s| s.deputy).collect();
            deputies.dedup();
            deputies
        })
        .collect();
    QuorumOutcome {
        quorate: voting_present >= needed && missing_organisations.is_empty(),
        voting_present,
        voting_total,
        needed,
        present_organisations,
        missing_organisations,
        missing_deputies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SeatCategory;

    /// Leicester LSCB 16.1: 50 % of voting members, including the city council, police and CCG.
    fn lscb() -> (QuorumRule, Vec<Seat>, [OrganisationId; 3]) {
        let orgs = [OrganisationId::random(), OrganisationId::random(), OrganisationId::random()];
        let mut seats: Vec<Seat> = orgs
            .iter()
            .map(|o| Seat::new("Statutory member", Some(*o), SeatCategory::Core, true))
            .collect();
        seats.push(Seat::new("Lay member", None, SeatCategory::LayMember, true));
        seats.push(Seat::new("Lead Member", None, SeatCategory::ParticipantObserver, false));
        seats.push(Seat::new("Probation", Some(OrganisationId::random()), SeatCategory::Core, true));
        let rule = QuorumRule {
            threshold: Threshold::Share { numerator: 1, denominator: 2 },
            required_organisations: orgs.to_vec(),
        };
        (rule, seats, orgs)
    }

    #[test]
    fn half_the_voting_members_with_every_required_organisation_is_quorate() {
        let (rule, seats, _) = lscb();
        let present: Vec<_> = seats[..3].iter().map(|s| (s.id, Presence::Holder)).collect();
        let out = evaluate_quorum(&rule, &seats, &present);
        assert_eq!((out.voting_total, out.needed, out.voting_present), (5, 3, 3));
        assert!(out.quorate, "{out:?}");
    }

    #[test]
    fn a_missing_required_organisation_makes_it_inquorate_whatever_the_numbers() {
        let (rule, seats, orgs) = lscb();
        let present: Vec<_> = [0, 1, 3, 5].iter().map(|i| (seats[*i].id, Presence::Holder)).collect();
        let out = evaluate_quorum(&rule, &seats, &present);
        assert!(!out.quorate);
        assert_eq!(out.missing_organisations, vec![orgs[2]]);
        assert_eq!(
            out.explain(|_| "Leicester CCG".into(), |_| String::new()),
            "Not quorate: 4 of 5 voting members present (3 needed); Leicester CCG is not present"
        );
    }

    #[test]
    fn the_sentence_names_the_required_organisations_present_and_a_missing_ones_deputy() {
        let (rule, mut seats, orgs) = lscb();
        let name = move |o: OrganisationId| ["Leicester City Council", "Leicestershire Police", "Leicester CCG"][orgs.iter().position(|x| *x == o).unwrap()].to_owned();
        let all: Vec<_> = seats[..3].iter().map(|s| (s.id, Presence::Holder)).collect();
        assert_eq!(
            evaluate_quorum(&rule, &seats, &all).explain(name, |_| String::new()),
            "Quorate: 3 of 5 voting members present (3 needed), including Leicester City Council, Leicestershire Police and Leicester CCG"
        );
        let deputy = PersonId::random();
        seats[2].deputy = Some(deputy);
        let present: Vec<_> = [0, 1, 3].iter().map(|i| (seats[*i].id, Presence::Holder)).collect();
        let out = evaluate_quorum(&rule, &seats, &present);
        assert_eq!(out.missing_deputies, vec![vec![deputy]]);
        assert_eq!(
            out.explain(name, |p| if p == deputy { "Sam Patel".into() } else { "?".into() }),
            "Not quorate: 3 of 5 voting members present (3 needed); Leicester CCG is not present (its named deputy is Sam Patel)"
        );
    }

    #[test]
    fn deputies_count_and_non_voting_members_do_not() {
        let (rule, seats, _) = lscb();
        let mut present: Vec<_> = seats[..2].iter().map(|s| (s.id, Presence::Holder)).collect();
        present.push((seats[4].id, Presence::Holder)); // the non-voting observer
        assert!(!evaluate_quorum(&rule, &seats, &present).quorate);
        present.push((seats[2].id, Presence::Deputy));
        assert!(evaluate_quorum(&rule, &seats, &present).quorate);
    }

    #[test]
    fn a_count_threshold_is_absolute() {
        let (_, seats, _) = lscb();
        let rule = QuorumRule { threshold: Threshold::Count(2), required_organisations: vec![] };
        let present = [(seats[3].id, Presence::Holder), (seats[5].id, Presence::Holder)];
        assert!(evaluate_quorum(&rule, &seats, &present).quorate);
    }
}
