//! Read-only views of earlier versions: `/groups/:id/versions/:heads` and
//! `/partnerships/:id/versions/:heads` show the document as it was at those changes.

use automerge::ChangeHash;
use domain::{
    model::{time_label, GroupDoc, PartnershipDoc},
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{group_href, not_found::NotFound, partnership_href};
use crate::{
    components::{
        partnership_sections::{AboutSummary, ConstitutionDocument, OrganisationsSummary, PlanSummary},
        set_page_title, GroupAbout, GroupMembership, GroupNames, GroupRules, GroupTerms,
    },
    state::{use_group, use_seats, use_version},
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
        Some((id, heads)) => view! { <GroupVersion id heads /> }.into_any(),
    }
}

/// The group as it was at `heads`, through the same read-only sections as the group page
/// (names of groups, organisations and people as they are now).
#[component]
fn GroupVersion(id: DocumentId, heads: Vec<automerge::ChangeHash>) -> impl IntoView {
    let version = use_version::<GroupDoc>(id, heads);
    let hook = use_group(id);
    let seats = use_seats(id, hook.owner_docs);
    let names = Memo::new(move |_| GroupNames {
        owners: hook.owners.get(),
        groups: hook.others.get(),
        organisations: hook.organisations.get(),
        people: seats.people.get(),
        compliance: hook.compliance.get(),
    });
    let doc = Memo::new(move |_| version.with(|v| v.as_ref().map(|(g, _)| g.clone()).unwrap_or_default()));
    let today = super::group::today();
    move || match version.with(|v| v.as_ref().map(|(g, t)| (g.name.clone(), *t))) {
        None => {
            set_page_title("Loading an earlier version", false);
            view! {
                <h1 class="govuk-heading-l">"Loading the earlier version…"</h1>
                <p class="govuk-body"><a class="govuk-link" href=group_href(id)>"Back to the current version"</a></p>
            }
            .into_any()
        }
        Some((name, time)) => {
            set_page_title(&format!("{name} (earlier version)"), false);
            view! {
                <ReadOnlyBanner time back=group_href(id) />
                <span class="govuk-caption-l">"Earlier version"</span>
                <h1 class="govuk-heading-l" data-testid="version-name">{name}</h1>
                <div data-testid="group-sheet">
                    <GroupAbout doc names today change=None />
                    <GroupTerms doc change=None />
                    <GroupRules doc names change=None />
                </div>
                <GroupMembership doc names today change=None />
                <p class="govuk-body"><a class="govuk-link" href=group_href(id)>"Back to the current version"</a></p>
            }
            .into_any()
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
