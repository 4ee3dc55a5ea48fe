//! `/groups/:id/meetings/plan`: "Plan the year". The dates the terms of reference's frequency
//! implies over the next twelve months (after the group's last meeting, on working days: see
//! [`domain::rules::propose_year`]), each with a date input the business office can change
//! and a checkbox to leave it out; the ticked ones are created as the "Add a meeting" form
//! creates one (a meeting document owned like the group, its agenda prefilled with the
//! standing items), and the meetings list then shows them. The checking is [`check_plan`],
//! on plain types.

use domain::{meeting::Time, model::Date, rules::propose_year};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{id_param, set_flash};
use crate::{
    components::{set_page_title, ErrorMessage, FieldError, GroupPart, TextInput},
    routes::{
        group::{
            errors::{PageErrorSummary, PageErrors},
            today, GroupData, GroupShell,
        },
        group_edit_href, meetings_href, new_meeting_href,
        not_found::NotFound,
    },
    state::{use_meetings, MeetingDraft},
};

/// The date inputs' ids, `plan-date-<n>` (the error summary links to them).
const DATE_IDS: [&str; 60] = ["plan-date-1", "plan-date-2", "plan-date-3", "plan-date-4", "plan-date-5", "plan-date-6", "plan-date-7", "plan-date-8", "plan-date-9", "plan-date-10", "plan-date-11", "plan-date-12", "plan-date-13", "plan-date-14", "plan-date-15", "plan-date-16", "plan-date-17", "plan-date-18", "plan-date-19", "plan-date-20", "plan-date-21", "plan-date-22", "plan-date-23", "plan-date-24", "plan-date-25", "plan-date-26", "plan-date-27", "plan-date-28", "plan-date-29", "plan-date-30", "plan-date-31", "plan-date-32", "plan-date-33", "plan-date-34", "plan-date-35", "plan-date-36", "plan-date-37", "plan-date-38", "plan-date-39", "plan-date-40", "plan-date-41", "plan-date-42", "plan-date-43", "plan-date-44", "plan-date-45", "plan-date-46", "plan-date-47", "plan-date-48", "plan-date-49", "plan-date-50", "plan-date-51", "plan-date-52", "plan-date-53", "plan-date-54", "plan-date-55", "plan-date-56", "plan-date-57", "plan-date-58", "plan-date-59", "plan-date-60"];
/// The checkboxes' ids, `plan-add-<n>`.
const ADD_IDS: [&str; 60] = ["plan-add-1", "plan-add-2", "plan-add-3", "plan-add-4", "plan-add-5", "plan-add-6", "plan-add-7", "plan-add-8", "plan-add-9", "plan-add-10", "plan-add-11", "plan-add-12", "plan-add-13", "plan-add-14", "plan-add-15", "plan-add-16", "plan-add-17", "plan-add-18", "plan-add-19", "plan-add-20", "plan-add-21", "plan-add-22", "plan-add-23", "plan-add-24", "plan-add-25", "plan-add-26", "plan-add-27", "plan-add-28", "plan-add-29", "plan-add-30", "plan-add-31", "plan-add-32", "plan-add-33", "plan-add-34", "plan-add-35", "plan-add-36", "plan-add-37", "plan-add-38", "plan-add-39", "plan-add-40", "plan-add-41", "plan-add-42", "plan-add-43", "plan-add-44", "plan-add-45", "plan-add-46", "plan-add-47", "plan-add-48", "plan-add-49", "plan-add-50", "plan-add-51", "plan-add-52", "plan-add-53", "plan-add-54", "plan-add-55", "plan-add-56", "plan-add-57", "plan-add-58", "plan-add-59", "plan-add-60"];

/// One proposed meeting as the form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// The date proposed.
    pub proposed: Date,
    /// As the date input gives it (`YYYY-MM-DD`, or empty when not a whole date).
    pub date: String,
    /// Ticked: create it.
    pub add: bool,
}

