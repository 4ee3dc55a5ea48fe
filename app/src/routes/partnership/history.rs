//! `/partnerships/:id/history`: the revision table with "Name this version" (and an
//! approval), and the changes to the partnership, newest first.

use domain::model::{device_label, time_label};
use leptos::prelude::*;

use super::frame::{partnership_route, Crumbs, PageCtx};
use crate::{
    components::{set_page_title, NameVersionForm, RevisionTable},
    routes::version::partnership_version_href,
    state::VersionOf,
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, access, doc } = ctx;
    let (revisions, history) = (hook.revisions, hook.history);
    Effect::new(move |_| set_page_title("History and named versions", false));
    view! {
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"History and named versions"</h1>
        <section aria-labelledby="revisions-h" data-testid="revisions">
            <h2 class="govuk-heading-m" id="revisions-h">"Named versions"</h2>
            <RevisionTable id revisions of="this partnership" href=partnership_version_href />
            {move || access.can_edit.get().then(|| view! { <NameVersionForm of=VersionOf::Partnership(id) /> })}
        </section>
        <section aria-labelledby="history-h">
            <h2 class="govuk-heading-m" id="history-h">"Changes"</h2>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="Changes table"><table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">"Changes to this partnership, newest first"</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"When"</th>
                    <th scope="col" class="govuk-table__header">"Who"</th>
                    <th scope="col" class="govuk-table__header">"What changed"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || history.get().into_iter().take(50).map(|c| view! {
                        <tr class="govuk-table__row" data-testid="partnership-timeline-entry">
                            <td class="govuk-table__cell">{time_label(c.time)}</td>
                            <td class="govuk-table__cell">{device_label(&c.actor)}</td>
                            <td class="govuk-table__cell">{c.message.clone().unwrap_or_else(|| "A change".to_owned())}</td>
                            <td class="govuk-table__cell"><a class="govuk-link" href=partnership_version_href(id, &[c.hash])>
                                "View this version"<span class="govuk-visually-hidden">" as of " {time_label(c.time)}</span></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}
