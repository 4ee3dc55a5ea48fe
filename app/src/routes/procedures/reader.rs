//! `/procedures/:doc`: the latest PUBLISHED version of a procedure for practitioners (never
//! the working draft): its sections as Markdown, version and date, related guidance,
//! contacts and the amendments log. The print stylesheet keeps title, version and date.

use domain::procedure::{LinkKind, ProcedureContent, Publication};
use leptos::prelude::*;

use super::{comments::SectionComments, draft_href, frame::{procedure_route, ProcCtx}, status_tag_class};
use crate::{components::{set_page_title, Markdown}, state::{compare_href, today, use_comments, UseCommentsReturn}};

#[component]
pub fn ReaderPage() -> impl IntoView {
    procedure_route(reader)
}

fn reader(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    let published = hook.published;
    Effect::new(move |_| {
        let title = published.with(|p| p.as_ref().map(|(_, c)| c.title.clone())).unwrap_or_else(|| doc.with(|d| d.title.clone()));
        set_page_title(&title, false);
    });
    let can_edit = access.can_edit;
    let status = Memo::new(move |_| doc.with(|d| d.status_on(today())));
    // People who may read but not edit see the comments on each section, read-only.
    let comments = use_comments(id);
    let show_comments = Signal::derive(move || !can_edit.get() && comments.ready.get());
    let draft_link = move || (can_edit.get() || comments.may_comment.get()).then(|| view! {
        <p class="govuk-body app-no-print">
            <a class="govuk-link" href=draft_href(id) data-testid="draft-link">"Open the working draft"</a>
            " "<strong class=move || status_tag_class(status.get())>{move || status.get().label()}</strong>
            " · "<a class="govuk-link" href=compare_href(id, None, None) data-testid="compare-link">"Compare versions"</a>
        </p>
    });
    move || match published.get() {
        Some((publication, content)) => {
            let amendments: Vec<Publication> = doc.with(|d| d.amendments().into_iter().cloned().collect());
            view! {
                {draft_link}
                <Published id publication content amendments comments show_comments />
            }
            .into_any()
        }
        None => view! {
            <span class="govuk-caption-l">"Procedure"</span>
            <h1 class="govuk-heading-l" data-testid="procedure-title">{move || doc.with(|d| d.title.clone())}</h1>
            <div class="govuk-inset-text" data-testid="not-published">
                "This procedure has not been published yet. Practitioners will see it here once every owning partnership has signed it off and it is published."
            </div>
            {draft_link}
        }
        .into_any(),
    }
}

#[component]
fn Published(id: domain::DocumentId, publication: Publication, content: ProcedureContent, amendments: Vec<Publication>, comments: UseCommentsReturn, show_comments: Signal<bool>) -> impl IntoView {
    let ProcedureContent { title, summary, lead_reviewer, links, contacts, review_date, sections } = content;
    let several_versions = amendments.len() > 1;
    view! {
        <article class="app-procedure" data-testid="published">
            <span class="govuk-caption-l">"Procedure"</span>
            <h1 class="govuk-heading-l" data-testid="procedure-title">{title}</h1>
            <p class="govuk-body app-procedure__version" data-testid="procedure-version">
                {format!("Version {}, published {}", publication.version, publication.date.long())}
                {review_date.map(|d| format!(". Review by {}", d.long()))}
            </p>
            {(!summary.is_empty()).then(|| view! { <p class="govuk-body-l app-procedure-summary">{summary}</p> })}
            {(!lead_reviewer.is_empty()).then(|| view! { <p class="govuk-body app-hint">"Lead reviewer: "{lead_reviewer}</p> })}
            {(sections.len() > 1).then(|| view! {
                <nav class="app-contents app-no-print" aria-labelledby="contents-h">
                    <h2 class="govuk-heading-s" id="contents-h">"Contents"</h2>
                    <ol class="govuk-list govuk-list--number">
                        {sections.iter().map(|s| view! { <li><a class="govuk-link" href=format!("#section-{}", s.id)>{s.heading.clone()}</a></li> }).collect_view()}
                    </ol>
                </nav>
            })}
            {sections.into_iter().map(|s| {
                let (section, heading) = (s.id, s.heading.clone());
                view! {
                    <section class="app-procedure__section" aria-labelledby=format!("section-{}", s.id)>
                        <h2 class="govuk-heading-m" id=format!("section-{}", s.id)>{s.heading}</h2>
                        <Markdown source=s.text heading_offset=2 />
                        {move || show_comments.get().then(|| {
                            let heading = heading.clone();
                            view! { <div class="app-no-print"><SectionComments section heading=Signal::derive(move || heading.clone()) hook=comments can_comment=Signal::derive(|| false) can_decide=Signal::derive(|| false) /></div> }
                        })}
                    </section>
                }
            }).collect_view()}
            {(!links.is_empty()).then(|| view! {
                <section aria-labelledby="related-h">
                    <h2 class="govuk-heading-m" id="related-h">"Related guidance and legislation"</h2>
                    <ul class="govuk-list">
                        {links.into_iter().map(|l| view! {
                            <li>
                                <a class="govuk-link" href=l.url.clone() rel="noreferrer noopener">{l.title}</a>
                                <span class="app-hint">{match l.kind { LinkKind::Guidance => " (guidance)", LinkKind::Legislation => " (legislation)" }}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!contacts.is_empty()).then(|| view! {
                <section aria-labelledby="contacts-h">
                    <h2 class="govuk-heading-m" id="contacts-h">"Local contacts"</h2>
                    <dl class="govuk-summary-list">
                        {contacts.into_iter().map(|c| view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{c.name}</dt>
                                <dd class="govuk-summary-list__value">{c.organisation}<br />{c.details}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                </section>
            })}
            <section aria-labelledby="amendments-h" data-testid="amendments">
                <h2 class="govuk-heading-m" id="amendments-h">"Amendments"</h2>
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Published versions of this procedure"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Version"</th>
                            <th scope="col" class="govuk-table__header">"Date"</th>
                            <th scope="col" class="govuk-table__header">"What changed"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {amendments.into_iter().map(|a| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{a.version}</td>
                                <td class="govuk-table__cell">{a.date.long()}</td>
                                <td class="govuk-table__cell">{a.summary}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {several_versions.then(|| view! {
                    <p class="govuk-body app-no-print"><a class="govuk-link" href=compare_href(id, None, None) data-testid="compare-versions-link">"Compare versions"</a></p>
                })}
            </section>
            <p class="govuk-body app-print-only">{format!("Printed from Quorum. Version {}, published {}.", publication.version, publication.date.long())}</p>
        </article>
    }
}
