//! What the meetings page and the action tracker read of a group: its name and its list of
//! meetings, without terms, seats or history.

use domain::meeting::MeetingRef;

#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
pub(crate) struct GroupMeetings {
    #[autosurgeon(missing = "Default::default")]
    pub(crate) name: String,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) meetings: Vec<MeetingRef>,
}

impl crate::repo::SavedView for GroupMeetings {
    const NAME: &'static str = "group-meetings.1";
}
