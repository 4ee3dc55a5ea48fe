//! The group's history: its latest changes (the rest behind "Show all"), its named versions,
//! and "Name this version" (its own form, with its own errors).

use domain::{
    model::{time_label, ChangeEntry},
    DocumentId,
};
use leptos::prelude::*;

use crate::{
    components::{NameVersionForm, RevisionTable},
    routes::version::group_version_href,
    state::{use_change_authors, ChangeAuthors, UseHistoryReturn, VersionOf},
};

/// Changes shown before "Show all changes".
const RECENT: usize = 5;

#[component]
pub fn History(id: DocumentId, hook: UseHistoryReturn) -> impl IntoView {
    let (history, revisions) = (hook.history, hook.revisions);
    let authors = use_change_authors(id, history);
    let recent = Memo::new(move |_| history.with(|h| h.iter().take(RECENT).cloned().collect::<Vec<_>>()));
    let older = Memo::new(move |_| history.with(|h| h.iter().skip(RECENT).take(25).cloned().collect::<Vec<_>>()));
    view! {
        <section data-testid="group-timeline" aria-labelledby="group-timeline-h" class="app-sheet-section">
            <h2 class="govuk-heading-m" id="group-timeline-h">"History"</h2>
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
                    <NameVersionForm of=VersionOf::Group(id) />
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
