//! `/partnerships/:id/constitution/edit`: add, edit, reorder and remove the constitution's
//! sections. The section form is at the top, with its own errors.

use domain::{model::{Rebase, SectionForm}, ItemId};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    constitution_href,
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{focus_success_banner, summary_of, SuccessBanner, TextSaved},
};
use crate::{
    components::{focus_by_id, focus_error_summary, set_page_title, ErrorSummary, TextInput},
    state::{FormErrors, PartnershipEdit},
};

const HEADING: &str = "section-heading";
const TEXT: &str = "section-text";

#[component]
pub fn ConstitutionEditPage() -> impl IntoView {
    partnership_route(Crumbs::UnderPage("Constitution", constitution_href), page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let change = hook.change;
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let form = NodeRef::<html::Form>::new();
    let notice = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<ItemId>);
    let heading = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    // The section as the form was filled on "Edit": saving writes only what was changed since.
    let base = StoredValue::new(SectionForm::default());
    Effect::new(move |_| set_page_title("Edit the constitution", !errors.all().with(Vec::is_empty)));
    let reset = move || {
        editing.set(None);
        heading.set(String::new());
        text.set(String::new());
    };
    let on_section = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = SectionForm { heading: heading.get_untracked(), text: text.get_untracked() };
        let mut outcome = TextSaved::AsTyped;
        let edit = match editing.get_untracked() {
            Some(id) => {
                // Only what the person changed is written: others' changes since "Edit" stay,
                // in the text too where they touch other words.
                let current = doc.with_untracked(|p| p.constitution.iter().find(|s| s.id == id).map(SectionForm::of));
                let theirs = current.as_ref().map(|c| c.text.clone());
                let base = base.get_value();
                let form = typed.clone().rebase_onto(Some(&base), current);
                outcome = theirs.map_or(TextSaved::AsTyped, |theirs| TextSaved::of(&base.text, &typed.text, &theirs, &form.text));
                PartnershipEdit::EditSection { id, heading: form.heading, text: form.text }
            }
            None => PartnershipEdit::AddSection { heading: typed.heading, text: typed.text },
        };
        match change.run(edit) {
            Ok(()) => {
                errors.clear();
                notice.set(Some(outcome.notice("Section saved", "its text")));
                focus_success_banner();
                reset();
            }
            Err(e) => {
                notice.set(None);
                errors.fail(HEADING, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    let act = move |edit: PartnershipEdit, done: &'static str| {
        if change.run(edit).is_ok() {
            errors.clear();
            notice.set(Some(done.to_owned()));
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <SuccessBanner message=notice.into() />
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"Edit the constitution"</h1>
        <form class="app-form" novalidate on:submit=on_section data-testid="section-form" node_ref=form>
            <h2 class="govuk-heading-m">{move || if editing.get().is_some() { "Edit section" } else { "Add a section" }}</h2>
            <TextInput id=HEADING label="Section heading" value=heading on_input=Callback::new(move |v| heading.set(v))
                error=errors.on(HEADING) />
            <div class="govuk-form-group">
                <label class="govuk-label" for=TEXT>"Section text"</label>
                <div id=format!("{TEXT}-hint") class="govuk-hint">"Leave a blank line between paragraphs."</div>
                <textarea class="govuk-textarea" id=TEXT rows="6" aria-describedby=format!("{TEXT}-hint")
                    prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="save-section">"Save section"</button>
                <button type="button" class="app-link-button" hidden=move || editing.get().is_none() on:click=move |_| reset()>"Cancel"</button>
            </div>
        </form>
        <h2 class="govuk-heading-m">"Sections"</h2>
        <p class="govuk-body" hidden=move || doc.with(|p| !p.constitution.is_empty())>"No sections yet."</p>
        <ol class="govuk-list app-edit-list" data-testid="constitution-edit-sections">
            {move || doc.get().constitution.into_iter().enumerate().map(|(i, s)| {
                let (sid, h, t) = (s.id, s.heading.clone(), s.text.as_str().to_owned());
                let n = i + 1;
                let label = format!("{n} – {h}");
                view! {
                    <li class="app-edit-list__item" data-testid="constitution-edit-section">
                        <span class="app-edit-list__label">{label}</span>
                        <span class="app-edit-list__actions">
                            <button type="button" class="app-link-button" on:click=move |_| {
                                editing.set(Some(sid));
                                base.set_value(SectionForm { heading: h.clone(), text: t.clone() });
                                heading.set(h.clone());
                                text.set(t.clone());
                                if let Some(f) = form.get_untracked() {
                                    f.scroll_into_view();
                                }
                                focus_by_id(HEADING);
                            }>"Edit"<span class="govuk-visually-hidden">" section " {n}</span></button>
                            <button type="button" class="app-link-button" on:click=move |_| act(PartnershipEdit::MoveSection(sid, -1), "Section moved up")>
                                "Move up"<span class="govuk-visually-hidden">" section " {n}</span></button>
                            <button type="button" class="app-link-button" on:click=move |_| act(PartnershipEdit::MoveSection(sid, 1), "Section moved down")>
                                "Move down"<span class="govuk-visually-hidden">" section " {n}</span></button>
                            <button type="button" class="app-link-button" on:click=move |_| act(PartnershipEdit::RemoveSection(sid), "Section removed")>
                                "Remove"<span class="govuk-visually-hidden">" section " {n}</span></button>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="govuk-body"><a class="govuk-link" href=constitution_href(id) data-testid="done">"Back to the constitution"</a></p>
    }
}
