//! The group's history: its latest changes (the rest behind "Show all"), its named versions,
//! and "Name this version".

use domain::{
    model::{time_label, ChangeEntry},
    DocumentId,
};
use leptos::prelude::*;

use super::errors::PageErrors;
use crate::{
    components::{RevisionTable, TextInput},
    routes::version::group_version_href,
    state::{use_change_authors, ChangeAuthors, UseHistoryReturn},
};

const FORM: &str = "name-version";
const VERSION_NAME: &str = "group-version-name";
/// Changes shown before "Show all changes".
const RECENT: usize = 5;

#[component]
pub fn History(id: DocumentId, hook: UseHistoryReturn, errors: PageErrors) -> impl IntoView {
    let (history, revisions, name_version) = (hook.history, hook.revisions, hook.name_version);
    let authors = use_change_authors(id, history);
    let version_draft = RwSignal::new(String::new());
    let note_draft = RwSignal::new(String::new());
    let announcement = RwSignal::new(String::new());
    let recent = Memo::new(move |_| history.with(|h| h.iter().take(RECENT).cloned().collect::<Vec<_>>()));
    let older = Memo::new(move |_| history.with(|h| h.iter().skip(RECENT).take(25).cloned().collect::<Vec<_>>()));
    let on_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match name_version.run((version_draft.get_untracked(), note_draft.get_untracked())) {
            Ok(()) => {
                errors.clear(FORM);
                announcement.set(format!("Version {} named", version_draft.get_untracked().trim()));
                version_draft.set(String::new());
                note_draft.set(String::new());
            }
            Err(e) => errors.fail_one(FORM, VERSION_NAME, e),
        }
    };
    view! {
        <section data-testid="group-timeline" aria-labelledby="group-timeline-h" class="app-sheet-section">
            <h2 class="govuk-heading-m" id="group-timeline-h">"History"</h2>
            <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
            <ChangeTable id authors rows=recent caption="Latest changes to this group, newest first" />
            <details class="govuk-details" hidden=move || older.with(Vec::is_empty)>
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Show earlier changes"</span></summary>
                <div class="govuk-details__text">
                    <ChangeTable id authors rows=older caption="Earlier changes to this group, newest first" />
                </div>
            </details>
            <h3 class="govuk-heading-s">"Named versions"</h3>
            <RevisionTable id revisions of="this group" href=group_version_href />
            <details class="govuk-details" data-testid="name-version-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Name this version"</span></summary>
                <div class="govuk-details__text">
                    <form class="app-form" novalidate data-testid="group-name-version-form" on:submit=on_name>
                        <TextInput id=VERSION_NAME label="Version, for example 7.7" value=version_draft
                            on_input=Callback::new(move |v| version_draft.set(v)) error=errors.on(VERSION_NAME) />
                        <TextInput id="group-version-note" label="Note, for example CBC review" value=note_draft
                            on_input=Callback::new(move |v| note_draft.set(v)) error=Signal::derive(|| None) />
                        <button type="submit" class="govuk-button govuk-button--secondary" data-testid="name-version">"Name this version"</button>
                    </form>
                </div>
            </details>
        </section>
    }
}

#[component]
fn ChangeTable(id: DocumentId, authors: ChangeAuthors, rows: Memo<Vec<ChangeEntry>>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="app-table-scroll" tabindex="0" role="region" aria-label=caption>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"When"</th>
                    <th scope="col" class="govuk-table__header">"Who"</th>
                    <th scope="col" class="govuk-table__header">"What changed"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {move || rows.get().into_iter().map(|c| view! {
                    <tr class="govuk-table__row" data-testid="timeline-entry">
                        <td class="govuk-table__cell">{time_label(c.time)}</td>
                        <td class="govuk-table__cell">{authors.who(&c)}</td>
                        <td class="govuk-table__cell">{c.message.clone().unwrap_or_else(|| "A change".to_owned())}</td>
                        <td class="govuk-table__cell"><a class="govuk-link" data-testid="view-version" href=group_version_href(id, &[c.hash])>
                            "View this version"<span class="govuk-visually-hidden">" as of " {time_label(c.time)}</span></a></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
