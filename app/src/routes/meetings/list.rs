//! `/groups/:id/meetings`: a group's upcoming and past meetings, each linking to its page;
//! "Add a meeting" and "Plan the year" for editors; each member's attendance rate over the
//! held meetings as a CSV download; the group's decisions between meetings by written
//! procedure ([`super::WrittenProcedures`]).

use domain::{
    meeting::{attendance_csv, chair_letter, AttendanceRate, LetterFacts},
    model::Date,
    DocumentId,
};
use leptos::prelude::*;

use super::{date_text, id_param, member_name, seat_name, status_tag, take_flash, time_text};
use crate::{
    components::{set_page_title, CsvDownload, GroupNames},
    routes::{
        group::{today, GroupShell},
        group_href, meeting_href, new_meeting_href, plan_meetings_href,
        not_found::NotFound,
    },
    state::{split_rows, use_attendance_rates, use_meetings, MeetingRow, UseAttendanceRates},
};

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <GroupShell id render=move |data| {
                let name = data.doc.with_untracked(|g| g.name.clone());
                let can_edit = data.access.can_edit;
                let names = data.names;
                let group = data.doc;
                view! { <MeetingsList id name can_edit names group /> }.into_any()
            } />
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn MeetingsList(id: DocumentId, name: String, can_edit: Memo<bool>, names: Memo<GroupNames>, group: Memo<domain::model::GroupDoc>) -> impl IntoView {
    set_page_title(&format!("Meetings – {name}"), false);
    let member = Callback::new(move |s: domain::model::Seat| names.with(|n| member_name(&s, n)));
    let meetings = use_meetings(id);
    let UseAttendanceRates { rates, complete } = use_attendance_rates(group, member);
    // The file is offered once what it counts and names is here: a CSV never says "Loading…".
    let complete = Memo::new(move |_| complete.get() && !group.with(|g| names.with(|n| n.people_pending(g))));
    let today = today();
    let split = Memo::new(move |_| {
        crate::repo::probe::elapsed("meetings page: rows, since navigation", Some(0.0));
        meetings.rows.with(|rows| split_rows(rows, today))
    });
    let flash = take_flash();
    view! {
        <a class="govuk-back-link" href=group_href(id)>"Back to " {name.clone()}</a>
        {flash.map(|message| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                aria-labelledby="meetings-saved-h" data-testid="meetings-saved">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="meetings-saved-h">"Success"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                </div>
            </div>
        })}
        <span class="govuk-caption-l">{name.clone()}</span>
        <h1 class="govuk-heading-l">"Meetings"</h1>
        <Show when=move || can_edit.get()>
            <div class="govuk-button-group">
                <a class="govuk-button" href=new_meeting_href(id) data-testid="add-meeting">"Add a meeting"</a>
                <a class="govuk-button govuk-button--secondary" href=plan_meetings_href(id) data-testid="plan-year">"Plan the year"</a>
            </div>
        </Show>
        <p class="govuk-body">
            <a class="govuk-link" href=crate::routes::calendar_links::calendar_links_href(Some(id)) data-testid="calendar-link">
                "Add these meetings to your calendar"
            </a>
        </p>
        <h2 class="govuk-heading-m" id="upcoming-h">"Upcoming meetings"</h2>
        <MeetingTable rows=Signal::derive(move || split.with(|s| s.0.clone())) labelled_by="upcoming-h" testid="upcoming-meetings"
            empty="No meetings are planned." />
        <h2 class="govuk-heading-m" id="past-h">"Past meetings"</h2>
        <MeetingTable rows=Signal::derive(move || split.with(|s| s.1.clone())) labelled_by="past-h" testid="past-meetings"
            empty="No meetings have been held yet." />
        <super::WrittenProcedures id can_edit />
        <AttendanceRates rates complete name=name.clone() letter=chair_letters(group, names, today) />
    }
}

/// The chair's letter to the member of a rate that breaks the group's attendance rule
/// ([`chair_letter`]), addressed to the seat's (first) holder by name: (to whom, as the page
/// names them, "Name, Seat"; the letter). None for a vacant seat: there is nobody to write to.
fn chair_letters(group: Memo<domain::model::GroupDoc>, names: Memo<GroupNames>, today: Date) -> Callback<AttendanceRate, Option<(String, String)>> {
    Callback::new(move |r: AttendanceRate| {
        group.with(|g| {
            names.with(|n| {
                let seat = g.seats.iter().find(|s| s.id == r.seat)?;
                let rule = g.terms.attendance?;
                let holder = *n.holder_docs(seat).first()?;
                let seat_text = seat_name(seat, n);
                let text = chair_letter(&LetterFacts { group: &g.name, addressee: &holder.name, seat: &seat_text, rule: &rule, rate: &r, today })?;
                Some((format!("{}, {seat_text}", holder.name), text))
            })
        })
    })
}

/// The CSV file's name: `attendance-<group>-<date>.csv`.
pub fn attendance_file_name(group: &str, today: Date) -> String {
    crate::state::csv_file_name(group, today).replacen("actions-", "attendance-", 1)
}

