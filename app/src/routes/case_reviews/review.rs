//! `/case-reviews/:id`: one case review's action plan, read first: the plan in a sentence,
//! then each recommendation in order with how far its actions have got and the actions
//! themselves (owner, due date, status; overdue flagged). Editors add a recommendation, add an
//! action to a recommendation (its own page) and move an action's status on.

use domain::{
    meeting::{Action, ActionStatus, CaseReviewDoc},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{id_param, review_action_href};
use crate::{
    components::{set_page_title, ErrorMessage, FieldError},
    repo::DocView,
    routes::{
        case_reviews_href,
        group::{
            errors::{PageErrorSummary, PageErrors},
            GroupData, GroupShell,
        },
        meetings::{date_text, take_flash},
        not_found::NotFound,
        partnership::actions_href,
    },
    state::{use_case_review, ReviewEdit, TrackerQuery, UseCaseReviewReturn},
};

pub const RECOMMENDATION: &str = "recommendation-text";

/// Checks the "Add a recommendation" form.
pub fn check_recommendation(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError { field_id: RECOMMENDATION, message: "Enter the recommendation".into() });
    }
    if text.chars().count() > 2000 {
        return Err(FieldError { field_id: RECOMMENDATION, message: "The recommendation must be 2,000 characters or fewer".into() });
    }
    Ok(text.to_owned())
}

#[component]
pub fn CaseReviewPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <ReviewShell id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// Waits for the review's document, then shows it inside its group's shell.
#[component]
pub(super) fn ReviewShell(id: DocumentId, #[prop(optional)] action_for: Option<ItemId>) -> impl IntoView {
    let review = use_case_review(id);
    let group = Memo::new(move |_| review.doc.with(|d| match d {
        DocView::Ready(r) => Some(r.group),
        DocView::Unavailable | DocView::Damaged(_) => Some(None),
        _ => None,
    }));
    move || match group.get() {
        Some(Some(group)) => view! {
            <GroupShell id=group render=move |data| match action_for {
                None => view! { <ReviewView id review data /> }.into_any(),
                Some(rec) => view! { <super::action::ActionForm id recommendation=rec review data /> }.into_any(),
            } />
        }
        .into_any(),
        Some(None) => view! { <NotFound /> }.into_any(),
        None => view! { <p class="govuk-body" role="status" data-testid="review-loading">"Loading the case review…"</p> }.into_any(),
    }
}

/// The review as read (a default one until it is on this device).
pub(super) fn review_memo(review: UseCaseReviewReturn) -> Memo<CaseReviewDoc> {
    Memo::new(move |_| review.doc.with(|d| match d {
        DocView::Ready(r) => r.clone(),
        _ => CaseReviewDoc::default(),
    }))
}

/// The GOV.UK tag of an action's status (overdue in red).
fn status_tag(a: &Action, overdue: bool) -> (&'static str, String) {
    if overdue {
        return ("govuk-tag govuk-tag--red", format!("{}, overdue", a.status.label()));
    }
    let class = match a.status {
        ActionStatus::Open => "govuk-tag govuk-tag--grey",
        ActionStatus::InProgress => "govuk-tag govuk-tag--blue",
        ActionStatus::Done => "govuk-tag govuk-tag--green",
        ActionStatus::Dropped => "govuk-tag govuk-tag--yellow",
    };
    (class, a.status.label().to_owned())
}

#[component]
fn ReviewView(id: DocumentId, review: UseCaseReviewReturn, data: GroupData) -> impl IntoView {
    let r = review_memo(review);
    let group = data.id;
    let group_name = data.doc.with_untracked(|g| g.name.clone());
    let can_edit = data.access.can_edit;
    let errors = PageErrors::new();
    let title = Memo::new(move |_| r.with(|r| r.title.clone()));
    Effect::new({
        let group_name = group_name.clone();
        move |_| set_page_title(&format!("{} – {group_name}", title.get()), errors.any())
    });
    let today = crate::state::today();
    let flash = RwSignal::new(take_flash());
    let partnership = data.hook.owners.with_untracked(|o| o.first().map(|o| o.id));
    view! {
        <a class="govuk-back-link" href=case_reviews_href(group) data-testid="back-to-case-reviews">"Back to case reviews"</a>
        {move || flash.get().map(|m| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" data-testid="review-flash">
                <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">{m}</p></div>
            </div>
        })}
        <span class="govuk-caption-l">{move || format!("{} – {}", group_name, r.with(|r| r.kind.label()))}</span>
        <h1 class="govuk-heading-l" data-testid="review-title">{move || title.get()}</h1>
        <p class="govuk-body-l" data-testid="review-summary">{move || r.with(|r| r.summary(today))}</p>
        {partnership.map(|p| view! {
            <p class="govuk-body"><a class="govuk-link" href=actions_href(p, &TrackerQuery { group: Some(group), ..TrackerQuery::default() })>"See these actions in the action tracker"</a></p>
        })}
        <PageErrorSummary errors />
        <ol class="govuk-list app-recommendations" data-testid="recommendations">
            <For each=move || r.with(|r| r.recommendations.iter().map(|x| x.id).collect::<Vec<_>>()) key=|x| *x let:rec>
                <Recommendation id rec r today can_edit change=review.change errors />
            </For>
        </ol>
        <Show when=move || can_edit.get()>
            <AddRecommendation change=review.change errors />
        </Show>
    }
}

