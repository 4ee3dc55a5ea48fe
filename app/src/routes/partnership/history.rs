//! `/partnerships/:id/history`: the revision table with "Name this version", and the
//! changes to the partnership, newest first.

use domain::model::{device_label, time_label};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, SuccessBanner},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, RevisionTable, TextInput},
    routes::version::partnership_version_href,
    state::FormErrors,
};

const VERSION: &str = "version-name";
const NOTE: &str = "version-note";

#[component]
pub fn HistoryPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, access, doc } = ctx;
    let (revisions, history, name_version) = (hook.revisions, hook.history, hook.name_version);
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let notice = RwSignal::new(None::<String>);
    let version = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    Effect::new(move |_| set_page_title("History and named versions", !errors.all().with(Vec::is_empty)));
    let on_version = move |ev: SubmitEvent| {
        ev.prevent_default();
        match name_version.run((version.get_untracked(), note.get_untracked())) {
            Ok(()) => {
                errors.clear();
                notice.set(Some(format!("Version {} named", version.get_untracked().trim())));
                version.set(String::new());
                note.set(String::new());
            }
            Err(e) => {
                notice.set(None);
                errors.fail(VERSION, e);
                focus_error_summary(summary);
            }
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <SuccessBanner message=notice.into() />
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"History and named versions"</h1>
        <section aria-labelledby="revisions-h" data-testid="revisions">
            <h2 class="govuk-heading-m" id="revisions-h">"Named versions"</h2>
            <RevisionTable id revisions of="this partnership" href=partnership_version_href />
            {move || access.can_edit.get().then(|| view! {
                <form class="app-form" novalidate on:submit=on_version data-testid="name-version-form">
                    <h3 class="govuk-heading-s">"Name this version"</h3>
                    <TextInput id=VERSION label="Version, for example 7.7" value=version on_input=Callback::new(move |v| version.set(v))
                        error=errors.on(VERSION) />
                    <TextInput id=NOTE label="Note, for example CBC review" value=note on_input=Callback::new(move |v| note.set(v))
                        error=errors.on(NOTE) />
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="name-version">"Name this version"</button>
                </form>
            })}
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
