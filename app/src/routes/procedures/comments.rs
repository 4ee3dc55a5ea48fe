//! The "Comments" panel of one section of a procedure's draft: open comments as GOV.UK
//! summary cards (the quoted words, the comment, a suggested replacement with Accept and
//! Reject, replies), resolved ones folded away, and the "Add a comment" form.

use domain::{procedure::SuggestionStatus, ItemId};
use leptos::{html, prelude::*};

use crate::{
    components::{element_id, focus_error_summary, ErrorMessage, ErrorSummary, FieldError},
    state::{CommentCommand, CommentField, CommentProblem, CommentView, UseCommentsReturn},
};

/// The comments on `section`; `can_comment` shows the forms, reply and resolve buttons,
/// `can_decide` the Accept and Reject buttons of suggestions.
#[component]
pub fn SectionComments(section: ItemId, heading: Signal<String>, hook: UseCommentsReturn, can_comment: Signal<bool>, can_decide: Signal<bool>) -> impl IntoView {
    let all = hook.of_section(section);
    let open = Memo::new(move |_| all.with(|cs| cs.iter().filter(|c| !c.resolved).cloned().collect::<Vec<_>>()));
    let resolved = Memo::new(move |_| all.with(|cs| cs.iter().filter(|c| c.resolved).cloned().collect::<Vec<_>>()));
    let error = RwSignal::new(None::<String>);
    let run = Callback::new(move |c: CommentCommand| {
        let r = hook.run.run(c);
        error.set(r.as_ref().err().map(|p| p.message.clone()));
        r
    });
    let heading_id = element_id(format!("comments-{section}-h"));
    view! {
        <section class="app-comments" data-testid="comments" aria-labelledby=heading_id>
            <h4 class="govuk-heading-s" id=heading_id>
                {move || match open.with(Vec::len) { 0 => "Comments".to_owned(), 1 => "Comments (1 open)".to_owned(), n => format!("Comments ({n} open)") }}
                <span class="govuk-visually-hidden">{move || format!(" on “{}”", heading.get())}</span>
            </h4>
            {move || error.get().map(|e| view! {
                <div class="govuk-error-summary" role="alert" tabindex="-1" data-testid="comments-error">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body"><p class="govuk-body">{e}</p></div>
                </div>
            })}
            {move || open.with(Vec::is_empty).then(|| view! { <p class="govuk-body app-hint" data-testid="no-open-comments">"No open comments."</p> })}
            <div data-testid="open-comments">
                <For each=move || open.get() key=|c| (c.id, c.replies.len(), c.suggestion.as_ref().map(|s| s.status as u8), c.anchored, c.moved_to, c.edited_at, c.mine) let:comment>
                    <CommentCard comment run can_comment can_decide />
                </For>
            </div>
            {move || (!resolved.with(Vec::is_empty)).then(|| view! {
                <details class="govuk-details app-comments__resolved" data-testid="resolved-comments">
                    <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">{move || format!("Resolved comments ({})", resolved.with(Vec::len))}</span>
                    </summary>
                    <div class="govuk-details__text">
                        <For each=move || resolved.get() key=|c| (c.id, c.replies.len(), c.suggestion.as_ref().map(|s| s.status as u8), c.edited_at) let:comment>
                            <CommentCard comment run can_comment can_decide />
                        </For>
                    </div>
                </details>
            })}
            {move || (can_comment.get() && hook.ready.get()).then(|| view! { <AddComment section run /> })}
        </section>
    }
}

