use autosurgeon::{Hydrate, Reconcile};

use super::MeetingStatus;
use crate::{model::Date, DocumentId};

/// A group's list entry for one of its meetings: enough to list and plan them without
/// opening every meeting document (the meeting document stays the truth; the app updates
/// the entry when it changes the meeting's date or status).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub struct MeetingRef {
    #[key]
    pub document: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub status: MeetingStatus,
}

/// A group's list entry for one of its written procedures (decisions between meetings): the
/// question, so the list reads without opening every document (the written procedure's own
/// document stays the truth).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct WrittenRef {
    #[key]
    pub document: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub question: String,
}
