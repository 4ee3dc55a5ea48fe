//! `/groups/:id/meetings/new`: plan a meeting (date, start and end time, venue). The new
//! meeting's agenda is prefilled from the group's standing items.

use domain::{meeting::Time, model::Date, DocumentId};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::id_param;
use crate::{
    components::{date_part, set_page_title, DatePart, ErrorMessage, FieldError, TextInput},
    routes::{
        group::{
            errors::{PageErrorSummary, PageErrors},
            FormPage, GroupShell,
        },
        meeting_href,
        not_found::NotFound,
    },
    state::{use_meetings, MeetingDraft},
};

#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <GroupShell id render=move |data| view! {
                <FormPage data title="Add a meeting"><NewMeetingForm id /></FormPage>
            }.into_any() />
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// What was typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub day: String,
    pub month: String,
    pub year: String,
    pub start: String,
    pub end: String,
    pub venue: String,
}

/// Checks the form: every problem against its field (GOV.UK wording), or the draft.
pub fn check(t: &Typed) -> Result<MeetingDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let num = |s: &str| s.trim().parse::<u32>().ok();
    let date = if [&t.day, &t.month, &t.year].iter().all(|s| s.trim().is_empty()) {
        errors.push(FieldError { field_id: "meeting-day", message: "Enter the date of the meeting".into() });
        None
    } else {
        let date = match (num(&t.day), num(&t.month), num(&t.year)) {
            (Some(d), Some(m), Some(y)) if (2000..=2100).contains(&y) => Date::from_ymd(y as i32, m, d),
            _ => None,
        };
        if date.is_none() {
            errors.push(FieldError { field_id: "meeting-day", message: "The date of the meeting must be a real date, like 27 3 2026".into() });
        }
        date
    };
    let time = |s: &str, field_id: &'static str, what: &str, errors: &mut Vec<FieldError>| -> Option<Time> {
        if s.trim().is_empty() {
            errors.push(FieldError { field_id, message: format!("Enter the {what} time") });
            return None;
        }
        s.parse::<Time>().map_err(|_| errors.push(FieldError { field_id, message: format!("Enter the {what} time in 24-hour format, like 09:30 or 14:00") })).ok()
    };
    let start = time(&t.start, "meeting-start", "start", &mut errors);
    let end = time(&t.end, "meeting-end", "end", &mut errors);
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.push(FieldError { field_id: "meeting-end", message: "The end time must be after the start time".into() });
        }
    }
    if t.venue.trim().chars().count() > 200 {
        errors.push(FieldError { field_id: "meeting-venue", message: "The venue must be 200 characters or fewer".into() });
    }
    match date {
        Some(date) if errors.is_empty() => Ok(MeetingDraft { date, start, end, venue: t.venue.trim().to_owned() }),
        _ => Err(errors),
    }
}

#[component]
fn NewMeetingForm(id: DocumentId) -> impl IntoView {
    let meetings = use_meetings(id);
    let typed = RwSignal::new(Typed::default());
    let errors = PageErrors::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let date_error = errors.on("meeting-day");
    Effect::new(move |_| if errors.any() { set_page_title("Add a meeting", true) });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&typed.get_untracked()) {
            Err(problems) => errors.fail("new-meeting", problems),
            Ok(draft) => match meetings.add.run(draft) {
                Ok(meeting) => {
                    errors.clear("new-meeting");
                    (*navigate)(&meeting_href(meeting), NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => errors.fail_one("new-meeting", "meeting-day", e.to_string()),
            },
        }
    };
    let field = move |f: fn(&Typed) -> String| Signal::derive(move || typed.with(f));
    let invalid = Signal::derive(move || date_error.with(Option::is_some));
    view! {
        <PageErrorSummary errors />
        <form class="app-form" novalidate on:submit=on_submit data-testid="new-meeting-form">
            <div class="govuk-form-group" class=("govuk-form-group--error", move || date_error.with(Option::is_some))>
                <fieldset class="govuk-fieldset" role="group" aria-describedby="meeting-date-hint">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Date"</legend>
                    <div id="meeting-date-hint" class="govuk-hint">"For example, 27 3 2026"</div>
                    <ErrorMessage field_id="meeting-day" message=date_error />
                    <div class="govuk-date-input">
                        {date_part(DatePart::Day, "meeting-day", typed, invalid, |t| t.day.clone(), |t, v| t.day = v)}
                        {date_part(DatePart::Month, "meeting-month", typed, invalid, |t| t.month.clone(), |t, v| t.month = v)}
                        {date_part(DatePart::Year, "meeting-year", typed, invalid, |t| t.year.clone(), |t, v| t.year = v)}
                    </div>
                </fieldset>
            </div>
            <TextInput id="meeting-start" label="Start time" hint="24-hour, for example 09:30"
                value=field(|t| t.start.clone()) on_input=Callback::new(move |v| typed.update(|t| t.start = v)) error=errors.on("meeting-start") />
            <TextInput id="meeting-end" label="End time" hint="24-hour, for example 12:00"
                value=field(|t| t.end.clone()) on_input=Callback::new(move |v| typed.update(|t| t.end = v)) error=errors.on("meeting-end") />
            <TextInput id="meeting-venue" label="Venue (optional)" hint="A room and address, or \"Online\""
                value=field(|t| t.venue.clone()) on_input=Callback::new(move |v| typed.update(|t| t.venue = v)) error=errors.on("meeting-venue") />
            <button type="submit" class="govuk-button" data-testid="save-meeting">"Add meeting"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn typed(day: &str, month: &str, year: &str, start: &str, end: &str) -> Typed {
        Typed { day: day.into(), month: month.into(), year: year.into(), start: start.into(), end: end.into(), venue: " Room 1 ".into() }
    }

    #[wasm_bindgen_test]
    fn a_meeting_needs_a_real_date_and_an_end_after_its_start() {
        let ok = check(&typed("27", "3", "2026", "9:30", "12:00")).unwrap();
        assert_eq!((ok.date.to_string(), ok.venue.as_str()), ("2026-03-27".to_owned(), "Room 1"));
        let fields = |t: Typed| check(&t).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields(typed("", "", "", "", "")), ["meeting-day", "meeting-start", "meeting-end"]);
        assert_eq!(fields(typed("30", "2", "2026", "10:00", "09:00")), ["meeting-day", "meeting-end"]);
        assert_eq!(fields(typed("1", "2", "2026", "25:00", "noon")), ["meeting-start", "meeting-end"]);
    }
}
