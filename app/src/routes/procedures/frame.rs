//! What the procedure pages share: the id from the address, the procedure (loading,
//! unavailable, damaged), the person's access, and the breadcrumbs.

use domain::{procedure::ProcedureDoc, DocumentId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::library_href;
use crate::{
    components::set_page_title,
    repo::DocView,
    routes::{not_found::NotFound, partnerships_href},
    state::{use_access, use_procedure, UseAccessReturn, UseProcedureReturn},
};

/// What a procedure page is given once the procedure is here.
#[derive(Debug, Clone, Copy)]
pub struct ProcCtx {
    pub id: DocumentId,
    pub hook: UseProcedureReturn,
    pub access: UseAccessReturn,
    /// The procedure now (a default one until it is loaded: pages render only once it is).
    pub doc: Memo<ProcedureDoc>,
}

/// What a page shows, read-only, while its procedure's document is still loading, if it can
/// (a saved reading of it).
pub type Preview = fn(DocumentId) -> Option<AnyView>;

/// `/procedures/:doc…`: a page not found when the id does not parse.
pub fn procedure_route<V: IntoView + 'static>(render: fn(ProcCtx) -> V) -> impl IntoView {
    procedure_route_with_preview(render, None)
}

/// [`procedure_route`], showing `preview` (when it has one) until the procedure has loaded.
pub fn procedure_route_with_preview<V: IntoView + 'static>(render: fn(ProcCtx) -> V, preview: Option<Preview>) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("doc").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => frame(id, render, preview).into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

fn frame<V: IntoView + 'static>(id: DocumentId, render: fn(ProcCtx) -> V, preview: Option<Preview>) -> impl IntoView {
    let hook = use_procedure(id);
    let owners = Signal::derive(move || match hook.doc.get() {
        DocView::Ready(d) => d.owner_ids(),
        _ => Vec::new(),
    });
    let access = use_access(id, owners);
    // Here, still on its way (a preview may show), or neither (not available, damaged).
    let shown = Memo::new(move |_| {
        hook.doc.with(|d| match d {
            DocView::Ready(_) => Shown::Page,
            DocView::Loading | DocView::NotOpen => Shown::Loading,
            _ => Shown::Problem,
        })
    });
    let doc = Memo::new(move |_| match hook.doc.get() {
        DocView::Ready(d) => d,
        _ => ProcedureDoc::default(),
    });
    let ctx = ProcCtx { id, hook, access, doc };
    // The library of an owning partnership the person belongs to (the first owner otherwise).
    let me = crate::auth::use_me().me;
    let first_owner = Memo::new(move |_| {
        let owners = doc.with(|d| d.owner_ids());
        let mine = me.with(|m| m.as_ref().and_then(|m| owners.iter().copied().find(|o| m.partnerships.iter().any(|p| p.document_id == *o))));
        mine.or_else(|| owners.first().copied())
    });
    view! {
        <nav class="govuk-breadcrumbs app-no-print" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item">
                    <a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a>
                </li>
                {move || first_owner.get().map(|p| view! {
                    <li class="govuk-breadcrumbs__item">
                        <a class="govuk-breadcrumbs__link" href=library_href(p)>"Procedures"</a>
                    </li>
                })}
            </ol>
        </nav>
        {move || {
            match shown.get() {
                Shown::Page => render(ctx).into_any(),
                Shown::Loading => match preview.and_then(|p| p(id)) {
                    Some(preview) => preview,
                    None => view! { <Pending doc=hook.doc /> }.into_any(),
                },
                Shown::Problem => view! { <Pending doc=hook.doc /> }.into_any(),
            }
        }}
    }
}

/// What a procedure page shows for the state of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Page,
    Loading,
    Problem,
}

#[component]
fn Pending(doc: Memo<DocView<ProcedureDoc>>) -> impl IntoView {
    Effect::new(move |_| {
        let title = match doc.get() {
            DocView::Unavailable => "Procedure not available",
            DocView::Damaged(_) => "Procedure could not be read",
            _ => "Loading procedure",
        };
        set_page_title(title, false);
    });
    move || match doc.get() {
        DocView::Unavailable => view! {
            <h1 class="govuk-heading-l">"This procedure is not available"</h1>
            <p class="govuk-body">"You may not have access to it, or the address may be wrong."</p>
        }
        .into_any(),
        DocView::Damaged(_) => view! {
            <h1 class="govuk-heading-l">"This procedure could not be read"</h1>
            <p class="govuk-body">"The copy on this device is damaged. It has not been changed."</p>
        }
        .into_any(),
        _ => view! {
            <h1 class="govuk-heading-l">"Loading procedure…"</h1>
            <p class="govuk-body">"If this device is offline, the procedure will load when it is back online."</p>
        }
        .into_any(),
    }
}
