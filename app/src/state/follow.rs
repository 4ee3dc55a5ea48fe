//! The documents the app follows beyond those the account names: every group a followed
//! partnership lists, and
//! every meeting a followed group lists. The repo knows no document types; the app passes this policy in.

use std::rc::Rc;

use automerge::Automerge;
use domain::{
    model::{GroupDoc, PartnershipDoc},
    DocumentId,
};

use crate::repo::FollowPolicy;

/// Follows a partnership's groups and a group's meetings.
pub fn follow_policy() -> FollowPolicy {
    Rc::new(|doc| {
        let mut ids = partnership_groups(doc);
        ids.extend(group_meetings(doc));
        ids
    })
}

/// The meetings `doc` lists, if it is a group (nothing otherwise).
pub fn group_meetings(doc: &Automerge) -> Vec<DocumentId> {
    domain::model::read::<GroupDoc>(doc).map(|g| g.meetings.into_iter().map(|m| m.document).collect()).unwrap_or_default()
}

/// The groups `doc` lists, if it is a partnership (nothing otherwise).
pub fn partnership_groups(doc: &Automerge) -> Vec<DocumentId> {
    domain::model::read::<PartnershipDoc>(doc).map(|p| p.groups()).unwrap_or_default()
}
