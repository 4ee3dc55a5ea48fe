//! The documents the app follows beyond those the account names: every group and
//! procedures manual a followed partnership lists, and every meeting a followed group lists
//! and written procedure (a manual's procedures and a group's meetings are also opened by the
//! pages reading them).
//! The repo knows no document types; the app passes this policy in.

use std::rc::Rc;

use automerge::Automerge;
use domain::{
    model::{GroupDoc, PartnershipDoc},
    DocumentId,
};

use crate::repo::FollowPolicy;

/// Follows a partnership's groups and manuals, and a group's meetings.
pub fn follow_policy() -> FollowPolicy {
    Rc::new(|doc| {
        let mut ids = partnership_groups(doc);
        ids.extend(group_meetings(doc));
        ids
    })
}

/// The meetings and written procedures `doc` lists, if it is a group (nothing otherwise).
pub fn group_meetings(doc: &Automerge) -> Vec<DocumentId> {
    domain::model::read::<GroupDoc>(doc)
        .map(|g| g.meetings.into_iter().map(|m| m.document).chain(g.written.into_iter().map(|w| w.document)).collect())
        .unwrap_or_default()
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
