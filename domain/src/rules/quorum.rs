use crate::{
    model::{QuorumRule, Seat, Threshold},
    OrganisationId, SeatId,
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
    pub missing_organisations: Vec<OrganisationId>,
}

impl QuorumOutcome {
    /// A sentence for the meeting page, e.g. "Not quorate: 3 of 4 voting members needed are
    /// present; 1 required organisation is missing".
    pub fn explain(&self, org_name: impl Fn(OrganisationId) -> String) -> String {
        let mut parts = vec![format!(
            "{} of {} voting members present ({} needed)",
            self.voting_present, self.voting_total, self.needed
        )];
        if !self.missing_organisations.is_empty() {
            let names: Vec<String> = self.missing_organisations.iter().map(|o| org_name(*o)).collect();
            parts.push(format!("missing: {}", names.join(", ")));
        }
        format!("{}: {}", if self.quorate { "Quorate" } else { "Not quorate" }, parts.join("; "))
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
    let missing_organisations: Vec<OrganisationId> = rule
        .required_organisations
        .iter()
        .filter(|org| !seats.iter().any(|s| s.organisation == Some(**org) && is_present(s)))
        .copied()
        .collect();
    QuorumOutcome {
        quorate: voting_present >= needed && missing_organisations.is_empty(),
        voting_present,
        voting_total,
        needed,
        missing_organisations,
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
        assert!(out.explain(|_| "Leicester CCG".into()).contains("missing: Leicester CCG"));
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
