//! Deciding an item by the group's own decision rules (Leicester constitution 19.3–19.4:
//! consensus wherever possible; otherwise a majority that must include the Independent Chair's
//! consent; a casting vote in a deadlock unless the decision touches the Vice Chair's own
//! operational area; two thirds of members present and voting to alter the constitution).
//!
//! [`decide`] is pure: the meeting page records what happened in the room (a [`Ballot`]) and
//! stores the [`Decision`] it returns, together with who was entitled to vote at that moment.

use super::NamedVotes;
use crate::{
    model::{DecisionRules, Majority},
    ItemId,
};

/// How the room decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Everyone entitled agreed; no vote was taken.
    Consensus,
    /// A vote, as counts.
    Vote(Votes),
    /// A recorded vote: how each member voted, counted into [`Votes`] by the same rules.
    Named(NamedVotes),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Votes {
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
}

/// The holder of the casting vote in a deadlock, and how they cast it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casting {
    /// Not cast (yet).
    NotCast,
    For,
    Against,
    /// The casting vote would fall to someone with a conflict (e.g. the Vice Chair on their own
    /// operational area, 19.4): the decision is deferred.
    Conflicted,
}

/// What happened in the room for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub method: Method,
    /// Members entitled to vote at that moment (voting seats present, by holder or deputy,
    /// less anyone excluded from the item for an interest).
    pub entitled: u32,
    /// Whether the meeting is quorate at that moment.
    pub quorate: bool,
    /// The chair's record of the rule's fallback when inquorate, e.g. "to be ratified by the
    /// absent statutory members"; without it an inquorate meeting cannot decide.
    pub inquorate_fallback: Option<String>,
    /// Whether the chair consents (needed where the rule asks for it); `None` = not asked yet.
    pub chair_consents: Option<bool>,
    pub casting: Casting,
    /// The special majority that applies to the matter (by its id in the rules), if any.
    pub special_majority: Option<ItemId>,
}

/// The outcome, as the minutes record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Carried {
        how: String,
        to_be_ratified: Option<String>,
    },
    NotCarried {
        why: String,
    },
    /// Nothing can be recorded yet: the rule needs something more from the room.
    Needs(String),
    /// The rule sends it to a later meeting.
    Deferred {
        why: String,
    },
    /// The ballot cannot be right (more votes than entitled voters).
    Invalid(String),
}

impl Decision {
    pub fn is_carried(&self) -> bool {
        matches!(self, Decision::Carried { .. })
    }
}

