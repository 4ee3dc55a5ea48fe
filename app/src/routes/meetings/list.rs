//! `/groups/:id/meetings`: a group's upcoming and past meetings, each linking to its page;
//! "Add a meeting" and "Plan the year" for editors.

use domain::DocumentId;
use leptos::prelude::*;

use super::{date_text, id_param, status_tag, take_flash, time_text};
use crate::{
    components::set_page_title,
    routes::{
        group::{today, GroupShell},
        group_href, meeting_href, new_meeting_href, plan_meetings_href,
        not_found::NotFound,
    },
    state::{split_rows, use_meetings, MeetingRow},
};

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <GroupShell id render=move |data| {
                let name = data.doc.with_untracked(|g| g.name.clone());
                let can_edit = data.access.can_edit;
                view! { <MeetingsList id name can_edit /> }.into_any()
            } />
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn MeetingsList(id: DocumentId, name: String, can_edit: Memo<bool>) -> impl IntoView {
    set_page_title(&format!("Meetings – {name}"), false);
    let meetings = use_meetings(id);
    let today = today();
    let split = Memo::new(move |_| meetings.rows.with(|rows| split_rows(rows, today)));
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
        <h2 class="govuk-heading-m" id="upcoming-h">"Upcoming meetings"</h2>
        <MeetingTable rows=Signal::derive(move || split.with(|s| s.0.clone())) labelled_by="upcoming-h" testid="upcoming-meetings"
            empty="No meetings are planned." />
        <h2 class="govuk-heading-m" id="past-h">"Past meetings"</h2>
        <MeetingTable rows=Signal::derive(move || split.with(|s| s.1.clone())) labelled_by="past-h" testid="past-meetings"
            empty="No meetings have been held yet." />
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
