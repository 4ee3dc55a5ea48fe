//! `/partnerships/:id/edit/links`: links with boards outside Quorum: remove one, or add one.

use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, SuccessBanner},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, TextInput},
    routes::partnership_href,
    state::{FormErrors, PartnershipEdit},
};

const BODY: &str = "external-link-body";
const NOTE: &str = "external-link-note";

#[component]
pub fn EditLinksPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let notice = RwSignal::new(None::<String>);
    let body = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    Effect::new(move |_| set_page_title("Links with other boards", !errors.all().with(Vec::is_empty)));
    let on_add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let edit = PartnershipEdit::AddExternalLink { body: body.get_untracked(), note: note.get_untracked() };
        match hook.change.run(edit) {
            Ok(()) => {
                errors.clear();
                notice.set(Some(format!("Link added: {}", body.get_untracked().trim())));
                body.set(String::new());
                note.set(String::new());
            }
            Err(e) => {
                notice.set(None);
                errors.fail(BODY, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <SuccessBanner message=notice.into() />
        <h1 class="govuk-heading-l">"Links with other boards"</h1>
        <p class="govuk-body" hidden=move || doc.with(|p| !p.external_links.is_empty())>"No links recorded yet."</p>
        <dl class="govuk-summary-list" hidden=move || doc.with(|p| p.external_links.is_empty())>
            {move || doc.get().external_links.into_iter().map(|l| {
                let (lid, what) = (l.id, l.body.clone());
                view! {
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{l.body.clone()}</dt>
                        <dd class="govuk-summary-list__value">{l.note.clone()}</dd>
                        <dd class="govuk-summary-list__actions">
                            <button type="button" class="app-link-button" on:click=move |_| {
                                if hook.change.run(PartnershipEdit::RemoveExternalLink(lid)).is_ok() {
                                    errors.clear();
                                    notice.set(Some(format!("Link removed: {what}")));
                                }
                            }>"Remove"<span class="govuk-visually-hidden">" " {l.body.clone()}</span></button>
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
        <form class="app-form" novalidate on:submit=on_add data-testid="link-form">
            <h2 class="govuk-heading-m">"Add a link"</h2>
            <TextInput id=BODY label="Board or partnership linked with" value=body
                on_input=Callback::new(move |v| body.set(v)) error=errors.on(BODY) />
            <TextInput id=NOTE label="How they link (optional)" value=note
                on_input=Callback::new(move |v| note.set(v)) error=errors.on(NOTE) />
            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-link">"Add link"</button>
        </form>
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id) data-testid="done">"Back to the partnership"</a></p>
    }
}