/// Applies `rules` to `ballot`.
pub fn decide(rules: &DecisionRules, ballot: &Ballot) -> Decision {
    let ratify = match (ballot.quorate, &ballot.inquorate_fallback) {
        (true, _) => None,
        (false, Some(f)) if !f.trim().is_empty() => Some(f.trim().to_owned()),
        (false, _) => {
            return Decision::Needs(
                "The meeting is not quorate: it cannot decide unless the chair records the rule's fallback".into(),
            )
        }
    };
    let carried = |how: String| Decision::Carried {
        how,
        to_be_ratified: ratify.clone(),
    };
    let votes = match &ballot.method {
        Method::Consensus => return carried("By consensus".into()),
        Method::Vote(v) => *v,
        Method::Named(n) => n.tally(),
    };
    let cast = votes.for_ + votes.against + votes.abstain;
    if cast > ballot.entitled {
        return Decision::Invalid(format!(
            "{cast} votes recorded but only {} members are entitled to vote",
            ballot.entitled
        ));
    }
    if votes.for_ + votes.against == 0 {
        return Decision::NotCarried {
            why: "No votes were cast for or against".into(),
        };
    }
    if let Some(id) = ballot.special_majority {
        let Some(special) = rules.special_majorities.iter().find(|s| s.id == id) else {
            return Decision::Invalid("The special majority is not in the group's rules".into());
        };
        let voting = votes.for_ + votes.against;
        let needed = (voting * special.numerator).div_ceil(special.denominator.max(1));
        let share = format!("{} of {}", special.numerator, special.denominator);
        return if votes.for_ >= needed {
            carried(format!(
                "By {} to {} ({share} of those present and voting needed: {needed})",
                votes.for_, votes.against
            ))
        } else {
            Decision::NotCarried {
                why: format!(
                    "{} for of {voting} voting; {share} needed {needed}",
                    votes.for_
                ),
            }
        };
    }
    let consent = |how: String| match (rules.majority, ballot.chair_consents) {
        (Majority::Simple, _) | (Majority::WithChairConsent, Some(true)) => carried(how),
        (Majority::WithChairConsent, Some(false)) => Decision::NotCarried {
            why: "The majority did not include the chair's consent".into(),
        },
        (Majority::WithChairConsent, None) => {
            Decision::Needs("The majority must include the chair's consent".into())
        }
    };
    use std::cmp::Ordering::*;
    match votes.for_.cmp(&votes.against) {
        Greater => consent(format!("By majority, {} to {}", votes.for_, votes.against)),
        Less => Decision::NotCarried { why: format!("Lost, {} to {}", votes.for_, votes.against) },
        Equal => match (&rules.casting_vote, ballot.casting) {
            (None, _) => Decision::NotCarried {
                why: format!("Tied {} to {} and the group's rules give no casting vote", votes.for_, votes.against),
            },
            (Some(who), Casting::NotCast) => Decision::Needs(format!("Tied: the casting vote falls to the {who}")),
            (Some(who), Casting::Conflicted) => Decision::Deferred {
                why: format!(
                    "Tied {} to {}, and the {who}'s casting vote would be a conflict of interest: deferred to a meeting where they can cast it",
                    votes.for_, votes.against
                ),
            },
            // The chair casting in favour is their consent.
            (Some(who), Casting::For) => {
                carried(format!("Tied {} to {}, carried on the {who}'s casting vote", votes.for_, votes.against))
            }
            (Some(who), Casting::Against) => Decision::NotCarried {
                why: format!("Tied {} to {}, lost on the {who}'s casting vote", votes.for_, votes.against),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpecialMajority;

    /// Leicester LSCB constitution, section 19.
    fn leicester() -> (DecisionRules, ItemId) {
        let constitution = ItemId::random();
        let rules = DecisionRules {
            consensus_first: true,
            majority: Majority::WithChairConsent,
            casting_vote: Some("Independent Chair".into()),
            special_majorities: vec![SpecialMajority {
                id: constitution,
                matter: "Alter the constitution".into(),
                numerator: 2,
                denominator: 3,
            }],
        };
        (rules, constitution)
    }

    fn ballot(for_: u32, against: u32, abstain: u32) -> Ballot {
        Ballot {
            method: Method::Vote(Votes {
                for_,
                against,
                abstain,
            }),
            entitled: 12,
            quorate: true,
            inquorate_fallback: None,
            chair_consents: Some(true),
            casting: Casting::NotCast,
            special_majority: None,
        }
    }

    #[test]
    fn the_leicester_rules_table() {
        let (rules, constitution) = leicester();
        let simple = DecisionRules {
            casting_vote: None,
            ..DecisionRules::default()
        };
        type Case = (&'static str, DecisionRules, Ballot, fn(&Decision) -> bool);
        let cases: Vec<Case> = vec![
            (
                "consensus",
                rules.clone(),
                Ballot {
                    method: Method::Consensus,
                    ..ballot(0, 0, 0)
                },
                |d| d.is_carried(),
            ),
            (
                "majority with consent",
                rules.clone(),
                ballot(7, 3, 1),
                |d| d.is_carried(),
            ),
            (
                "chair withholds consent",
                rules.clone(),
                Ballot {
                    chair_consents: Some(false),
                    ..ballot(7, 3, 1)
                },
                |d| matches!(d, Decision::NotCarried { why } if why.contains("consent")),
            ),
            (
                "consent not yet asked",
                rules.clone(),
                Ballot {
                    chair_consents: None,
                    ..ballot(7, 3, 1)
                },
                |d| matches!(d, Decision::Needs(_)),
            ),
            (
                "simple majority needs no consent",
                simple.clone(),
                Ballot {
                    chair_consents: None,
                    ..ballot(7, 3, 1)
                },
                |d| d.is_carried(),
            ),
            ("lost", rules.clone(), ballot(3, 7, 0), |d| {
                matches!(d, Decision::NotCarried { .. })
            }),
            (
                "tie waits for the casting vote",
                rules.clone(),
                ballot(5, 5, 2),
                |d| matches!(d, Decision::Needs(w) if w.contains("Independent Chair")),
            ),
            (
                "tie carried on the casting vote",
                rules.clone(),
                Ballot {
                    casting: Casting::For,
                    chair_consents: None,
                    ..ballot(5, 5, 2)
                },
                |d| matches!(d, Decision::Carried { how, .. } if how.contains("casting vote")),
            ),
            (
                "tie lost on the casting vote",
                rules.clone(),
                Ballot {
                    casting: Casting::Against,
                    ..ballot(5, 5, 2)
                },
                |d| matches!(d, Decision::NotCarried { .. }),
            ),
            (
                "vice chair's own area: deferred",
                rules.clone(),
                Ballot {
                    casting: Casting::Conflicted,
                    ..ballot(5, 5, 2)
                },
                |d| matches!(d, Decision::Deferred { .. }),
            ),
            (
                "tie without a casting vote falls",
                simple,
                ballot(4, 4, 0),
                |d| matches!(d, Decision::NotCarried { .. }),
            ),
            (
                "two thirds just met",
                rules.clone(),
                Ballot {
                    special_majority: Some(constitution),
                    ..ballot(8, 4, 0)
                },
                |d| d.is_carried(),
            ),
            (
                "two thirds just missed",
                rules.clone(),
                Ballot {
                    special_majority: Some(constitution),
                    ..ballot(7, 4, 1)
                },
                |d| matches!(d, Decision::NotCarried { .. }),
            ),
            (
                "abstentions are not 'voting'",
                rules.clone(),
                Ballot {
                    special_majority: Some(constitution),
                    ..ballot(6, 3, 3)
                },
                |d| d.is_carried(),
            ),
            (
                "more votes than voters",
                rules.clone(),
                ballot(10, 3, 0),
                |d| matches!(d, Decision::Invalid(_)),
            ),
            (
                "inquorate without fallback",
                rules.clone(),
                Ballot {
                    quorate: false,
                    ..ballot(7, 1, 0)
                },
                |d| matches!(d, Decision::Needs(w) if w.contains("not quorate")),
            ),
            (
                "inquorate with the fallback recorded",
                rules.clone(),
                Ballot {
                    quorate: false,
                    inquorate_fallback: Some("Ratify with absent statutory members".into()),
                    ..ballot(7, 1, 0)
                },
                |d| {
                    matches!(
                        d,
                        Decision::Carried {
                            to_be_ratified: Some(_),
                            ..
                        }
                    )
                },
            ),
            ("nobody voted", rules, ballot(0, 0, 5), |d| {
                matches!(d, Decision::NotCarried { .. })
            }),
        ];
        for (name, rules, ballot, ok) in cases {
            let got = decide(&rules, &ballot);
            assert!(ok(&got), "{name}: got {got:?}");
        }
    }

    #[test]
    fn named_votes_are_decided_by_the_same_rules_as_counts() {
        use super::super::VoteCast::*;
        let (rules, constitution) = leicester();
        let seats: Vec<crate::SeatId> = (0..6).map(|_| crate::SeatId::random()).collect();
        let named = |casts: &[super::super::VoteCast]| Method::Named(NamedVotes::new(seats.iter().copied().zip(casts.iter().copied())));
        let with = |method, casting, special| Ballot { method, casting, special_majority: special, ..ballot(0, 0, 0) };
        let cases = [
            ("majority", with(named(&[For, For, For, Against, Abstain]), Casting::NotCast, None), "By majority, 3 to 1"),
            ("tie waits for the chair", with(named(&[For, For, Against, Against]), Casting::NotCast, None), "Needs"),
            ("tie carried on the casting vote", with(named(&[For, Against, Abstain]), Casting::For, None), "Tied 1 to 1, carried on the Independent Chair's casting vote"),
            ("tie lost on the casting vote", with(named(&[For, Against]), Casting::Against, None), "Tied 1 to 1, lost"),
            ("two thirds just missed", with(named(&[For, For, For, Against, Against]), Casting::NotCast, Some(constitution)), "3 for of 5 voting"),
            ("two thirds just met", with(named(&[For, For, For, For, Against, Against]), Casting::NotCast, Some(constitution)), "By 4 to 2"),
        ];
        for (name, ballot, want) in cases {
            let got = decide(&rules, &ballot);
            let text = match &got {
                Decision::Carried { how, .. } => how.clone(),
                Decision::NotCarried { why } | Decision::Deferred { why } => why.clone(),
                Decision::Needs(_) => "Needs".into(),
                Decision::Invalid(w) => w.clone(),
            };
            assert!(text.starts_with(want), "{name}: got {got:?}");
            // The same votes as counts give the same outcome.
            if let Method::Named(n) = &ballot.method {
                assert_eq!(decide(&rules, &Ballot { method: Method::Vote(n.tally()), ..ballot.clone() }), got, "{name}");
            }
        }
    }
}