#[component]
fn CommentCard(comment: CommentView, run: Callback<CommentCommand, Result<(), CommentProblem>>, can_comment: Signal<bool>, can_decide: Signal<bool>) -> impl IntoView {
    let editable = comment.mine && comment.editable();
    let CommentView { id, section, quote, body, author, when, replies, resolved, suggestion, anchored, moved_to, edited, .. } = comment;
    let original = body.clone();
    let reply = RwSignal::new(String::new());
    let reply_id = format!("reply-{id}");
    let title_id = format!("comment-{id}-h");
    let labelled_by = title_id.clone();
    let open_suggestion = suggestion.as_ref().is_some_and(|s| s.status == SuggestionStatus::Open);
    view! {
        // Focusing anything in a comment whose words moved selects them where they are now
        // in the section's text (shown once the text has the focus: "Select the words…").
        <article class="govuk-summary-card app-comment" data-testid="comment" aria-labelledby=labelled_by
            on:focusin=move |_| if let Some((start, end)) = moved_to { select_in_section(section, start, end, false) }>
            <div class="govuk-summary-card__title-wrapper">
                <h5 class="govuk-summary-card__title" id=title_id>{author}<span class="app-hint app-comment__when">{format!(", {when}")}</span>
                    {edited.map(|e| view! { <span class="app-hint app-comment__edited" data-testid="comment-edited">{format!(" (edited {e})")}</span> })}</h5>
            </div>
            <div class="govuk-summary-card__content">
                {quote.map(|q| view! {
                    <blockquote class="app-comment__quote" data-testid="comment-quote">
                        <span class="govuk-visually-hidden">"On the words: "</span>{q}
                    </blockquote>
                })}
                {moved_to.map(|(start, end)| view! {
                    <p class="govuk-body-s" data-testid="anchor-moved"><strong class="govuk-tag govuk-tag--yellow">"Quoted text moved"</strong>" "
                        <button type="button" class="app-link-button" data-testid="show-moved-quote"
                            on:click=move |_| select_in_section(section, start, end, true)>"Select the words where they are now"</button></p>
                })}
                {(!anchored && moved_to.is_none()).then(|| view! {
                    <p class="govuk-body-s"><strong class="govuk-tag govuk-tag--grey" data-testid="anchor-lost">"These words have changed since the comment"</strong></p>
                })}
                {(!body.is_empty()).then(|| view! { <p class="govuk-body app-comment__body" data-testid="comment-body">{body}</p> })}
                {suggestion.map(|s| {
                    let tag = match s.status {
                        SuggestionStatus::Open => ("govuk-tag govuk-tag--blue", "Suggested change"),
                        SuggestionStatus::Accepted => ("govuk-tag govuk-tag--green", "Accepted"),
                        SuggestionStatus::Rejected => ("govuk-tag govuk-tag--red", "Rejected"),
                    };
                    view! {
                        <div class="app-comment__suggestion" data-testid="suggestion">
                            <p class="govuk-body-s"><strong class=tag.0>{tag.1}</strong>{s.decided.map(|d| format!(" {d}"))}</p>
                            <p class="govuk-body">"Replace with: "<ins class="app-comment__replacement" data-testid="replacement">{s.replacement}</ins></p>
                        </div>
                    }
                })}
                {(!replies.is_empty()).then(|| view! {
                    <ul class="govuk-list app-comment__replies" aria-label="Replies">
                        {replies.into_iter().map(|r| view! {
                            <li data-testid="reply"><strong>{r.author}</strong><span class="app-hint">{format!(", {}", r.when)}</span><br />{r.body}</li>
                        }).collect_view()}
                    </ul>
                })}
                {move || can_comment.get().then(|| {
                    let reply_id = reply_id.clone();
                    view! {
                        <div class="govuk-button-group app-comment__actions">
                            {(open_suggestion && can_decide.get()).then(|| view! {
                                <button type="button" class="govuk-button" data-testid="accept"
                                    on:click=move |_| { let _ = run.run(CommentCommand::Accept(id)); }>"Accept"<span class="govuk-visually-hidden">" the suggested change"</span></button>
                                <button type="button" class="govuk-button govuk-button--warning" data-testid="reject"
                                    on:click=move |_| { let _ = run.run(CommentCommand::Reject(id)); }>"Reject"<span class="govuk-visually-hidden">" the suggested change"</span></button>
                            })}
                            <button type="button" class="govuk-button govuk-button--secondary" data-testid=if resolved { "reopen" } else { "resolve" }
                                on:click=move |_| { let _ = run.run(CommentCommand::SetResolved(id, !resolved)); }>
                                {if resolved { "Reopen" } else { "Resolve" }}<span class="govuk-visually-hidden">" this comment"</span></button>
                        </div>
                        {editable.then(|| view! { <EditComment id original=original.clone() run /> })}
                        <details class="govuk-details app-comment__reply">
                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Reply"<span class="govuk-visually-hidden">" to this comment"</span></span></summary>
                        <form class="govuk-details__text" novalidate on:submit=move |ev| {
                            ev.prevent_default();
                            if run.run(CommentCommand::Reply(id, reply.get_untracked())).is_ok() { reply.set(String::new()); }
                        }>
                            <div class="govuk-form-group">
                                <label class="govuk-label govuk-label--s" for=reply_id.clone()>"Your reply"</label>
                                <textarea class="govuk-textarea" id=reply_id rows="2" data-testid="reply-text"
                                    prop:value=move || reply.get() on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                            </div>
                            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="send-reply">"Send reply"</button>
                        </form>
                        </details>
                    }
                })}
            </div>
        </article>
    }
}

