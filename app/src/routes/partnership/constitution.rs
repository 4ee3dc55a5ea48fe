//! `/partnerships/:id/constitution`: the constitution as a readable document with a contents
//! list of its numbered sections. Editing is on its own page.

use leptos::prelude::*;

use super::{
    constitution_edit_href,
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{take_notice, SuccessBanner},
};
use crate::components::{partnership_sections::ConstitutionDocument, set_page_title};

#[component]
pub fn ConstitutionPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, access, doc, .. } = ctx;
    let notice = RwSignal::new(take_notice(id));
    Effect::new(move |_| set_page_title(&format!("Constitution – {}", doc.with(|p| p.name.clone())), false));
    let sections = Signal::derive(move || doc.with(|p| p.constitution.clone()));
    view! {
        <SuccessBanner message=notice.into() />
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"Constitution"</h1>
        {move || access.can_edit.get().then(|| view! {
            <p class="govuk-body">
                <a class="govuk-link" href=constitution_edit_href(id) data-testid="edit-constitution">"Edit the constitution"</a>
            </p>
        })}
        <ConstitutionDocument sections />
    }
}