impl PlanRow {
    pub fn new(proposed: Date) -> Self {
        Self { proposed, date: proposed.to_string(), add: true }
    }
}

/// What applies to every planned meeting: start and end times and venue (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanTimes {
    pub start: String,
    pub end: String,
    pub venue: String,
}

/// The proposal rows: at most one per date input the page has.
pub fn plan_rows(dates: &[Date]) -> Vec<PlanRow> {
    dates.iter().take(DATE_IDS.len()).copied().map(PlanRow::new).collect()
}

/// Checks the plan: each ticked meeting needs a real date, today or later, not the day of
/// another meeting of the group nor of another ticked one; at least one is ticked; the
/// times, when given, are 24-hour and the end after the start. Every problem against its
/// field (GOV.UK wording), or the meetings to create, soonest first.
pub fn check_plan(rows: &[PlanRow], times: &PlanTimes, today: Date, existing: &[Date]) -> Result<Vec<MeetingDraft>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut dates: Vec<(usize, Date)> = Vec::new();
    if !rows.iter().any(|r| r.add) {
        errors.push(FieldError { field_id: ADD_IDS[0], message: "Select at least one meeting to add".into() });
    }
    for (i, row) in rows.iter().enumerate().take(DATE_IDS.len()) {
        if !row.add {
            continue;
        }
        let n = i + 1;
        let field_id = DATE_IDS[i];
        let problem = if row.date.trim().is_empty() {
            Some(format!("Enter the date of meeting {n}"))
        } else {
            match row.date.parse::<Date>() {
                Err(_) => Some(format!("The date of meeting {n} must be a real date, like 2027-03-27")),
                Ok(d) if d < today => Some(format!("The date of meeting {n} must be today or in the future")),
                Ok(d) if existing.contains(&d) => Some(format!("Meeting {n} is on the same day as a meeting already planned ({})", d.long())),
                Ok(d) => match dates.iter().find(|(_, other)| *other == d) {
                    Some((j, _)) => Some(format!("Meeting {n} is on the same day as meeting {}", j + 1)),
                    None => {
                        dates.push((i, d));
                        None
                    }
                },
            }
        };
        if let Some(message) = problem {
            errors.push(FieldError { field_id, message });
        }
    }
    let time = |s: &str, field_id: &'static str, what: &str, errors: &mut Vec<FieldError>| -> Option<Time> {
        if s.trim().is_empty() {
            return None;
        }
        s.parse::<Time>().map_err(|_| errors.push(FieldError { field_id, message: format!("Enter the {what} time in 24-hour format, like 09:30 or 14:00") })).ok()
    };
    let start = time(&times.start, "plan-start", "start", &mut errors);
    let end = time(&times.end, "plan-end", "end", &mut errors);
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.push(FieldError { field_id: "plan-end", message: "The end time must be after the start time".into() });
        }
    }
    if times.venue.trim().chars().count() > 200 {
        errors.push(FieldError { field_id: "plan-venue", message: "The venue must be 200 characters or fewer".into() });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    dates.sort_by_key(|(_, d)| *d);
    Ok(dates.into_iter().map(|(_, date)| MeetingDraft { date, start, end, venue: times.venue.trim().to_owned() }).collect())
}

/// Under a date input: its day of the week, and whether it is a working day.
pub fn date_note(date: &str) -> String {
    match date.parse::<Date>() {
        Ok(d) if d.is_working_day() => d.long_with_weekday(),
        Ok(d) if d.is_weekend() => format!("{}: a weekend", d.long_with_weekday()),
        Ok(d) => format!("{}: a bank holiday", d.long_with_weekday()),
        Err(_) => String::new(),
    }
}

/// "3 meetings added" (the meetings list says it in a success banner).
pub fn added_message(n: usize) -> String {
    if n == 1 { "1 meeting added".to_owned() } else { format!("{n} meetings added") }
}