/// "Change your comment": the author's own open comment, its text in a textarea; "Save
/// changes" records it as edited. An empty text is an error against the field.
#[component]
fn EditComment(id: ItemId, original: String, run: Callback<CommentCommand, Result<(), CommentProblem>>) -> impl IntoView {
    let field = element_id(format!("edit-comment-{id}"));
    let text = RwSignal::new(original);
    let error = RwSignal::new(None::<String>);
    let message = Signal::derive(move || error.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match run.run(CommentCommand::Edit(id, text.get_untracked())) {
            Ok(()) => error.set(None),
            Err(p) => {
                error.set(Some(p.message));
                if let Some(el) = leptos::prelude::document().get_element_by_id(field) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        }
    };
    view! {
        <details class="govuk-details app-comment__edit" data-testid="edit-comment">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Change your comment"</span></summary>
            <form class="govuk-details__text" novalidate on:submit=on_submit>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                    <label class="govuk-label govuk-label--s" for=field>"Your comment"</label>
                    <ErrorMessage field_id=field message />
                    <textarea class="govuk-textarea" class=("govuk-textarea--error", move || error.with(Option::is_some)) id=field rows="3"
                        data-testid="edit-comment-text" aria-describedby=move || error.with(Option::is_some).then(|| format!("{field}-error"))
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-comment">"Save changes"<span class="govuk-visually-hidden">" to your comment"</span></button>
            </form>
        </details>
    }
}

#[component]
fn AddComment(section: ItemId, run: Callback<CommentCommand, Result<(), CommentProblem>>) -> impl IntoView {
    let quote_id = element_id(format!("comment-quote-{section}"));
    let body_id = element_id(format!("comment-body-{section}"));
    let replacement_id = element_id(format!("comment-replacement-{section}"));
    let (quote, body, replacement) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let problem = RwSignal::new(None::<(CommentField, String)>);
    let summary = NodeRef::<html::Div>::new();
    let field_id = move |f: CommentField| match f {
        CommentField::Quote => quote_id,
        CommentField::Body => body_id,
    };
    let errors = Signal::derive(move || problem.get().map(|(f, m)| vec![FieldError { field_id: field_id(f), message: m }]).unwrap_or_default());
    let error_on = move |f: CommentField| Signal::derive(move || problem.get().filter(|(g, _)| *g == f).map(|(_, m)| m));
    let (quote_error, body_error) = (error_on(CommentField::Quote), error_on(CommentField::Body));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = replacement.get_untracked();
        let command = CommentCommand::Add { section, quote: quote.get_untracked(), body: body.get_untracked(), suggestion: (!r.trim().is_empty()).then_some(r) };
        match run.run(command) {
            Ok(()) => {
                problem.set(None);
                quote.set(String::new());
                body.set(String::new());
                replacement.set(String::new());
            }
            Err(CommentProblem { field: Some(f), message }) => {
                problem.set(Some((f, message)));
                focus_error_summary(summary);
            }
            Err(_) => problem.set(None),
        }
    };
    let described = move |id: &'static str, hint: bool, error: Signal<Option<String>>| {
        move || {
            let mut parts = Vec::new();
            if hint {
                parts.push(format!("{id}-hint"));
            }
            if error.with(Option::is_some) {
                parts.push(format!("{id}-error"));
            }
            parts.join(" ")
        }
    };
    view! {
        <details class="govuk-details app-comments__add">
            <summary class="govuk-details__summary" data-testid="add-comment-toggle">
                <span class="govuk-details__summary-text">"Add a comment"</span>
            </summary>
            <div class="govuk-details__text">
                <form novalidate on:submit=on_submit data-testid="add-comment">
                    {move || (!errors.with(Vec::is_empty)).then(|| view! { <ErrorSummary errors node_ref=summary /> })}
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || quote_error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=quote_id>"The words you are commenting on"</label>
                        <div class="govuk-hint" id=format!("{quote_id}-hint")>"Type or paste them exactly as they are in the section."</div>
                        <ErrorMessage field_id=quote_id message=quote_error />
                        <textarea class="govuk-textarea" class=("govuk-textarea--error", move || quote_error.with(Option::is_some)) id=quote_id rows="2"
                            data-testid="comment-quote-input" aria-describedby=described(quote_id, true, quote_error)
                            prop:value=move || quote.get() on:input=move |ev| quote.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || body_error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=body_id>"Your comment"</label>
                        <ErrorMessage field_id=body_id message=body_error />
                        <textarea class="govuk-textarea" class=("govuk-textarea--error", move || body_error.with(Option::is_some)) id=body_id rows="3"
                            data-testid="comment-body-input" aria-describedby=described(body_id, false, body_error)
                            prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for=replacement_id>"Suggest replacement text (optional)"</label>
                        <div class="govuk-hint" id=format!("{replacement_id}-hint")>"If you suggest new words, an editor can accept them into the section."</div>
                        <textarea class="govuk-textarea" id=replacement_id rows="2" data-testid="comment-replacement-input"
                            aria-describedby=format!("{replacement_id}-hint")
                            prop:value=move || replacement.get() on:input=move |ev| replacement.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="submit-comment">"Add comment"</button>
                </form>
            </div>
        </details>
    }
}

/// Selects UTF-16 offsets `start..end` in the text area of `section` (the draft's editor),
/// giving it the focus when `focus` (so the selection shows).
fn select_in_section(section: ItemId, start: u32, end: u32, focus: bool) {
    use wasm_bindgen::JsCast;
    let Some(area) = document().get_element_by_id(&format!("section-{section}")).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else {
        return;
    };
    if focus {
        let _ = area.focus();
    }
    let _ = area.set_selection_range(start, end);
}
