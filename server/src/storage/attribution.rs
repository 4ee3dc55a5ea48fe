//! Who delivered a change first: written with the change's chunks, in the same commit.

use automerge::ChangeHash;
use domain::DocumentId;

/// One row of the `attribution` table (created with the accounts tables; see
/// `docs/access-control.md`). Append-only: a change already attributed keeps its first
/// deliverer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributedChange {
    pub change: ChangeHash,
    pub document: DocumentId,
    /// The delivering account's id, as stored in `accounts.id`.
    pub account: String,
    /// Unix milliseconds.
    pub at: i64,
}

/// A document created over sync by an account that may claim it: its owning partnership,
/// recorded in the same commit as the document's first chunks (see
/// `AccessPolicy::may_claim`), so a document is never stored without its owner, and a flood
/// of ids that never carry changes leaves no rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDocument {
    pub document: DocumentId,
    /// The partnership's id, as stored in `partnerships.id`.
    pub partnership: String,
}