#[component]
pub fn PlanYearPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <GroupShell id render=move |data| view! { <PlanYear data /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn PlanYear(data: GroupData) -> impl IntoView {
    let id = data.id;
    let name = data.doc.with_untracked(|g| g.name.clone());
    let frequency = data.doc.with_untracked(|g| g.terms.frequency);
    let meetings = use_meetings(id);
    let today = today();
    let last = meetings.rows.with_untracked(|rows| rows.iter().filter_map(|r| r.date).max());
    let rows = RwSignal::new(plan_rows(&propose_year(frequency, last, today)));
    let times = RwSignal::new(PlanTimes::default());
    // The times of the group's latest timed meeting, once its document is here, unless the
    // person has typed times already.
    let typed_times = RwSignal::new(false);
    Effect::new(move |_| {
        let latest = meetings.rows.with(|rows| rows.iter().filter(|r| r.start.is_some()).max_by_key(|r| r.date).map(|r| (r.start, r.end)));
        if let Some((start, end)) = latest.filter(|_| !typed_times.get_untracked()) {
            times.update(|t| {
                t.start = start.map(|s| s.to_string()).unwrap_or_default();
                t.end = end.map(|e| e.to_string()).unwrap_or_default();
            });
        }
    });
    let errors = PageErrors::new();
    Effect::new({
        let title = format!("Plan the year – {name}");
        move |_| set_page_title(&title, errors.any())
    });
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let existing: Vec<Date> = meetings.rows.with_untracked(|rows| rows.iter().filter_map(|r| r.date).collect());
        match check_plan(&rows.get_untracked(), &times.get_untracked(), today, &existing) {
            Err(problems) => errors.fail("plan", problems),
            Ok(drafts) => {
                saving.set(true);
                let (mut added, total) = (0, drafts.len());
                for draft in drafts {
                    match meetings.add.run(draft) {
                        Ok(_) => added += 1,
                        Err(e) => {
                            saving.set(false);
                            errors.fail_one("plan", ADD_IDS[0], format!("{added} of {total} meetings were added; the others could not be: {e}"));
                            return;
                        }
                    }
                }
                errors.clear("plan");
                set_flash(added_message(added));
                (*navigate)(&meetings_href(id), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    };
    let time_field = move |f: fn(&PlanTimes) -> String| Signal::derive(move || times.with(f));
    let count = move || rows.with(|r| r.iter().filter(|r| r.add).count());
    view! {
        <a class="govuk-back-link" href=meetings_href(id) data-testid="back-to-meetings">"Back to meetings"</a>
        <PageErrorSummary errors />
        <span class="govuk-caption-l">{name.clone()}</span>
        <h1 class="govuk-heading-l">"Plan the year"</h1>
        {if rows.with_untracked(Vec::is_empty) {
            view! {
                <p class="govuk-body" data-testid="plan-none">
                    {match frequency {
                        Some(f) => format!("The terms of reference say the group meets: {}. There are no dates to propose.", f.label().to_lowercase()),
                        None => "The terms of reference do not say how often the group meets, so there are no dates to propose.".to_owned(),
                    }}
                </p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href=group_edit_href(id, GroupPart::Details)>"Change how often the group meets"</a></li>
                    <li><a class="govuk-link" href=new_meeting_href(id)>"Add a meeting"</a></li>
                </ul>
            }
            .into_any()
        } else {
            view! {
                <p class="govuk-body">
                    {format!("The terms of reference say the group meets {}. ", frequency.map(|f| f.label().to_lowercase()).unwrap_or_default())}
                    "These dates follow on from the group's last meeting, for the next 12 months, moved off weekends and bank holidays."
                </p>
                <form class="app-form" novalidate on:submit=on_submit data-testid="plan-form">
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset" aria-describedby="plan-hint">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Meetings to add"</legend>
                            <div id="plan-hint" class="govuk-hint">"Change a date if it clashes with something, or untick a meeting you do not want."</div>
                            <ol class="app-plan-list">
                                {(0..rows.with_untracked(Vec::len)).map(|i| view! { <PlanRowView i rows errors /> }).collect_view()}
                            </ol>
                        </fieldset>
                    </div>
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset" aria-describedby="plan-times-hint">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"For every meeting"</legend>
                            <div id="plan-times-hint" class="govuk-hint">"Optional. You can change each meeting's details later."</div>
                            <TextInput id="plan-start" label="Start time" hint="24-hour, for example 09:30"
                                value=time_field(|t| t.start.clone()) on_input=Callback::new(move |v| { typed_times.set(true); times.update(|t| t.start = v) }) error=errors.on("plan-start") />
                            <TextInput id="plan-end" label="End time" hint="24-hour, for example 12:00"
                                value=time_field(|t| t.end.clone()) on_input=Callback::new(move |v| { typed_times.set(true); times.update(|t| t.end = v) }) error=errors.on("plan-end") />
                            <TextInput id="plan-venue" label="Venue" hint="A room and address, or \"Online\""
                                value=time_field(|t| t.venue.clone()) on_input=Callback::new(move |v| times.update(|t| t.venue = v)) error=errors.on("plan-venue") />
                        </fieldset>
                    </div>
                    <button type="submit" class="govuk-button" data-testid="save-plan" disabled=move || saving.get()>
                        {move || match count() {
                            1 => "Add 1 meeting".to_owned(),
                            n => format!("Add {n} meetings"),
                        }}
                    </button>
                </form>
            }
            .into_any()
        }}
    }
}

/// One proposed meeting: "Add meeting N" and its date input, with the day of the week.
#[component]
fn PlanRowView(i: usize, rows: RwSignal<Vec<PlanRow>>, errors: PageErrors) -> impl IntoView {
    let n = i + 1;
    let (date_id, add_id) = (DATE_IDS[i], ADD_IDS[i]);
    let error = errors.on(date_id);
    let add_error = if i == 0 { errors.on(ADD_IDS[0]) } else { Signal::derive(|| None) };
    let add = Memo::new(move |_| rows.with(|r| r.get(i).is_some_and(|r| r.add)));
    let date = Memo::new(move |_| rows.with(|r| r.get(i).map(|r| r.date.clone()).unwrap_or_default()));
    let proposed = rows.with_untracked(|r| r[i].proposed);
    let described = move || {
        let mut ids = vec![format!("{date_id}-hint")];
        if error.with(Option::is_some) {
            ids.push(format!("{date_id}-error"));
        }
        ids.join(" ")
    };
    view! {
        <li class="app-plan-row" class=("app-plan-row--off", move || !add.get()) data-testid="plan-row">
            <div class="govuk-form-group app-plan-row__add" class=("govuk-form-group--error", move || add_error.with(Option::is_some))>
                <ErrorMessage field_id=add_id message=add_error />
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id=add_id type="checkbox" prop:checked=move || add.get()
                            on:change:target=move |ev| rows.update(|r| r[i].add = ev.target().checked()) />
                        <label class="govuk-label govuk-checkboxes__label" for=add_id>{format!("Add meeting {n}")}</label>
                    </div>
                </div>
            </div>
            <div class="govuk-form-group app-plan-row__date" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                <label class="govuk-label" for=date_id>{format!("Date of meeting {n}")}</label>
                <div class="govuk-hint" id=format!("{date_id}-hint")>
                    {move || {
                        let note = date_note(&date.get());
                        if date.get() == proposed.to_string() { format!("Proposed: {note}") } else if note.is_empty() { format!("Proposed: {}", proposed.long_with_weekday()) } else { format!("Changed: {note}") }
                    }}
                </div>
                <ErrorMessage field_id=date_id message=error />
                <input class="govuk-input app-plan-row__input" class=("govuk-input--error", move || error.with(Option::is_some))
                    id=date_id type="date" aria-describedby=described disabled=move || !add.get()
                    prop:value=move || date.get()
                    on:input:target=move |ev| rows.update(|r| r[i].date = ev.target().value())
                    on:change:target=move |ev| rows.update(|r| r[i].date = ev.target().value()) />
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn rows(dates: &[&str]) -> Vec<PlanRow> {
        plan_rows(&dates.iter().map(|s| d(s)).collect::<Vec<_>>())
    }

    #[wasm_bindgen_test]
    fn the_ticked_meetings_are_created_soonest_first_with_the_shared_times() {
        let mut r = rows(&["2027-03-10", "2027-05-10", "2027-07-12"]);
        r[1].add = false;
        r[2].date = "2027-02-01".into();
        let times = PlanTimes { start: "10:00".into(), end: "12:00".into(), venue: " City Hall ".into() };
        let drafts = check_plan(&r, &times, d("2027-01-11"), &[d("2026-11-10")]).unwrap();
        assert_eq!(drafts.iter().map(|m| m.date.to_string()).collect::<Vec<_>>(), ["2027-02-01", "2027-03-10"]);
        assert!(drafts.iter().all(|m| m.venue == "City Hall" && m.start.is_some() && m.end.is_some()));
        let untimed = check_plan(&r, &PlanTimes::default(), d("2027-01-11"), &[]).unwrap();
        assert!(untimed.iter().all(|m| m.start.is_none() && m.end.is_none()));
    }

    #[wasm_bindgen_test]
    fn every_problem_is_shown_against_its_date() {
        let today = d("2027-01-11");
        let mut r = rows(&["2027-03-10", "2027-05-10", "2027-07-12", "2027-09-10", "2027-11-10"]);
        r[0].date = String::new();
        r[1].date = "2027-02-30".into();
        r[2].date = "2026-12-01".into();
        r[3].date = "2027-03-10".into();
        r[4].date = "2027-04-01".into();
        let mut with_first = r.clone();
        with_first[0].date = "2027-03-10".into();
        let errors = check_plan(&with_first, &PlanTimes::default(), today, &[d("2027-04-01")]).unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field_id, e.message.as_str())).collect();
        assert_eq!(got, [
            ("plan-date-2", "The date of meeting 2 must be a real date, like 2027-03-27"),
            ("plan-date-3", "The date of meeting 3 must be today or in the future"),
            ("plan-date-4", "Meeting 4 is on the same day as meeting 1"),
            ("plan-date-5", "Meeting 5 is on the same day as a meeting already planned (1 April 2027)"),
        ]);
        let errors = check_plan(&r, &PlanTimes { start: "25:00".into(), end: String::new(), venue: String::new() }, today, &[]).unwrap_err();
        assert_eq!(errors[0].message, "Enter the date of meeting 1");
        assert!(errors.iter().any(|e| e.field_id == "plan-start"));
        // Unticked meetings are not checked; none ticked is a problem of its own.
        let none: Vec<PlanRow> = r.iter().cloned().map(|mut x| { x.add = false; x }).collect();
        let errors = check_plan(&none, &PlanTimes::default(), today, &[]).unwrap_err();
        assert_eq!(errors.iter().map(|e| (e.field_id, e.message.as_str())).collect::<Vec<_>>(), [("plan-add-1", "Select at least one meeting to add")]);
        let late = check_plan(&rows(&["2027-03-10"]), &PlanTimes { start: "14:00".into(), end: "13:00".into(), venue: String::new() }, today, &[]).unwrap_err();
        assert_eq!(late[0].field_id, "plan-end");
    }

    #[wasm_bindgen_test]
    fn each_date_says_its_day_and_whether_it_is_a_working_day() {
        assert_eq!(date_note("2027-03-10"), "Wednesday 10 March 2027");
        assert_eq!(date_note("2027-03-13"), "Saturday 13 March 2027: a weekend");
        assert_eq!(date_note("2027-03-26"), "Friday 26 March 2027: a bank holiday");
        assert_eq!(date_note(""), "");
        assert_eq!(added_message(1), "1 meeting added");
        assert_eq!(plan_rows(&vec![d("2027-01-04"); 80]).len(), 60, "one row per date input");
    }
}
