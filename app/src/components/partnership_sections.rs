//! A partnership's content as it reads, shared by its home page and its earlier versions:
//! summary lists (about, organisations, links with other boards, business plan), each with
//! "Change" links for people who may change it, and the constitution as a document.

use domain::{
    model::{PartnershipDoc, Section},
    DocumentId,
};
use leptos::prelude::*;

use crate::routes::partnership::{
    edit_area_href, edit_links_href, edit_name_href, edit_organisation_href, edit_plan_href, new_organisation_href,
    organisations_href,
};

/// Where "Change" links go: `None` on an earlier version or for someone who may only read.
pub type ChangeTo = Signal<Option<DocumentId>>;

/// A summary list row's "Change" link (GOV.UK: the hidden text says what changes).
fn change_link(change: ChangeTo, href: fn(DocumentId) -> String, what: &'static str, testid: &'static str) -> impl IntoView {
    move || {
        change.get().map(|id| {
            view! {
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href=href(id) data-testid=testid>
                        "Change"<span class="govuk-visually-hidden">" " {what}</span>
                    </a>
                </dd>
            }
        })
    }
}

/// The names of the statutory partners (or the other organisations), "None recorded" if none.
fn names(p: &PartnershipDoc, statutory: bool) -> String {
    let names: Vec<&str> = p.organisations.iter().filter(|o| o.statutory_partner == statutory).map(|o| o.name.as_str()).collect();
    if names.is_empty() { "None recorded".to_owned() } else { names.join("; ") }
}

fn or_none(text: &str, none: &str) -> String {
    if text.trim().is_empty() { none.to_owned() } else { text.to_owned() }
}

