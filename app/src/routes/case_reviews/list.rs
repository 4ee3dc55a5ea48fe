//! `/groups/:id/case-reviews`: the case reviews whose action plans the group oversees, newest
//! first, each with how far its plan has got; editors start the plan of a new review.

use std::borrow::Cow;

use domain::{meeting::ReviewKind, DocumentId};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::id_param;
use crate::{
    components::{set_page_title, FieldError, TextInput},
    routes::{
        case_review_href, group_href,
        group::{
            errors::{PageErrorSummary, PageErrors},
            GroupData, GroupShell,
        },
        meetings::Radios,
        not_found::NotFound,
    },
    state::{use_case_reviews, ReviewRow},
};

pub const TITLE: &str = "review-title";
pub const KIND: &str = "review-kind";

/// Checks the "Start an action plan" form: the review's name and its kind.
pub fn check(title: &str, kind: &str) -> Result<(String, ReviewKind), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        errors.push(FieldError { field_id: TITLE, message: "Enter the name of the review, for example Child Safeguarding Practice Review: Child B".into() });
    } else if title.chars().count() > 200 {
        errors.push(FieldError { field_id: TITLE, message: "The name of the review must be 200 characters or fewer".into() });
    }
    let kind = ReviewKind::from_slug(kind);
    if kind.is_none() {
        errors.push(FieldError { field_id: KIND, message: "Select the kind of review".into() });
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((title, kind)),
        _ => Err(errors),
    }
}

#[component]
pub fn CaseReviewsPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <GroupShell id render=move |data| view! { <CaseReviews data /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn CaseReviews(data: GroupData) -> impl IntoView {
    let id = data.id;
    let name = data.doc.with_untracked(|g| g.name.clone());
    let list = use_case_reviews(id);
    let rows = list.rows;
    let can_edit = data.access.can_edit;
    let errors = PageErrors::new();
    Effect::new({
        let name = name.clone();
        move |_| set_page_title(&format!("Case reviews and action plans – {name}"), errors.any())
    });
    view! {
        <a class="govuk-back-link" href=group_href(id) data-testid="back-to-group">"Back to the group"</a>
        <span class="govuk-caption-l">{name}</span>
        <h1 class="govuk-heading-l">"Case reviews and action plans"</h1>
        <p class="govuk-body">"Each review's recommendations, and the actions agreed to answer them. Their actions are in the partnership's action tracker too."</p>
        <PageErrorSummary errors />
        {move || {
            if rows.with(Vec::is_empty) {
                return view! { <p class="govuk-body" data-testid="no-case-reviews">"The group oversees no case review's action plan yet."</p> }.into_any();
            }
            view! {
                <table class="govuk-table app-stack-table" data-testid="case-reviews">
                    <caption class="govuk-table__caption govuk-table__caption--m">"Reviews"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Review"</th>
                            <th scope="col" class="govuk-table__header">"Kind"</th>
                            <th scope="col" class="govuk-table__header">"Action plan"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        <For each=move || rows.get() key=|r: &ReviewRow| format!("{r:?}") let:r>
                            <tr class="govuk-table__row" data-testid="case-review-row">
                                <th scope="row" class="govuk-table__header">
                                    <a class="govuk-link" href=case_review_href(r.id)>{r.title.clone()}</a>
                                </th>
                                <td class="govuk-table__cell" data-label="Kind">{r.kind.map_or("Not on this device yet", ReviewKind::label)}</td>
                                <td class="govuk-table__cell" data-label="Action plan">{r.summary.clone()}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            }
            .into_any()
        }}
        <Show when=move || can_edit.get()>
            <StartReview start=list.start errors />
        </Show>
    }
}

#[component]
fn StartReview(start: Callback<(String, ReviewKind), Result<DocumentId, String>>, errors: PageErrors) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(ReviewKind::PracticeReview.slug().to_owned());
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&title.get_untracked(), &kind.get_untracked()) {
            Err(problems) => errors.fail("start-review", problems),
            Ok(draft) => match start.run(draft) {
                Ok(review) => {
                    errors.clear("start-review");
                    (*navigate)(&case_review_href(review), NavigateOptions::default());
                }
                Err(e) => errors.fail_one("start-review", TITLE, e),
            },
        }
    };
    let choices: Vec<(Cow<'static, str>, String)> = ReviewKind::ALL.into_iter().map(|k| (k.slug().into(), k.label().to_owned())).collect();
    view! {
        <h2 class="govuk-heading-m">"Start the action plan of a review"</h2>
        <form class="app-form" novalidate on:submit=on_submit data-testid="start-review-form">
            <TextInput id=TITLE label="Name of the review" hint="As the report names it, for example Child Safeguarding Practice Review: Child B"
                value=title on_input=Callback::new(move |v| title.set(v)) error=errors.on(TITLE) />
            <Radios name=KIND legend="Kind of review" choices value=kind error=errors.on(KIND) />
            <button type="submit" class="govuk-button" data-testid="start-review">"Start the action plan"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_needs_a_name_and_a_kind() {
        assert_eq!(check("  Child  B ", "rapid-review"), Ok(("Child B".to_owned(), ReviewKind::RapidReview)));
        let fields = |t: &str, k: &str| check(t, k).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields(" ", "nonsense"), [TITLE, KIND]);
        assert_eq!(fields(&"x".repeat(201), "practice-review"), [TITLE]);
    }
}
