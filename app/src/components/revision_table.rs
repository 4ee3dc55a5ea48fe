//! The revision table of a document: its named versions, newest first, each linking to a
//! read-only view of the document as it was.

use automerge::ChangeHash;
use domain::{
    model::{device_label, time_label, Revision},
    DocumentId,
};
use leptos::prelude::*;

/// `revisions` of document `id`, newest first; `href` links a version to its read-only view.
#[component]
pub fn RevisionTable(
    id: DocumentId,
    revisions: Memo<Vec<Revision>>,
    /// What the versions are of, for the table's caption (e.g. "this group").
    of: &'static str,
    href: fn(DocumentId, &[ChangeHash]) -> String,
) -> impl IntoView {
    view! {
        <p class="govuk-body" hidden=move || !revisions.with(Vec::is_empty)>"No version has been named yet."</p>
        <div class="app-table-scroll" tabindex="0" role="region" aria-label="Named versions table" hidden=move || revisions.with(Vec::is_empty)>
            <table class="govuk-table" data-testid="revision-table">
                <caption class="govuk-table__caption govuk-visually-hidden">{format!("Named versions of {of}, newest first")}</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Version"</th>
                    <th scope="col" class="govuk-table__header">"Date"</th>
                    <th scope="col" class="govuk-table__header">"Author"</th>
                    <th scope="col" class="govuk-table__header">"Note"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || revisions.get().into_iter().map(|r| view! {
                        <tr class="govuk-table__row" data-testid="revision-row">
                            <td class="govuk-table__cell">{r.version.clone()}</td>
                            <td class="govuk-table__cell">{time_label(r.time)}</td>
                            <td class="govuk-table__cell">{device_label(&r.actor)}</td>
                            <td class="govuk-table__cell">{r.note.clone()}</td>
                            <td class="govuk-table__cell"><a class="govuk-link" href=href(id, &r.heads)>
                                "View this version"<span class="govuk-visually-hidden">" " {r.version.clone()}</span></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
