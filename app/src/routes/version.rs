//! Read-only views of earlier versions: `/groups/:id/versions/:heads` and
//! `/partnerships/:id/versions/:heads` show the document as it was at those changes.

use automerge::ChangeHash;
use domain::{
    model::{read_at, time_label, timeline, GroupDoc, PartnershipDoc},
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{group_href, not_found::NotFound, partnership_href};
use crate::{
    components::{
        partnership_sections::{AboutSummary, ConstitutionDocument, OrganisationsSummary, PlanSummary},
        set_page_title,
    },
    state::use_repo,
};

/// `/groups/<documentId>/versions/<hash,hash>`: a read-only view of an earlier version.
pub fn group_version_href(id: DocumentId, heads: &[ChangeHash]) -> String {
    format!("/groups/{id}/versions/{}", heads_param(heads))
}

/// `/partnerships/<documentId>/versions/<hash,hash>`.
pub fn partnership_version_href(id: DocumentId, heads: &[ChangeHash]) -> String {
    format!("/partnerships/{id}/versions/{}", heads_param(heads))
}

fn heads_param(heads: &[ChangeHash]) -> String {
    heads.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(",")
}

/// The heads in a version link, or `None` when one does not parse.
pub fn parse_heads(param: &str) -> Option<Vec<ChangeHash>> {
    param.split(',').map(|h| h.parse().ok()).collect::<Option<Vec<_>>>().filter(|h| !h.is_empty())
}

fn params() -> Memo<Option<(DocumentId, Vec<ChangeHash>)>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            let id = p.get("id")?.parse::<DocumentId>().ok()?;
            let heads = parse_heads(&p.get("heads")?)?;
            Some((id, heads))
        })
    })
}

/// The document `id` at `heads` as `T`, with the time of the latest change it includes;
/// `None` while the document (or those changes) are not on this device.
fn use_version<T: autosurgeon::Hydrate + Clone + PartialEq + Send + Sync + 'static>(
    id: DocumentId,
    heads: Vec<ChangeHash>,
) -> Memo<Option<(T, i64)>> {
    let ctx = use_repo();
    ctx.repo().open(id);
    Memo::new(move |_| {
        ctx.track_documents();
        ctx.repo()
            .with_document(id, |d| {
                let value = read_at::<T>(d, &heads).ok()?;
                let time = timeline(d).into_iter().filter(|c| heads.contains(&c.hash)).map(|c| c.time).max().unwrap_or_default();
                Some((value, time))
            })
            .flatten()
    })
}

#[component]
fn ReadOnlyBanner(time: i64, back: String) -> impl IntoView {
    view! {
        <div class="govuk-notification-banner" role="region" aria-labelledby="version-banner-h" data-testid="read-only-version">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="version-banner-h">"Earlier version — read only"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">"This is how it was on " {time_label(time)} ". It cannot be changed here."</p>
                <p class="govuk-body"><a class="govuk-notification-banner__link" href=back data-testid="back-to-current">"Back to the current version"</a></p>
            </div>
        </div>
    }
}