/// Name, area and statutory partners.
#[component]
pub fn AboutSummary(doc: Signal<PartnershipDoc>, change: ChangeTo) -> impl IntoView {
    view! {
        <section aria-labelledby="partnership-about-h" data-testid="partnership-about">
            <h2 class="govuk-heading-m" id="partnership-about-h">"About this partnership"</h2>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Name"</dt>
                    <dd class="govuk-summary-list__value">{move || doc.with(|p| p.name.clone())}</dd>
                    {change_link(change, edit_name_href, "the partnership's name", "change-name")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Area"</dt>
                    <dd class="govuk-summary-list__value" data-testid="partnership-area">{move || doc.with(|p| or_none(&p.area, "Not recorded"))}</dd>
                    {change_link(change, edit_area_href, "area", "change-area")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Statutory partners"</dt>
                    <dd class="govuk-summary-list__value" data-testid="statutory-partners">{move || doc.with(|p| names(p, true))}</dd>
                    {change_link(change, organisations_href, "organisations", "change-organisations")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Other organisations"</dt>
                    <dd class="govuk-summary-list__value" data-testid="other-organisations">{move || doc.with(|p| names(p, false))}</dd>
                    {change_link(change, organisations_href, "other organisations", "change-other-organisations")}
                </div>
                <div class="govuk-summary-list__row" data-testid="external-links">
                    <dt class="govuk-summary-list__key">"Links with other boards"</dt>
                    <dd class="govuk-summary-list__value">
                        <p class="govuk-body" hidden=move || doc.with(|p| !p.external_links.is_empty())>"None recorded"</p>
                        <ul class="govuk-list" hidden=move || doc.with(|p| p.external_links.is_empty())>
                            {move || doc.get().external_links.into_iter().map(|l| view! {
                                <li data-testid="external-link">{l.body.clone()}
                                    {(!l.note.is_empty()).then(|| view! { <span class="app-hint">" — " {l.note.clone()}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </dd>
                    {change_link(change, edit_links_href, "links with other boards", "change-links")}
                </div>
            </dl>
        </section>
    }
}

/// The organisations, one row each, with "Change" and "Add an organisation".
#[component]
pub fn OrganisationsSummary(
    doc: Signal<PartnershipDoc>,
    change: ChangeTo,
    /// On the organisations' own page, whose h1 names them: no heading of its own.
    #[prop(optional)]
    untitled: bool,
) -> impl IntoView {
    view! {
        <section aria-labelledby=(!untitled).then_some("organisations-h") aria-label=untitled.then_some("Organisations") data-testid="organisations">
            {(!untitled).then(|| view! { <h2 class="govuk-heading-m" id="organisations-h">"Organisations"</h2> })}
            <p class="govuk-body" hidden=move || doc.with(|p| !p.organisations.is_empty())>"No organisations recorded."</p>
            <dl class="govuk-summary-list app-summary-list--compact" hidden=move || doc.with(|p| p.organisations.is_empty())>
                {move || doc.get().organisations.into_iter().map(|o| {
                    let (oid, name) = (o.id, o.name.clone());
                    let value = if o.statutory_partner { format!("{}, statutory partner", o.sector.label()) } else { o.sector.label().to_owned() };
                    view! {
                        <div class="govuk-summary-list__row" data-testid="organisation-row">
                            <dt class="govuk-summary-list__key">{o.name.clone()}</dt>
                            <dd class="govuk-summary-list__value">{value}</dd>
                            {move || change.get().map(|id| view! {
                                <dd class="govuk-summary-list__actions">
                                    <a class="govuk-link" href=edit_organisation_href(id, oid)>
                                        "Change"<span class="govuk-visually-hidden">" " {name.clone()}</span>
                                    </a>
                                </dd>
                            })}
                        </div>
                    }
                }).collect_view()}
            </dl>
            {move || change.get().map(|id| view! {
                <p class="govuk-body">
                    <a class="govuk-link" href=new_organisation_href(id) data-testid="add-organisation-link">"Add an organisation"</a>
                </p>
            })}
        </section>
    }
}

/// Objectives and priority themes.
#[component]
pub fn PlanSummary(doc: Signal<PartnershipDoc>, change: ChangeTo) -> impl IntoView {
    let list = move |objectives: bool| {
        move || {
            let items: Vec<String> = doc.with(|p| {
                let l = if objectives { &p.objectives } else { &p.priority_themes };
                l.iter().map(|i| i.text.as_str().to_owned()).collect()
            });
            if items.is_empty() {
                view! { <p class="govuk-body">"None recorded"</p> }.into_any()
            } else {
                view! { <ol class="govuk-list govuk-list--number">{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol> }.into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="business-plan-h" data-testid="business-plan">
            <h2 class="govuk-heading-m" id="business-plan-h">"Business plan"</h2>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Objectives"</dt>
                    <dd class="govuk-summary-list__value" data-testid="objectives">{list(true)}</dd>
                    {change_link(change, edit_plan_href, "business plan objectives", "change-plan")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Priority themes"</dt>
                    <dd class="govuk-summary-list__value" data-testid="priority-themes">{list(false)}</dd>
                    {change_link(change, edit_plan_href, "business plan priority themes", "change-themes")}
                </div>
            </dl>
        </section>
    }
}

/// The id of section `n` (1-based), for the contents list.
pub fn section_anchor(n: usize) -> String {
    format!("section-{n}")
}

/// The constitution as a document: a contents list of its numbered sections, then each
/// section, its text in paragraphs.
#[component]
pub fn ConstitutionDocument(
    sections: Signal<Vec<Section>>,
    /// Under a page's own "Constitution" heading (an earlier version): headings one level down.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let heading = move |id: String, text: String| {
        if nested {
            view! { <h3 class="govuk-heading-s" id=id>{text}</h3> }.into_any()
        } else {
            view! { <h2 class="govuk-heading-m" id=id>{text}</h2> }.into_any()
        }
    };
    view! {
        <p class="govuk-body" hidden=move || sections.with(|s| !s.is_empty())>"No sections yet."</p>
        <nav class="app-contents" aria-labelledby="contents-h" hidden=move || sections.with(Vec::is_empty)>
            <p class="govuk-heading-s" id="contents-h">"Contents"</p>
            <ol class="app-contents__list" data-testid="constitution-contents">
                {move || sections.get().into_iter().enumerate().map(|(i, s)| view! {
                    <li><a class="govuk-link" href=format!("#{}", section_anchor(i + 1))>{format!("{} – {}", i + 1, s.heading)}</a></li>
                }).collect_view()}
            </ol>
        </nav>
        <div class="app-document" data-testid="constitution-sections">
            {move || sections.get().into_iter().enumerate().map(|(i, s)| {
                let text = s.text.as_str().to_owned();
                view! {
                    <section data-testid="constitution-section" aria-labelledby=section_anchor(i + 1)>
                        {heading(section_anchor(i + 1), format!("{} – {}", i + 1, s.heading))}
                        {paragraphs(&text).into_iter().map(|p| view! { <p class="govuk-body app-pre-wrap">{p}</p> }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

/// Text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn text_reads_as_paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("One.\nStill one.\n\n\nTwo.\n\n"), ["One.\nStill one.", "Two."]);
        assert!(paragraphs("  ").is_empty());
        assert_eq!(section_anchor(16), "section-16");
    }
}
