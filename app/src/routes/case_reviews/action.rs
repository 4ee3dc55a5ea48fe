//! `/case-reviews/:id/recommendations/:rec/action`: an action answering one recommendation of
//! a case review — what, who owns it (a person or an organisation) and when it is due.

use domain::{DocumentId, ItemId};
use leptos::prelude::*;
use leptos_router::{hooks::{use_navigate, use_params_map}, NavigateOptions};

use super::{id_param, review::{review_memo, ReviewShell}};
use crate::{
    components::{set_page_title, ErrorMessage, TextInput},
    routes::{
        case_review_href,
        group::{errors::{PageErrorSummary, PageErrors}, GroupData},
        meetings::{
            action_form::{check, DESCRIPTION, DUE, OWNER},
            set_flash, DateInput, TypedDate,
        },
        not_found::NotFound,
    },
    state::{ReviewEdit, UseCaseReviewReturn},
};

#[component]
pub fn ReviewActionPage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let rec = Memo::new(move |_| params.with(|p| p.get("rec").and_then(|s| s.parse::<ItemId>().ok())));
    move || match (id.get(), rec.get()) {
        (Some(id), Some(rec)) => view! { <ReviewShell id action_for=rec /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub(super) fn ActionForm(id: DocumentId, recommendation: ItemId, review: UseCaseReviewReturn, data: GroupData) -> impl IntoView {
    let r = review_memo(review);
    let Some((number, text)) = r.with_untracked(|r| Some((r.number_of(recommendation)?, r.recommendations.iter().find(|x| x.id == recommendation)?.text.clone()))) else {
        return view! { <NotFound /> }.into_any();
    };
    let caption = r.with_untracked(|r| r.title.clone());
    let title = format!("Add an action for recommendation {number}");
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(TypedDate::default());
    let errors = PageErrors::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    {
        let page_title = format!("{title} – {caption}");
        Effect::new(move |_| set_page_title(&page_title, errors.any()));
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&description.get_untracked(), &owner.get_untracked(), &due.get_untracked()) {
            Err(problems) => errors.fail("plan-action", problems),
            Ok(a) => match review.change.run(ReviewEdit::AddAction { recommendation, description: a.description, owner: a.owner, due: a.due }) {
                Ok(()) => {
                    set_flash(format!("Action added to recommendation {number}"));
                    (*navigate)(&case_review_href(id), NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => errors.fail_one("plan-action", DESCRIPTION, e),
            },
        }
    };
    let description_error = errors.on(DESCRIPTION);
    let _ = data;
    view! {
        <a class="govuk-back-link" href=case_review_href(id) data-testid="back-to-review">"Back to the action plan"</a>
        <span class="govuk-caption-l">{caption}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <div class="govuk-inset-text" data-testid="recommendation-answered">{text}</div>
        <PageErrorSummary errors />
        <form class="app-form" novalidate on:submit=on_submit data-testid="plan-action-form">
            <div class="govuk-form-group" class=("govuk-form-group--error", move || description_error.with(Option::is_some))>
                <label class="govuk-label" for=DESCRIPTION>"What will be done?"</label>
                <ErrorMessage field_id=DESCRIPTION message=description_error />
                <textarea class="govuk-textarea" id=DESCRIPTION rows="3"
                    class=("govuk-textarea--error", move || description_error.with(Option::is_some))
                    prop:value=move || description.get()
                    on:input:target=move |ev| description.set(ev.target().value())></textarea>
            </div>
            <TextInput id=OWNER label="Owner" hint="A person or an organisation"
                value=owner on_input=Callback::new(move |v| owner.set(v)) error=errors.on(OWNER) />
            <DateInput id=DUE legend="Due date (optional)" value=due error=errors.on(DUE) />
            <button type="submit" class="govuk-button" data-testid="save-plan-action">"Add action"</button>
        </form>
    }
    .into_any()
}