#[component]
pub fn GroupVersionPage() -> impl IntoView {
    let p = params();
    move || match p.get() {
        None => view! { <NotFound /> }.into_any(),
        Some((id, heads)) => {
            let version = use_version::<GroupDoc>(id, heads);
            let inner = move || match version.get() {
                None => {
                    set_page_title("Loading an earlier version", false);
                    view! {
                        <h1 class="govuk-heading-l">"Loading the earlier version…"</h1>
                        <p class="govuk-body"><a class="govuk-link" href=group_href(id)>"Back to the current version"</a></p>
                    }.into_any()
                }
                Some((g, time)) => {
                    set_page_title(&format!("{} (earlier version)", g.name), false);
                    let t = &g.terms;
                    let rows: Vec<(&str, String)> = vec![
                        ("Kind", g.kind.label().to_owned()),
                        ("Status", g.status.label().to_owned()),
                        ("Chairing", t.chairing.arrangement.label()),
                        ("Meets", t.frequency.map(|f| f.label()).unwrap_or_else(|| "Not recorded".into())),
                        ("Quorum", t.quorum.as_ref().map(|q| q.threshold.label()).unwrap_or_else(|| "Not recorded".into())),
                        ("Decisions", { let l = t.decisions.lines(); if l.is_empty() { "Not recorded".into() } else { l.join(". ") } }),
                        ("Attendance", t.attendance.map(|a| a.label()).unwrap_or_else(|| "Not recorded".into())),
                        ("Version", if t.version.is_empty() { "Not recorded".into() } else { t.version.clone() }),
                    ];
                    view! {
                        <ReadOnlyBanner time back=group_href(id) />
                        <span class="govuk-caption-l">"Earlier version"</span>
                        <h1 class="govuk-heading-l" data-testid="version-name">{g.name.clone()}</h1>
                        <h2 class="govuk-heading-m">"Terms of reference"</h2>
                        <h3 class="govuk-heading-s">"Purpose"</h3>
                        <p class="govuk-body app-pre-wrap" data-testid="version-purpose">{t.purpose.as_str().to_owned()}</p>
                        <h3 class="govuk-heading-s">"Functions"</h3>
                        <ol class="govuk-list govuk-list--number" data-testid="version-functions">
                            {t.functions.iter().map(|f| view! { <li>{f.text.as_str().to_owned()}</li> }).collect_view()}
                        </ol>
                        <dl class="govuk-summary-list">
                            {rows.into_iter().map(|(k, v)| view! {
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">{k}</dt>
                                    <dd class="govuk-summary-list__value">{v}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                        <h3 class="govuk-heading-s">"Standing agenda"</h3>
                        <ul class="govuk-list govuk-list--bullet">
                            {t.standing_items.iter().map(|f| view! { <li>{f.text.as_str().to_owned()}</li> }).collect_view()}
                        </ul>
                        <h2 class="govuk-heading-m">"Membership"</h2>
                        <div class="app-table-scroll" tabindex="0" role="region" aria-label="Seats table">
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-visually-hidden">"Seats in this version"</caption>
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Role"</th>
                                <th scope="col" class="govuk-table__header">"Category"</th>
                                <th scope="col" class="govuk-table__header">"Voting"</th>
                                <th scope="col" class="govuk-table__header">"Held"</th>
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {g.seats.iter().map(|s| view! {
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">{s.role_title.clone()}</th>
                                        <td class="govuk-table__cell">{s.category.label()}</td>
                                        <td class="govuk-table__cell">{if s.voting { "Yes" } else { "No" }}</td>
                                        <td class="govuk-table__cell">{if s.holder.is_some() { "Appointed" } else { "Vacant" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        <p class="govuk-body"><a class="govuk-link" href=group_href(id)>"Back to the current version"</a></p>
                    }.into_any()
                }
            };
            view! { {inner} }.into_any()
        }
    }
}

#[component]
pub fn PartnershipVersionPage() -> impl IntoView {
    let p = params();
    move || match p.get() {
        None => view! { <NotFound /> }.into_any(),
        Some((id, heads)) => {
            let version = use_version::<PartnershipDoc>(id, heads);
            let inner = move || match version.get() {
                None => {
                    set_page_title("Loading an earlier version", false);
                    view! {
                        <h1 class="govuk-heading-l">"Loading the earlier version…"</h1>
                        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to the current version"</a></p>
                    }.into_any()
                }
                Some((p, time)) => {
                    set_page_title(&format!("{} (earlier version)", p.name), false);
                    let name = p.name.clone();
                    let sections = p.constitution.clone();
                    let doc = Signal::stored(p);
                    let change = Signal::stored(None);
                    view! {
                        <ReadOnlyBanner time back=partnership_href(id) />
                        <span class="govuk-caption-l">"Earlier version"</span>
                        <h1 class="govuk-heading-l" data-testid="version-name">{name}</h1>
                        <AboutSummary doc change />
                        <OrganisationsSummary doc change />
                        <PlanSummary doc change />
                        <section aria-labelledby="version-constitution-h" data-testid="version-constitution">
                            <h2 class="govuk-heading-m" id="version-constitution-h">"Constitution"</h2>
                            <ConstitutionDocument sections=Signal::stored(sections) nested=true />
                        </section>
                        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to the current version"</a></p>
                    }.into_any()
                }
            };
            view! { {inner} }.into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn version_links_carry_the_heads_and_parse_back() {
        let mut doc = automerge::AutoCommit::new();
        automerge::transaction::Transactable::put(&mut doc, automerge::ROOT, "name", "Board").unwrap();
        let heads = doc.get_heads();
        let href = group_version_href(DocumentId::random(), &heads);
        let param = href.rsplit('/').next().unwrap();
        assert_eq!(parse_heads(param), Some(heads));
        assert_eq!(parse_heads("not-a-hash"), None);
        assert_eq!(parse_heads(""), None);
    }
}
