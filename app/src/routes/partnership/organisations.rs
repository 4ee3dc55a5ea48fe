//! `/partnerships/:id/organisations`: the organisations in the partnership, each with a
//! "Change" link, and "Add an organisation".

use leptos::prelude::*;

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{take_notice, SuccessBanner},
};
use crate::{
    components::{partnership_sections::OrganisationsSummary, set_page_title},
    routes::partnership_href,
};

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, access, doc, .. } = ctx;
    let notice = RwSignal::new(take_notice(id));
    Effect::new(move |_| set_page_title("Organisations", false));
    let can_edit = access.can_edit;
    let change = Signal::derive(move || can_edit.get().then_some(id));
    view! {
        <SuccessBanner message=notice.into() />
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"Organisations"</h1>
        <OrganisationsSummary doc=doc.into() change untitled=true />
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id) data-testid="done">"Back to the partnership"</a></p>
    }
}
