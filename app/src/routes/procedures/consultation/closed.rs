//! `/procedures/:doc/consultation/comments`: every comment received on the procedure,
//! grouped by section, with who made it, its response status and the replies, so the group
//! can sign off knowing every comment was dealt with. Printable: the print stylesheet hides
//! the navigation and buttons.

use domain::procedure::{ConsultationReview, ResponseStatus, ReviewedComment, SuggestionStatus};
use leptos::prelude::*;

use super::{
    super::{draft_href, frame::{procedure_route, ProcCtx}},
    consultation_summary,
};
use crate::{
    components::set_page_title,
    state::{date_of, today, use_consultation_review, when_local},
};

#[component]
pub fn ClosedConsultationPage() -> impl IntoView {
    procedure_route(page)
}

/// The GOV.UK tag of a response status (the tag says it in words too).
pub fn response_tag_class(s: ResponseStatus) -> &'static str {
    match s {
        ResponseStatus::Unanswered => "govuk-tag govuk-tag--red",
        ResponseStatus::Replied => "govuk-tag govuk-tag--blue",
        ResponseStatus::Resolved => "govuk-tag govuk-tag--grey",
        ResponseStatus::Accepted => "govuk-tag govuk-tag--green",
        ResponseStatus::Rejected => "govuk-tag govuk-tag--purple",
    }
}

fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

fn page(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, access, doc, .. } = ctx;
    Effect::new(move |_| set_page_title(&format!("Comments received: {}", doc.with(|d| d.title.clone())), false));
    let review = use_consultation_review(id, doc);
    let summary = Memo::new(move |_| doc.with(|d| consultation_summary(&d.consultation, today())));
    let consulted = Memo::new(move |_| doc.with(|d| d.consultation.consulted.iter().map(|c| c.name.clone()).collect::<Vec<_>>()));
    view! {
        <article class="app-consultation-review" data-testid="consultation-review">
            <span class="govuk-caption-l">{move || doc.with(|d| d.title.clone())}</span>
            <h1 class="govuk-heading-l">"Comments received"</h1>
            <p class="govuk-body" data-testid="consultation-status">
                {move || summary.get().unwrap_or_else(|| "This procedure has not been out for consultation.".to_owned())}
            </p>
            {move || (!consulted.with(Vec::is_empty)).then(|| view! {
                <p class="govuk-body">"Consulted: "{move || consulted.get().join("; ")}</p>
            })}
            {move || (!access.can_edit.get()).then(|| view! {
                <p class="govuk-body app-hint">"You can read these comments. The procedure's editors respond to them."</p>
            })}
            <div class="govuk-button-group app-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| print() data-testid="print">"Print this page"</button>
                <a class="govuk-link" href=draft_href(id)>"Back to the draft"</a>
            </div>
            {move || match review.get() {
                None => view! { <p class="govuk-body" data-testid="comments-loading">"The comments have not reached this device yet. They will appear here when it is online."</p> }.into_any(),
                Some(r) => view! { <Review review=r /> }.into_any(),
            }}
            <p class="govuk-body app-print-only">{move || format!("Printed from Quorum on {}.", today().long())}</p>
        </article>
    }
}

#[component]
fn Review(review: ConsultationReview) -> impl IntoView {
    let unanswered = review.unanswered();
    let total = review.total;
    view! {
        <h2 class="govuk-heading-m" id="responses-h">"Summary of responses"</h2>
        <dl class="govuk-summary-list app-response-counts" aria-labelledby="responses-h" data-testid="response-counts">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Comments received"</dt>
                <dd class="govuk-summary-list__value">{total}</dd>
            </div>
            {review.counts.iter().map(|(s, n)| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{s.label()}</dt>
                    <dd class="govuk-summary-list__value">{*n}</dd>
                </div>
            }).collect_view()}
        </dl>
        {if total == 0 {
            view! { <p class="govuk-body" data-testid="no-comments">"No comments were made."</p> }.into_any()
        } else if unanswered == 0 {
            view! { <div class="govuk-inset-text" data-testid="all-answered">"Every comment has had a response."</div> }.into_any()
        } else {
            view! {
                <div class="govuk-warning-text" data-testid="unanswered">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        {if unanswered == 1 { "1 comment has had no response yet.".to_owned() } else { format!("{unanswered} comments have had no response yet.") }}
                    </strong>
                </div>
            }.into_any()
        }}
        {review.sections.into_iter().enumerate().map(|(n, s)| {
            let hid = format!("review-section-{n}");
            let labelled = hid.clone();
            view! {
                <section class="app-review-section" aria-labelledby=labelled data-testid="review-section">
                    <h2 class="govuk-heading-m" id=hid>
                        {s.heading.clone()}
                        {s.removed.then(|| view! { " " <strong class="govuk-tag govuk-tag--grey">"Removed since"</strong> })}
                    </h2>
                    <ol class="govuk-list app-review-comments">
                        {s.comments.into_iter().map(|c| view! { <li><ReviewComment comment=c /></li> }).collect_view()}
                    </ol>
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn ReviewComment(comment: ReviewedComment) -> impl IntoView {
    let ReviewedComment { id, who, consulted, at, edited_at, quote, body, suggestion, status, replies } = comment;
    let title = format!("review-comment-{id}");
    let labelled = title.clone();
    view! {
        <article class="govuk-summary-card app-comment app-review-comment" aria-labelledby=labelled data-testid="review-comment">
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title" id=title>
                    <span data-testid="review-who">{who}</span>
                    <span class="app-hint app-comment__when">{format!(", {}", date_of(at).long())}</span>
                    {edited_at.map(|e| view! { <span class="app-hint app-comment__edited" data-testid="review-edited">{format!(" (edited {})", when_local(e))}</span> })}
                    {consulted.then(|| view! { " " <strong class="govuk-tag govuk-tag--turquoise">"Consulted"</strong> })}
                </h3>
                <strong class=response_tag_class(status) data-testid="review-status">{status.label()}</strong>
            </div>
            <div class="govuk-summary-card__content">
                {quote.map(|q| view! {
                    <blockquote class="app-comment__quote"><span class="govuk-visually-hidden">"On the words: "</span>{q}</blockquote>
                })}
                {(!body.is_empty()).then(|| view! { <p class="govuk-body app-comment__body" data-testid="review-body">{body}</p> })}
                {suggestion.map(|(replacement, s)| view! {
                    <p class="govuk-body">
                        {match s { SuggestionStatus::Open => "Suggested replacement: ", SuggestionStatus::Accepted => "Accepted replacement: ", SuggestionStatus::Rejected => "Rejected replacement: " }}
                        <ins class="app-comment__replacement">{replacement}</ins>
                    </p>
                })}
                {if replies.is_empty() {
                    view! { <p class="govuk-body-s app-hint">"No replies."</p> }.into_any()
                } else {
                    view! {
                        <h4 class="govuk-heading-s app-review-comment__replies-h">"Replies"</h4>
                        <ul class="govuk-list app-comment__replies">
                            {replies.into_iter().map(|r| view! {
                                <li data-testid="review-reply"><strong>{r.who}</strong><span class="app-hint">{format!(", {}", date_of(r.at).long())}</span><br />{r.body}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </article>
    }
}
