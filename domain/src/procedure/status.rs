use std::fmt;

use autosurgeon::{Hydrate, Reconcile};

/// Where a procedure is in its lifecycle. `ReviewDue` is never stored: it is a published
/// procedure whose review date has come ([`super::ProcedureDoc::status_on`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Reconcile, Hydrate)]
pub enum Status {
    #[default]
    IdentifiedForReview,
    InReview,
    Drafting,
    Consultation,
    AwaitingSignOff,
    SignedOff,
    Published,
    ReviewDue,
    Withdrawn,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::IdentifiedForReview,
        Status::InReview,
        Status::Drafting,
        Status::Consultation,
        Status::AwaitingSignOff,
        Status::SignedOff,
        Status::Published,
        Status::ReviewDue,
        Status::Withdrawn,
        Status::Superseded,
    ];

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::IdentifiedForReview => "Identified for review",
            Status::InReview => "In review",
            Status::Drafting => "Drafting",
            Status::Consultation => "Out for consultation",
            Status::AwaitingSignOff => "Awaiting sign-off",
            Status::SignedOff => "Signed off",
            Status::Published => "Published",
            Status::ReviewDue => "Review due",
            Status::Withdrawn => "Withdrawn",
            Status::Superseded => "Superseded",
        }
    }

    /// The status a procedure stored as `self` with review date `review_date` has on
    /// `today`: a published one whose review date has come is due for review.
    pub fn on(self, review_date: Option<crate::model::Date>, today: crate::model::Date) -> Status {
        match self {
            Status::Published if review_date.is_some_and(|d| d <= today) => Status::ReviewDue,
            s => s,
        }
    }

    /// For URLs and forms.
    pub fn token(self) -> &'static str {
        match self {
            Status::IdentifiedForReview => "identified",
            Status::InReview => "in-review",
            Status::Drafting => "drafting",
            Status::Consultation => "consultation",
            Status::AwaitingSignOff => "awaiting-sign-off",
            Status::SignedOff => "signed-off",
            Status::Published => "published",
            Status::ReviewDue => "review-due",
            Status::Withdrawn => "withdrawn",
            Status::Superseded => "superseded",
        }
    }

    pub fn from_token(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|t| t.token() == s)
    }

    /// Withdrawn and superseded procedures move no further.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Withdrawn | Status::Superseded)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One recorded move of the lifecycle: from, to, who (account email or name), when
/// (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub by: String,
    pub at: i64,
}
