//! A recorded (named) vote: how each member present voted, for groups whose rules ask for a
//! recorded vote. The rules count it into [`Votes`] and decide as for counts.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use super::Votes;
use crate::SeatId;

/// How one member voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Reconcile, Hydrate)]
pub enum VoteCast {
    For,
    Against,
    Abstain,
}

impl VoteCast {
    pub const ALL: [VoteCast; 3] = [VoteCast::For, VoteCast::Against, VoteCast::Abstain];

    pub fn label(self) -> &'static str {
        match self {
            VoteCast::For => "For",
            VoteCast::Against => "Against",
            VoteCast::Abstain => "Abstained",
        }
    }
}

/// One vote per seat: a seat voting twice replaces its vote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedVotes(pub BTreeMap<SeatId, VoteCast>);

impl NamedVotes {
    pub fn new(votes: impl IntoIterator<Item = (SeatId, VoteCast)>) -> Self {
        Self(votes.into_iter().collect())
    }

    /// The votes as counts, for the decision rules.
    pub fn tally(&self) -> Votes {
        let n = |v: VoteCast| self.0.values().filter(|x| **x == v).count() as u32;
        Votes { for_: n(VoteCast::For), against: n(VoteCast::Against), abstain: n(VoteCast::Abstain) }
    }

    /// Seats that voted but are not among `entitled`.
    pub fn not_entitled(&self, entitled: &[SeatId]) -> Vec<SeatId> {
        self.0.keys().filter(|s| !entitled.contains(s)).copied().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_votes_count_one_per_seat() {
        let (a, b, c) = (SeatId::random(), SeatId::random(), SeatId::random());
        let votes = NamedVotes::new([(a, VoteCast::For), (b, VoteCast::Against), (c, VoteCast::Abstain), (a, VoteCast::Against)]);
        assert_eq!(votes.tally(), Votes { for_: 0, against: 2, abstain: 1 }, "a's second vote replaces the first");
        assert_eq!(votes.not_entitled(&[a, b]), [c]);
    }
}