/// "Attendance": how many meetings were held, and each member's rate as a CSV download built
/// in the browser (offline too).
#[component]
fn AttendanceRates(rates: Memo<Vec<AttendanceRate>>, complete: Memo<bool>, name: String, letter: Callback<AttendanceRate, Option<(String, String)>>) -> impl IntoView {
    let csv = Callback::new(move |()| rates.with(|r| attendance_csv(r)));
    let file = attendance_file_name(&name, today());
    let held = Memo::new(move |_| rates.with(|r| r.first().map(|r| r.expected).unwrap_or(0)));
    view! {
        <h2 class="govuk-heading-m" id="attendance-rates-h">"Attendance"</h2>
        <p class="govuk-body" data-testid="attendance-rates-summary">{move || match held.get() {
            0 => "No meetings have been held yet: attendance rates start with the first held meeting.".to_owned(),
            1 => "Each member's attendance over the 1 meeting held: attended, sent a deputy or substitute, apologies and the rate, with the group's attendance rule applied.".to_owned(),
            n => format!("Each member's attendance over the {n} meetings held: attended, sent a deputy or substitute, apologies and the rate, with the group's attendance rule applied."),
        }}</p>
        <Show when=move || held.get() != 0>
            <RatesTable rates />
            <ChairLetters rates letter />
        </Show>
        <p class="govuk-body" hidden=move || complete.get() || rates.with(Vec::is_empty) data-testid="attendance-rates-loading">
            "Meetings and members' names are still arriving on this device: the download will be here when they have."
        </p>
        <p class="govuk-body" hidden=move || !complete.get() || rates.with(Vec::is_empty)>
            <CsvDownload csv file testid="download-attendance-csv">
                "Download attendance rates as CSV"
            </CsvDownload>
        </p>
    }
}

/// The rates as a table, the same numbers as the CSV: on small screens each member's row
/// stacks, its cells named by their column.
#[component]
fn RatesTable(rates: Memo<Vec<AttendanceRate>>) -> impl IntoView {
    view! {
        <table class="govuk-table app-stack-table app-rates-table" data-testid="attendance-rates">
            <caption class="govuk-table__caption govuk-table__caption--s">"Attendance at held meetings, by member"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Member"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Expected"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Attended"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Deputy or substitute"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Apologies"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Rate"</th>
                    <th scope="col" class="govuk-table__header">"Attendance rule"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                <For each=move || rates.get() key=|r| format!("{r:?}") let:r>
                    <tr class="govuk-table__row" data-testid="attendance-rate-row">
                        <th scope="row" class="govuk-table__header">{r.member.clone()}</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Expected">{r.expected}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Attended">{r.attended}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Deputy or substitute">{r.substituted}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Apologies">{r.apologies}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Rate">{r.percent_text()}</td>
                        <td class="govuk-table__cell" data-label="Attendance rule">{
                            if r.breaches.is_empty() {
                                view! { "No breach" }.into_any()
                            } else {
                                view! { <strong class="govuk-tag govuk-tag--red">"Breached"</strong>" "{r.breaches_text()} }.into_any()
                            }
                        }</td>
                    </tr>
                </For>
            </tbody>
        </table>
    }
}

/// Under the rates: for each member who breaks the group's attendance rule, the chair's letter
/// drafted from the constitution (14.5), behind a "Draft the chair's letter to …" reveal.
#[component]
fn ChairLetters(rates: Memo<Vec<AttendanceRate>>, letter: Callback<AttendanceRate, Option<(String, String)>>) -> impl IntoView {
    let letters = Memo::new(move |_| {
        rates.with(|rs| rs.iter().filter(|r| !r.breaches.is_empty()).filter_map(|r| letter.run(r.clone()).map(|(to, text)| (r.seat, to, text))).collect::<Vec<_>>())
    });
    view! {
        <Show when=move || !letters.with(Vec::is_empty)>
            <h3 class="govuk-heading-s" id="chair-letters-h">"Letters from the chair"</h3>
            <p class="govuk-body">"The constitution says the chair may write to a member who misses meetings. Each letter is drafted from the group's rule and the meetings missed, to copy onto your letterhead and adjust. A vacant seat has no letter: write to the organisation about filling it."</p>
            <div data-testid="chair-letters">
                <For each=move || letters.get() key=|(seat, _, text)| (*seat, text.clone()) let:l>
                    {
                        let (seat, member, text) = l;
                        let id = format!("letter-{seat}");
                        view! {
                            <details class="govuk-details" data-testid="chair-letter">
                                <summary class="govuk-details__summary">
                                    <span class="govuk-details__summary-text">{format!("Draft the chair's letter to {member}")}</span>
                                </summary>
                                <div class="govuk-details__text">
                                    <label class="govuk-label" for=id.clone()>"The letter, to copy onto your letterhead and adjust"</label>
                                    <textarea class="govuk-textarea app-letter" id=id rows="16" readonly=true spellcheck="false" prop:value=text></textarea>
                                </div>
                            </details>
                        }
                    }
                </For>
            </div>
        </Show>
    }
}

#[component]
fn MeetingTable(rows: Signal<Vec<MeetingRow>>, labelled_by: &'static str, testid: &'static str, empty: &'static str) -> impl IntoView {
    move || {
        if rows.with(Vec::is_empty) {
            return view! { <p class="govuk-body" data-testid=testid>{empty}</p> }.into_any();
        }
        view! {
            <table class="govuk-table app-meetings-table" aria-labelledby=labelled_by data-testid=testid>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Date"</th>
                        <th scope="col" class="govuk-table__header">"Time"</th>
                        <th scope="col" class="govuk-table__header">"Status"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    <For each=move || rows.get() key=|r| (r.id, r.date, r.start, r.end, r.status.label()) let:r>
                        <tr class="govuk-table__row" data-testid="meeting-row">
                            <th scope="row" class="govuk-table__header">
                                <a class="govuk-link" href=meeting_href(r.id)>{date_text(r.date)}</a>
                            </th>
                            <td class="govuk-table__cell">{time_text(r.start, r.end)}</td>
                            <td class="govuk-table__cell"><strong class=status_tag(r.status)>{r.status.label()}</strong></td>
                        </tr>
                    </For>
                </tbody>
            </table>
        }
        .into_any()
    }
}
