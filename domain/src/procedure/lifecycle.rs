//! Who may move a procedure from one status to another: one table, tested row by row.

use super::Status::{self, *};

/// What a move needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// An editor (or admin) of an owning partnership.
    OwnerEditor,
    /// An admin of an owning partnership.
    OwnerAdmin,
    /// Made by [`super::sign_off`] when the last owner signs off the current version.
    SignOff,
    /// Made by [`super::publish`] when every owner has signed off the current version.
    Publication,
}

/// The rule for moving from `from` to `to`, or `None` when that move does not exist.
pub fn rule_for(from: Status, to: Status) -> Option<Need> {
    use Need::*;
    match (from, to) {
        (IdentifiedForReview, InReview) => Some(OwnerEditor),
        (InReview, Drafting) => Some(OwnerEditor),
        (Drafting, Consultation) => Some(OwnerEditor),
        (Drafting, AwaitingSignOff) => Some(OwnerEditor),
        (Consultation, Drafting) => Some(OwnerEditor),
        (Consultation, AwaitingSignOff) => Some(OwnerEditor),
        (AwaitingSignOff, Drafting) => Some(OwnerEditor),
        (AwaitingSignOff, SignedOff) => Some(SignOff),
        (SignedOff, Drafting) => Some(OwnerEditor),
        (SignedOff, Published) => Some(Publication),
        (Published | ReviewDue, InReview) => Some(OwnerEditor),
        (Published | ReviewDue, Superseded) => Some(OwnerAdmin),
        (from, Withdrawn) if !from.is_final() => Some(OwnerAdmin),
        _ => None,
    }
}
