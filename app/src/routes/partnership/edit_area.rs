//! `/partnerships/:id/edit/area`: the area the partnership covers.

use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, use_return_with_notice},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, TextInput},
    routes::partnership_href,
    state::{FormErrors, PartnershipEdit},
};

const AREA: &str = "partnership-area";

#[component]
pub fn EditAreaPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    // What the form was filled with: saving it unchanged writes nothing, so it never puts
    // back a value someone else changed meanwhile.
    let base = doc.with_untracked(|p| p.area.clone());
    let draft = RwSignal::new(base.clone());
    let back = use_return_with_notice();
    let navigate = send_wrapper::SendWrapper::new(leptos_router::hooks::use_navigate());
    Effect::new(move |_| set_page_title("Change the area", !errors.all().with(Vec::is_empty)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if draft.with_untracked(|d| d.trim() == base.trim()) {
            // Nothing to save: back as "Cancel" goes, with no banner.
            (*navigate)(&partnership_href(id), Default::default());
            return;
        }
        match hook.change.run(PartnershipEdit::SetArea(draft.get_untracked())) {
            Ok(()) => {
                errors.clear();
                back.run((id, partnership_href(id), "Area saved".to_owned()));
            }
            Err(e) => {
                errors.fail(AREA, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <h1 class="govuk-heading-l">"Change the area"</h1>
        <form class="app-form" novalidate on:submit=on_submit data-testid="area-form">
            <TextInput id=AREA label="Area" hint="The places the partnership covers, for example Leicester City"
                value=draft on_input=Callback::new(move |v| draft.set(v)) error=errors.on(AREA) />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="save-area">"Save area"</button>
                <a class="govuk-link" href=partnership_href(id)>"Cancel"</a>
            </div>
        </form>
    }
}
