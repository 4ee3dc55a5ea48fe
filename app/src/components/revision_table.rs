//! The revision table of a document: its named versions, newest first, each with who
//! approved it and when (as precise as known: "April 2007"), when it was recorded and by
//! whom (the person the server attributes the naming change to, as the timeline does), and a
//! link to a read-only view of the document as it was.

use automerge::ChangeHash;
use domain::{
    model::{time_label, BodyRef, ChangeEntry, Revision},
    DocumentId,
};
use leptos::prelude::*;

use crate::{repo::DocView, state::{use_change_authors, use_repo}};

/// `revisions` of document `id`, newest first; `href` links a version to its read-only view.
#[component]
pub fn RevisionTable(
    id: DocumentId,
    revisions: Memo<Vec<Revision>>,
    /// What the versions are of, for the table's caption (e.g. "this group").
    of: &'static str,
    href: fn(DocumentId, &[ChangeHash]) -> String,
) -> impl IntoView {
    let ctx = use_repo();
    let recorded = Memo::new(move |_| revisions.with(|rs| rs.iter().filter_map(|r| r.recorded.clone()).collect::<Vec<ChangeEntry>>()));
    let authors = use_change_authors(id, recorded);
    let body = move |b: Option<BodyRef>| {
        b.map(|b| {
            b.label(|g| {
                match ctx.group_heading(g) {
                    DocView::Ready(doc) => Some(doc.name),
                    _ => None,
                }
            })
        })
        .unwrap_or_else(|| "Not recorded".to_owned())
    };
    view! {
        <p class="govuk-body" hidden=move || !revisions.with(Vec::is_empty)>"No version has been named yet."</p>
        <div class="app-table-scroll" tabindex="0" role="region" aria-label="Named versions table" hidden=move || revisions.with(Vec::is_empty)>
            <table class="govuk-table" data-testid="revision-table">
                <caption class="govuk-table__caption govuk-visually-hidden">{format!("Named versions of {of}, newest first")}</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Version"</th>
                    <th scope="col" class="govuk-table__header">"Approved by"</th>
                    <th scope="col" class="govuk-table__header">"Approval date"</th>
                    <th scope="col" class="govuk-table__header">"Recorded on"</th>
                    <th scope="col" class="govuk-table__header">"Recorded by"</th>
                    <th scope="col" class="govuk-table__header">"Note"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || revisions.get().into_iter().map(|r| {
                        let by = r.recorded.as_ref().map(|c| authors.who(c)).unwrap_or_else(|| "Not known".to_owned());
                        view! {
                            <tr class="govuk-table__row" data-testid="revision-row">
                                <th scope="row" class="govuk-table__header">{r.version.clone()}</th>
                                <td class="govuk-table__cell" data-testid="revision-approved-by">{body(r.approved_by.clone())}</td>
                                <td class="govuk-table__cell" data-testid="revision-approved-on">{r.approved_on.map(|d| d.to_string()).unwrap_or_else(|| "Not recorded".to_owned())}</td>
                                <td class="govuk-table__cell">{time_label(r.recorded_time())}</td>
                                <td class="govuk-table__cell" data-testid="revision-recorded-by">{by}</td>
                                <td class="govuk-table__cell">{r.note.clone()}</td>
                                <td class="govuk-table__cell"><a class="govuk-link" href=href(id, &r.heads)>
                                    "View this version"<span class="govuk-visually-hidden">" " {r.version.clone()}</span></a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
