//! Meetings of a group: `/groups/:id/meetings` (upcoming and past), the "Add a meeting" form
//! on its own page (`/groups/:id/meetings/new`), a meeting read first (`/meetings/:id`) with
//! its live quorum, and its attendance form (`/meetings/:id/attendance`).

pub mod attendance;
pub mod list;
pub mod meeting;
pub mod new_form;

pub use attendance::AttendancePage;
pub use list::MeetingsPage;
pub use meeting::MeetingPage;
pub use new_form::NewMeetingPage;

use domain::{
    meeting::{MeetingStatus, Time},
    model::Date,
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn id_param() -> Memo<Option<DocumentId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())))
}

/// "14 March 2026" or "Date not set".
pub fn date_text(date: Option<Date>) -> String {
    date.map(|d| d.long()).unwrap_or_else(|| "Date not set".to_owned())
}

/// "10:00 to 12:00", "From 10:00" or "Time not set".
pub fn time_text(start: Option<Time>, end: Option<Time>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => format!("From {s}"),
        _ => "Time not set".to_owned(),
    }
}

/// The GOV.UK tag class for a status (the tag's text names it: never colour alone).
pub fn status_tag(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Scheduled => "govuk-tag govuk-tag--blue",
        MeetingStatus::Held => "govuk-tag govuk-tag--green",
        MeetingStatus::Cancelled => "govuk-tag govuk-tag--grey",
        MeetingStatus::Adjourned => "govuk-tag govuk-tag--yellow",
    }
}

/// "Representative (Leicestershire Police)", or the role alone for a seat of no organisation.
pub fn seat_label(role: &str, organisation: Option<String>) -> String {
    match organisation {
        Some(o) => format!("{role} ({o})"),
        None => role.to_owned(),
    }
}
