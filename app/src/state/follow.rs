//! The documents the app follows beyond those the account names: every group a followed
//! partnership lists. The repo knows no document types; the app passes this policy in.

use std::rc::Rc;

use automerge::Automerge;
use domain::{model::PartnershipDoc, DocumentId};

use crate::repo::FollowPolicy;

/// Follows a partnership's groups.
pub fn follow_policy() -> FollowPolicy {
    Rc::new(partnership_groups)
}

/// The groups `doc` lists, if it is a partnership (nothing otherwise).
pub fn partnership_groups(doc: &Automerge) -> Vec<DocumentId> {
    domain::model::read::<PartnershipDoc>(doc).map(|p| p.groups()).unwrap_or_default()
}
