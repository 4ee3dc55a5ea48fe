//! `/meetings/:id/edit`: the meeting's date, times, venue, online link and status (held,
//! cancelled, adjourned). The group's list of meetings follows the date and status.

use domain::{meeting::MeetingStatus, model::Rebase, DocumentId};
use leptos::prelude::*;

use super::{
    id_param,
    meeting::{meeting_memo, meeting_title, MeetingShell},
    new_form, use_return_to_meeting, MeetingFormPage, Radios,
};
use crate::{
    components::{FieldError, TextInput},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{DetailsDraft, MeetingEdit, UseMeetingReturn},
};

pub const LINK: &str = "meeting-online-link";
pub const STATUS: &str = "meeting-status-field";

pub const STATUSES: [(&str, MeetingStatus); 4] = [
    ("scheduled", MeetingStatus::Scheduled),
    ("held", MeetingStatus::Held),
    ("cancelled", MeetingStatus::Cancelled),
    ("adjourned", MeetingStatus::Adjourned),
];

pub fn status_value(s: MeetingStatus) -> &'static str {
    STATUSES.iter().find(|(_, x)| *x == s).map(|(v, _)| *v).unwrap_or("scheduled")
}

/// Checks the form (the date, times and venue as "Add a meeting" does).
pub fn check(t: &new_form::Typed, link: &str, status: &str) -> Result<DetailsDraft, Vec<FieldError>> {
    let (draft, mut errors) = match new_form::check(t) {
        Ok(d) => (Some(d), Vec::new()),
        Err(e) => (None, e),
    };
    let link = link.trim();
    if !link.is_empty() && (!link.starts_with("https://") || link.contains(char::is_whitespace) || link.len() > 500) {
        errors.push(FieldError { field_id: LINK, message: "Enter the online link as a web address starting https://".into() });
    }
    let status = STATUSES.iter().find(|(v, _)| *v == status).map(|(_, s)| *s);
    if status.is_none() {
        errors.push(FieldError { field_id: STATUS, message: "Select the meeting's status".into() });
    }
    match (draft, status) {
        (Some(d), Some(status)) if errors.is_empty() => Ok(DetailsDraft { date: d.date, start: d.start, end: d.end, venue: d.venue, online_link: link.to_owned(), status }),
        _ => Err(errors),
    }
}

#[component]
pub fn MeetingDetailsPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <DetailsForm id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn DetailsForm(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let (typed, link, status) = m.with_untracked(|m| {
        let date = super::TypedDate::of(m.date);
        (
            RwSignal::new(new_form::Typed {
                day: date.day,
                month: date.month,
                year: date.year,
                start: m.start.map(|t| t.to_string()).unwrap_or_default(),
                end: m.end.map(|t| t.to_string()).unwrap_or_default(),
                venue: m.venue.clone(),
            }),
            RwSignal::new(m.online_link.clone()),
            RwSignal::new(status_value(m.status).to_owned()),
        )
    });
    let date = RwSignal::new(typed.with_untracked(|t| super::TypedDate { day: t.day.clone(), month: t.month.clone(), year: t.year.clone() }));
    // The details as the form was filled: saving writes only what was changed since.
    let base = m.with_untracked(DetailsDraft::of);
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = date.get_untracked();
        let t = new_form::Typed { day: d.day, month: d.month, year: d.year, ..typed.get_untracked() };
        match check(&t, &link.get_untracked(), &status.get_untracked()) {
            Err(problems) => errors.fail("details", problems),
            Ok(draft) => match meeting.edit.run(MeetingEdit::Details(draft.rebase_onto(base.as_ref(), m.with_untracked(DetailsDraft::of)))) {
                Ok(_) => done.run("Meeting details saved".to_owned()),
                Err(e) => errors.fail_one("details", "meeting-day", e),
            },
        }
    };
    let field = move |f: fn(&new_form::Typed) -> String| Signal::derive(move || typed.with(f));
    let has_errors = Signal::derive(move || errors.any());
    view! {
        <MeetingFormPage id caption title="Change the meeting's details" has_errors>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="meeting-details-form">
                <super::DateInput id="meeting-day" legend="Date" value=date error=errors.on("meeting-day") />
                <TextInput id="meeting-start" label="Start time" hint="24-hour, for example 09:30"
                    value=field(|t| t.start.clone()) on_input=Callback::new(move |v| typed.update(|t| t.start = v)) error=errors.on("meeting-start") />
                <TextInput id="meeting-end" label="End time" hint="24-hour, for example 12:00"
                    value=field(|t| t.end.clone()) on_input=Callback::new(move |v| typed.update(|t| t.end = v)) error=errors.on("meeting-end") />
                <TextInput id="meeting-venue" label="Venue (optional)" hint="A room and address, or \"Online\""
                    value=field(|t| t.venue.clone()) on_input=Callback::new(move |v| typed.update(|t| t.venue = v)) error=errors.on("meeting-venue") />
                <TextInput id=LINK label="Online link (optional)" hint="The address to join the meeting online, starting https://"
                    value=link on_input=Callback::new(move |v| link.set(v)) error=errors.on(LINK) spellcheck=false />
                <Radios name=STATUS legend="Status" value=status error=errors.on(STATUS)
                    choices=STATUSES.iter().map(|(v, s)| ((*v).into(), s.label().to_owned())).collect() />
                <button type="submit" class="govuk-button" data-testid="save-details">"Save details"</button>
            </form>
        </MeetingFormPage>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn details_need_a_secure_link_and_a_status() {
        let t = new_form::Typed { day: "14".into(), month: "3".into(), year: "2030".into(), start: "10:00".into(), end: "12:00".into(), venue: "Hall".into() };
        let ok = check(&t, " https://meet.example.org/abc ", "held").unwrap();
        assert_eq!((ok.online_link.as_str(), ok.status), ("https://meet.example.org/abc", MeetingStatus::Held));
        let fields = |link: &str, status: &str| check(&t, link, status).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("http://x", "held"), [LINK]);
        assert_eq!(fields("", "nope"), [STATUS]);
        for (v, s) in STATUSES {
            assert_eq!(status_value(s), v);
        }
    }
}
