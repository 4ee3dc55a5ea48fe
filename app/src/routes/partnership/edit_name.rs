//! `/partnerships/:id/edit/name`: change the partnership's name.

use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, use_return_with_notice},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, TextInput},
    routes::partnership_href,
    state::FormErrors,
};

const NAME: &str = "partnership-name-input";

#[component]
pub fn EditNamePage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    // What the form was filled with: saving it unchanged writes nothing, so it never puts
    // back a value someone else changed meanwhile.
    let base = doc.with_untracked(|p| p.name.clone());
    let draft = RwSignal::new(base.clone());
    let back = use_return_with_notice();
    let navigate = send_wrapper::SendWrapper::new(leptos_router::hooks::use_navigate());
    Effect::new(move |_| set_page_title("Change the partnership's name", !errors.all().with(Vec::is_empty)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if draft.with_untracked(|d| d.trim() == base.trim()) {
            // Nothing to save: back as "Cancel" goes, with no banner.
            (*navigate)(&partnership_href(id), Default::default());
            return;
        }
        match hook.rename.run(draft.get_untracked()) {
            Ok(()) => {
                errors.clear();
                back.run((id, partnership_href(id), "Partnership name saved".to_owned()));
            }
            Err(e) => {
                errors.fail(NAME, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <h1 class="govuk-heading-l">"Change the partnership's name"</h1>
        <form class="app-form" novalidate on:submit=on_submit data-testid="name-form">
            <TextInput id=NAME label="Partnership name" name="partnership-name" spellcheck=false
                value=draft on_input=Callback::new(move |v| draft.set(v)) error=errors.on(NAME) />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="save-name">"Save name"</button>
                <a class="govuk-link" href=partnership_href(id)>"Cancel"</a>
            </div>
        </form>
    }
}
