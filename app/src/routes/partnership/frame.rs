//! What every partnership page shares: the id from the address, the document (with its
//! loading, unavailable and damaged states), the person's access, and the breadcrumbs.

use domain::{model::PartnershipDoc, DocumentId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    components::{set_page_title, ReadOnly},
    repo::DocView,
    routes::{not_found::NotFound, partnership_href, partnerships_href},
    state::{use_access, use_partnership, UseAccessReturn, UsePartnershipReturn},
};

/// What a partnership page is given once its document is here.
#[derive(Debug, Clone, Copy)]
pub struct PageCtx {
    pub id: DocumentId,
    pub hook: UsePartnershipReturn,
    pub access: UseAccessReturn,
    /// The document as it is now.
    pub doc: Memo<PartnershipDoc>,
}

/// Where a page sits below the partnership's home, for the breadcrumbs.
#[derive(Debug, Clone, Copy)]
pub enum Crumbs {
    /// The home itself: "Partnerships".
    Home,
    /// A page under the home: "Partnerships › <name>".
    Under,
    /// A page under another: "Partnerships › <name> › <label>" (label, href).
    UnderPage(&'static str, fn(DocumentId) -> String),
}

/// `/partnerships/:id/…`: parses the id (a page not found when it does not parse) and shows
/// `render` once the partnership is on this device, for someone who may read it.
pub fn partnership_route<V: IntoView + 'static>(crumbs: Crumbs, render: fn(PageCtx) -> V) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => frame(id, crumbs, render).into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

fn frame<V: IntoView + 'static>(id: DocumentId, crumbs: Crumbs, render: fn(PageCtx) -> V) -> impl IntoView {
    let hook = use_partnership(id);
    let partnership = hook.partnership;
    let loaded = Memo::new(move |_| partnership.with(|p| matches!(p, DocView::Ready(_))));
    let access = use_access(id, Signal::derive(Vec::new));
    let doc = Memo::new(move |_| match partnership.get() {
        DocView::Ready(p) => p,
        _ => PartnershipDoc::default(),
    });
    let ctx = PageCtx { id, hook, access, doc };
    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item">
                    <a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a>
                </li>
                {(!matches!(crumbs, Crumbs::Home)).then(|| view! {
                    <li class="govuk-breadcrumbs__item">
                        <a class="govuk-breadcrumbs__link" href=partnership_href(id)>{move || doc.with(|p| p.name.clone())}</a>
                    </li>
                })}
                {match crumbs {
                    Crumbs::UnderPage(label, href) => Some(view! {
                        <li class="govuk-breadcrumbs__item">
                            <a class="govuk-breadcrumbs__link" href=href(id)>{label}</a>
                        </li>
                    }),
                    _ => None,
                }}
            </ol>
        </nav>
        {move || {
            if loaded.get() {
                view! { <ReadOnly access>{render(ctx)}</ReadOnly> }.into_any()
            } else {
                view! { <Pending partnership /> }.into_any()
            }
        }}
    }
}

/// Loading, unavailable or damaged.
#[component]
fn Pending(partnership: Memo<DocView<PartnershipDoc>>) -> impl IntoView {
    Effect::new(move |_| {
        let title = match partnership.get() {
            DocView::Unavailable => "Partnership not available",
            DocView::Damaged(_) => "Partnership could not be read",
            _ => "Loading partnership",
        };
        set_page_title(title, false);
    });
    move || match partnership.get() {
        DocView::Unavailable => view! {
            <h1 class="govuk-heading-l">"This partnership is not available"</h1>
            <p class="govuk-body">"It may have been removed, or the address may be wrong."</p>
        }
        .into_any(),
        DocView::Damaged(_) => view! {
            <h1 class="govuk-heading-l">"This partnership could not be read"</h1>
            <p class="govuk-body">"The copy on this device is damaged. It has not been changed."</p>
        }
        .into_any(),
        _ => view! {
            <h1 class="govuk-heading-l">"Loading partnership…"</h1>
            <p class="govuk-body">
                "If this device is offline, the partnership will load when it is back online."
            </p>
        }
        .into_any(),
    }
}
