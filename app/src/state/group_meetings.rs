//! What the meetings page and the action tracker read of a group: its name, its list of
//! meetings and its case reviews, without terms, seats or history.

use domain::meeting::MeetingRef;

#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
pub(crate) struct GroupMeetings {
    #[autosurgeon(missing = "Default::default")]
    pub(crate) name: String,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) meetings: Vec<MeetingRef>,
    /// The case reviews whose action plans the group oversees (their actions join the tracker).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub(crate) case_reviews: Vec<ReviewListed>,
}

/// A group's entry for one of its case reviews: only the document.
#[derive(Debug, Clone, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
pub(crate) struct ReviewListed {
    pub(crate) document: domain::DocumentId,
}

impl crate::repo::SavedView for GroupMeetings {
    const NAME: &'static str = "group-meetings.2";
}
