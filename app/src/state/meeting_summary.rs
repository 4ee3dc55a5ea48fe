//! What a group's meetings page reads of each meeting document: its date, times, status and
//! attendance, without the agenda, minutes, decisions or actions (the bulk of an old meeting).

use domain::{
    meeting::{Attendance, MeetingDoc, MeetingStatus, Time},
    model::Date,
};

#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
pub(crate) struct MeetingSummary {
    #[autosurgeon(missing = "Default::default")]
    pub(crate) date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) start: Option<Time>,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) end: Option<Time>,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) status: MeetingStatus,
    #[autosurgeon(missing = "Default::default")]
    pub(crate) attendance: Attendance,
}

impl crate::repo::SavedView for MeetingSummary {
    const NAME: &'static str = "meeting-summary.1";
}

impl MeetingSummary {
    /// A meeting document holding only these fields, for the domain's attendance rules.
    pub(crate) fn to_meeting(&self) -> MeetingDoc {
        MeetingDoc { date: self.date, start: self.start, end: self.end, status: self.status, attendance: self.attendance.clone(), ..MeetingDoc::default() }
    }
}