#[component]
fn Recommendation(id: DocumentId, rec: ItemId, r: Memo<CaseReviewDoc>, today: domain::model::Date, can_edit: Memo<bool>, change: Callback<ReviewEdit, Result<(), String>>, errors: PageErrors) -> impl IntoView {
    let number = Memo::new(move |_| r.with(|r| r.number_of(rec).unwrap_or(0)));
    let text = Memo::new(move |_| r.with(|r| r.recommendations.iter().find(|x| x.id == rec).map(|x| x.text.clone()).unwrap_or_default()));
    let actions = Memo::new(move |_| r.with(|r| r.actions_for(rec).cloned().collect::<Vec<_>>()));
    let heading = format!("recommendation-{rec}");
    view! {
        <li class="app-recommendation" data-testid="recommendation">
            <h2 class="govuk-heading-m" id=heading.clone()>{move || format!("Recommendation {}", number.get())}</h2>
            <p class="govuk-body app-recommendation__text">{move || text.get()}</p>
            <p class="govuk-body" data-testid="recommendation-progress"><strong>{move || r.with(|r| r.progress(rec, today).sentence())}</strong></p>
            {move || (!actions.with(Vec::is_empty)).then(|| view! {
                <table class="govuk-table app-stack-table" aria-labelledby=heading.clone() data-testid="plan-actions">
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Action"</th>
                            <th scope="col" class="govuk-table__header">"Owner"</th>
                            <th scope="col" class="govuk-table__header">"Due"</th>
                            <th scope="col" class="govuk-table__header">"Status"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {actions.get().into_iter().map(|a| {
                            let overdue = a.is_overdue(today);
                            let (class, label) = status_tag(&a, overdue);
                            let action = a.id;
                            let status = a.status;
                            let description = a.description.clone();
                            view! {
                                <tr class="govuk-table__row" data-testid="plan-action" data-overdue=overdue.to_string()>
                                    <td class="govuk-table__cell" data-label="Action">{a.description.clone()}</td>
                                    <td class="govuk-table__cell" data-label="Owner">{a.owner.clone()}</td>
                                    <td class="govuk-table__cell" data-label="Due">{a.due.map_or_else(|| "No date".to_owned(), |d| date_text(Some(d)))}</td>
                                    <td class="govuk-table__cell" data-label="Status">
                                        <strong class=class>{label}</strong>
                                        <Show when=move || can_edit.get()>
                                            <StatusForm action status description=description.clone() change errors />
                                        </Show>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <Show when=move || can_edit.get()>
                <p class="govuk-body">
                    <a class="govuk-link" href=review_action_href(id, rec) data-testid="add-plan-action">
                        "Add an action"<span class="govuk-visually-hidden">{move || format!(" for recommendation {}", number.get())}</span>
                    </a>
                </p>
            </Show>
        </li>
    }
}

/// Moves one action's status on: a select and "Update".
#[component]
fn StatusForm(action: ItemId, status: ActionStatus, description: String, change: Callback<ReviewEdit, Result<(), String>>, errors: PageErrors) -> impl IntoView {
    let field = format!("status-{action}");
    let chosen = RwSignal::new(status);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match change.run(ReviewEdit::SetStatus(action, chosen.get_untracked())) {
            Ok(()) => errors.clear("plan-status"),
            Err(e) => errors.fail_one("plan-status", RECOMMENDATION, e),
        }
    };
    let choices = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Done, ActionStatus::Dropped];
    view! {
        <form class="app-inline-form" novalidate on:submit=on_submit data-testid="plan-status-form">
            <label class="govuk-label govuk-visually-hidden" for=field.clone()>{format!("Status of “{description}”")}</label>
            <select class="govuk-select" id=field on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(s) = choices.into_iter().find(|s| s.label() == v) {
                    chosen.set(s);
                }
            }>
                {choices.into_iter().map(|s| view! { <option value=s.label() selected=move || chosen.get() == s>{s.label()}</option> }).collect_view()}
            </select>
            <button type="submit" class="govuk-button govuk-button--secondary app-inline-form__button">
                "Update"<span class="govuk-visually-hidden">{format!(" the status of “{description}”")}</span>
            </button>
        </form>
    }
}

#[component]
fn AddRecommendation(change: Callback<ReviewEdit, Result<(), String>>, errors: PageErrors) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let done = RwSignal::new(String::new());
    let error = errors.on(RECOMMENDATION);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_recommendation(&text.get_untracked()) {
            Err(e) => {
                done.set(String::new());
                errors.fail("recommendation", vec![e]);
            }
            Ok(t) => match change.run(ReviewEdit::AddRecommendation(t)) {
                Ok(()) => {
                    errors.clear("recommendation");
                    text.set(String::new());
                    done.set("Recommendation added".to_owned());
                }
                Err(e) => errors.fail_one("recommendation", RECOMMENDATION, e),
            },
        }
    };
    view! {
        <h2 class="govuk-heading-m">"Add a recommendation"</h2>
        <form class="app-form" novalidate on:submit=on_submit data-testid="add-recommendation-form">
            <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                <label class="govuk-label" for=RECOMMENDATION>"The recommendation, as the review's report words it"</label>
                <ErrorMessage field_id=RECOMMENDATION message=error />
                <textarea class="govuk-textarea" class=("govuk-textarea--error", move || error.with(Option::is_some)) id=RECOMMENDATION rows="3"
                    prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-recommendation">"Add recommendation"</button>
            <p class="govuk-body" role="status" data-testid="recommendation-done">{move || done.get()}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recommendation_needs_words() {
        assert_eq!(check_recommendation("  Share early.  "), Ok("Share early.".to_owned()));
        assert_eq!(check_recommendation(" ").unwrap_err().message, "Enter the recommendation");
        assert!(check_recommendation(&"x".repeat(2001)).is_err());
    }
}
