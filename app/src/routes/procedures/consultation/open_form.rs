//! `/procedures/:doc/consultation/new`: "Open a consultation" — who is consulted (email
//! addresses, one a line), the closing date (after today) and an optional message. Checked
//! on the page ([`ConsultationForm::check`]), then sent to the server; offline, nothing is
//! sent and what was typed stays in the form.

use domain::procedure::{ConsultationField, ConsultationForm, Status};
use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::super::{draft_href, frame::{procedure_route, ProcCtx}, status_tag_class};
use crate::{
    components::{date_part, set_page_title, DatePart, ErrorMessage, FieldError},
    routes::group::errors::{PageErrorSummary, PageErrors},
    state::{open_consultation, today, use_repo, ConsultProblem},
};

const FORM: &str = "open-consultation";

fn field_id(f: ConsultationField) -> &'static str {
    match f {
        ConsultationField::Emails => "consult-emails",
        ConsultationField::ClosingDate => "consult-day",
        ConsultationField::Message => "consult-message",
    }
}

#[component]
pub fn OpenConsultationPage() -> impl IntoView {
    procedure_route(page)
}

fn page(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    let errors = PageErrors::new();
    Effect::new(move |_| set_page_title(&format!("Open a consultation: {}", doc.with(|d| d.title.clone())), errors.any()));
    let status = Memo::new(move |_| doc.with(|d| d.status_on(today())));
    let may_open = Memo::new(move |_| access.can_edit.get() && hook.moves.with(|m| m.contains(&Status::Consultation)));
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <PageErrorSummary errors />
                <span class="govuk-caption-l">{move || doc.with(|d| d.title.clone())}</span>
                <h1 class="govuk-heading-l">"Open a consultation"</h1>
                {move || if may_open.get() {
                    view! { <ConsultationFormView id actor=hook.actor errors /> }.into_any()
                } else {
                    view! {
                        <div class="govuk-inset-text" data-testid="cannot-open">
                            {move || if access.can_edit.get() {
                                format!("A procedure goes out for consultation while it is being drafted. This one is: {}.", status.get().label())
                            } else {
                                "Only editors of a partnership that owns this procedure can open a consultation.".to_owned()
                            }}
                        </div>
                        <p class="govuk-body"><strong class=move || status_tag_class(status.get())>{move || status.get().label()}</strong></p>
                        <p class="govuk-body"><a class="govuk-link" href=draft_href(id)>"Back to the draft"</a></p>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn ConsultationFormView(id: domain::DocumentId, actor: Memo<domain::procedure::Actor>, errors: PageErrors) -> impl IntoView {
    let typed = RwSignal::new(ConsultationForm::default());
    let problem = RwSignal::new(None::<ConsultProblem>);
    let busy = RwSignal::new(false);
    let problem_box = NodeRef::<html::Div>::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let repo = use_repo();
    let (emails_error, date_error, message_error) =
        (errors.on("consult-emails"), errors.on("consult-day"), errors.on("consult-message"));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        problem.set(None);
        match typed.get_untracked().check(today()) {
            Err(problems) => errors.fail(
                FORM,
                problems.into_iter().map(|p| FieldError { field_id: field_id(p.field), message: p.message }).collect(),
            ),
            Ok(request) => {
                errors.clear(FORM);
                busy.set(true);
                let repo = repo.repo().clone();
                let actor = actor.get_untracked();
                let navigate = navigate.clone();
                spawn_local(async move {
                    let result = open_consultation(repo, id, actor, request).await;
                    busy.set(false);
                    match result {
                        Ok(()) => (*navigate)(&draft_href(id), NavigateOptions::default()),
                        Err(ConsultProblem { field: Some(f), message, .. }) => errors.fail_one(FORM, field_id(f), message),
                        Err(p) => {
                            problem.set(Some(p));
                            request_animation_frame(move || {
                                if let Some(el) = problem_box.get_untracked() {
                                    let _ = el.focus();
                                }
                            });
                        }
                    }
                });
            }
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
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    let invalid = Signal::derive(move || date_error.with(Option::is_some));
    view! {
        <div class="govuk-error-summary app-problem" role="alert" tabindex="-1" node_ref=problem_box data-testid="consult-problem"
            hidden=move || problem.with(Option::is_none)>
            <h2 class="govuk-error-summary__title">{move || if problem.with(|p| p.as_ref().is_some_and(|p| p.offline)) { "You are offline" } else { "There is a problem" }}</h2>
            <div class="govuk-error-summary__body"><p class="govuk-body">{move || problem.get().map(|p| p.message)}</p></div>
        </div>
        <p class="govuk-body">"The people you consult can read the working draft and comment on it until the closing date. They cannot change its text."</p>
        <form class="app-form" novalidate on:submit=on_submit data-testid="open-consultation-form">
            <div class="govuk-form-group" class=("govuk-form-group--error", move || emails_error.with(Option::is_some))>
                <h2 class="govuk-label-wrapper">
                    <label class="govuk-label govuk-label--m" for="consult-emails">"Who is consulted"</label>
                </h2>
                <div class="govuk-hint" id="consult-emails-hint">
                    "Email addresses, one on each line. Each person needs a Quorum account, for example from an invitation to their partnership."
                </div>
                <ErrorMessage field_id="consult-emails" message=emails_error />
                <textarea class="govuk-textarea" class=("govuk-textarea--error", move || emails_error.with(Option::is_some))
                    id="consult-emails" name="emails" rows="4" spellcheck="false" autocomplete="off"
                    aria-describedby=described("consult-emails", true, emails_error)
                    prop:value=move || typed.with(|t| t.emails.clone())
                    on:input:target=move |ev| typed.update(|t| t.emails = ev.target().value())></textarea>
            </div>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || date_error.with(Option::is_some))>
                <fieldset class="govuk-fieldset" role="group" aria-describedby=move || if date_error.with(Option::is_some) { "consult-date-hint consult-day-error" } else { "consult-date-hint" }>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                        <h2 class="govuk-fieldset__heading">"Closing date"</h2>
                    </legend>
                    <div class="govuk-hint" id="consult-date-hint">"The last day people can comment. It must be in the future. For example, 31 3 2027"</div>
                    <ErrorMessage field_id="consult-day" message=date_error />
                    <div class="govuk-date-input">
                        {date_part(DatePart::Day, "consult-day", typed, invalid, |t| t.day.clone(), |t, v| t.day = v)}
                        {date_part(DatePart::Month, "consult-month", typed, invalid, |t| t.month.clone(), |t, v| t.month = v)}
                        {date_part(DatePart::Year, "consult-year", typed, invalid, |t| t.year.clone(), |t, v| t.year = v)}
                    </div>
                </fieldset>
            </div>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || message_error.with(Option::is_some))>
                <h2 class="govuk-label-wrapper">
                    <label class="govuk-label govuk-label--m" for="consult-message">"Message to the people consulted (optional)"</label>
                </h2>
                <div class="govuk-hint" id="consult-message-hint">"For example, which sections to look at closely. It is shown on the draft."</div>
                <ErrorMessage field_id="consult-message" message=message_error />
                <textarea class="govuk-textarea" class=("govuk-textarea--error", move || message_error.with(Option::is_some))
                    id="consult-message" name="message" rows="4"
                    aria-describedby=described("consult-message", true, message_error)
                    prop:value=move || typed.with(|t| t.message.clone())
                    on:input:target=move |ev| typed.update(|t| t.message = ev.target().value())></textarea>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="send-consultation" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { "Opening the consultation…" } else { "Open consultation" }}
                </button>
                <a class="govuk-link" href=draft_href(id)>"Cancel"</a>
            </div>
        </form>
    }
}
