//! What the meetings page and the action tracker read of a group: its name and its list of
//! meetings, without terms, seats or history.

use domain::meeting::MeetingRef;

#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate)]
pub(crate) struct GroupMeetings {
    #[autosurgeon(missing = "Default::default")]
    pub(crate) name: String,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) meetings: Vec<MeetingRef>,
}
