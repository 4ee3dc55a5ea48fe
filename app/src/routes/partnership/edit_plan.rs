//! `/partnerships/:id/edit/business-plan`: the objectives and priority themes: add, move,
//! remove. Each list's add form has its own errors.

use domain::model::{PartnershipDoc, PartnershipList};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, SuccessBanner},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorMessage, ErrorSummary},
    error::AppError,
    routes::partnership_href,
    state::{FormErrors, PartnershipEdit},
};

#[component]
pub fn EditPlanPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let notice = RwSignal::new(None::<String>);
    let objectives = FormErrors::new();
    let themes = FormErrors::new();
    Effect::new(move |_| {
        let failed = !objectives.all().with(Vec::is_empty) || !themes.all().with(Vec::is_empty);
        set_page_title("Business plan", failed);
    });
    view! {
        <SuccessBanner message=notice.into() />
        <h1 class="govuk-heading-l">"Business plan"</h1>
        <PlanList which=PartnershipList::Objectives title="Objectives" field="objective-new" doc change=hook.change errors=objectives notice />
        <PlanList which=PartnershipList::PriorityThemes title="Priority themes" field="theme-new" doc change=hook.change errors=themes notice />
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id) data-testid="done">"Back to the partnership"</a></p>
    }
}

/// One business plan list with add, move and remove; its form has its own error summary.
#[component]
fn PlanList(
    which: PartnershipList,
    title: &'static str,
    field: &'static str,
    doc: Memo<PartnershipDoc>,
    change: Callback<PartnershipEdit, Result<(), AppError>>,
    errors: FormErrors,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let summary = NodeRef::<html::Div>::new();
    let draft = RwSignal::new(String::new());
    let items = Memo::new(move |_| {
        doc.with(|p| {
            let list = match which {
                PartnershipList::Objectives => &p.objectives,
                PartnershipList::PriorityThemes => &p.priority_themes,
            };
            list.iter().map(|i| (i.id, i.text.as_str().to_owned())).collect::<Vec<_>>()
        })
    });
    let on_add = move |ev: SubmitEvent| {
        ev.prevent_default();
        match change.run(PartnershipEdit::AddItem(which, draft.get_untracked())) {
            Ok(()) => {
                errors.clear();
                notice.set(Some(format!("Added to {}", title.to_lowercase())));
                draft.set(String::new());
            }
            Err(e) => {
                notice.set(None);
                errors.fail(field, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    let error = errors.on(field);
    view! {
        <section aria-label=title>
            <h2 class="govuk-heading-m">{title}</h2>
            <ErrorSummary errors=summary_of(errors) node_ref=summary />
            <p class="govuk-body" hidden=move || items.with(|i| !i.is_empty())>"None yet."</p>
            <ol class="govuk-list govuk-list--number app-edit-list">
                {move || items.get().into_iter().map(|(iid, t)| view! {
                    <li>{t.clone()}
                        <span class="app-edit-list__actions">
                            <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveItem(which, iid, -1)); }>
                                "Move up"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>
                            <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveItem(which, iid, 1)); }>
                                "Move down"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>
                            <button type="button" class="app-link-button" on:click=move |_| {
                                if change.run(PartnershipEdit::RemoveItem(which, iid)).is_ok() { notice.set(Some("Removed".to_owned())); }
                            }>"Remove"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>
                        </span>
                    </li>
                }).collect_view()}
            </ol>
            <form class="app-form" novalidate on:submit=on_add>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                    <label class="govuk-label" for=field>"Add to " {title.to_lowercase()}</label>
                    <ErrorMessage field_id=field message=error />
                    <input class="govuk-input" id=field type="text" autocomplete="off"
                        aria-describedby=move || error.with(Option::is_some).then(|| format!("{field}-error"))
                        prop:value=move || draft.get() on:input:target=move |ev| draft.set(ev.target().value()) />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary">"Add"</button>
            </form>
        </section>
    }
}
