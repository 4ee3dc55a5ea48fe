//! The documents the app follows beyond those the account names: every group and
//! procedures manual a followed partnership lists (a manual's procedures are opened by the
//! pages reading it). The repo knows no document types; the app passes this policy in.

use std::rc::Rc;

use automerge::Automerge;
use domain::{model::PartnershipDoc, DocumentId};

use crate::repo::FollowPolicy;

/// Follows a partnership's groups and manuals.
pub fn follow_policy() -> FollowPolicy {
    Rc::new(partnership_groups)
}

/// The groups and manuals `doc` lists, if it is a partnership (nothing otherwise).
pub fn partnership_groups(doc: &Automerge) -> Vec<DocumentId> {
    domain::model::read::<PartnershipDoc>(doc)
        .map(|p| {
            let mut ids = p.groups();
            ids.extend(p.libraries.iter().copied());
            ids
        })
        .unwrap_or_default()
}
