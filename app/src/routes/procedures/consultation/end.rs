//! `/procedures/:doc/consultation/end`: "End the consultation now?" — who will no longer be
//! able to comment, and a warning button to confirm. Offline, nothing is sent.

use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{
    super::{draft_href, frame::{procedure_route, ProcCtx}},
    consultation_summary,
};
use crate::{
    components::set_page_title,
    state::{end_consultation, today, use_repo, ConsultProblem},
};

#[component]
pub fn EndConsultationPage() -> impl IntoView {
    procedure_route(page)
}

fn page(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    Effect::new(move |_| set_page_title(&format!("End the consultation: {}", doc.with(|d| d.title.clone())), false));
    let open = Memo::new(move |_| doc.with(|d| d.consultation.is_open_on(today())));
    let problem = RwSignal::new(None::<ConsultProblem>);
    let busy = RwSignal::new(false);
    let problem_box = NodeRef::<html::Div>::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let repo = use_repo();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        problem.set(None);
        busy.set(true);
        let repo = repo.repo().clone();
        let actor = hook.actor.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = end_consultation(repo, id, actor).await;
            busy.set(false);
            match result {
                Ok(()) => (*navigate)(&draft_href(id), NavigateOptions::default()),
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
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-error-summary" role="alert" tabindex="-1" node_ref=problem_box data-testid="consult-problem"
                    hidden=move || problem.with(Option::is_none)>
                    <h2 class="govuk-error-summary__title">{move || if problem.with(|p| p.as_ref().is_some_and(|p| p.offline)) { "You are offline" } else { "There is a problem" }}</h2>
                    <div class="govuk-error-summary__body"><p class="govuk-body">{move || problem.get().map(|p| p.message)}</p></div>
                </div>
                <span class="govuk-caption-l">{move || doc.with(|d| d.title.clone())}</span>
                {move || if open.get() && access.can_edit.get() {
                    let on_submit = on_submit.clone();
                    view! {
                        <h1 class="govuk-heading-l">"End the consultation now?"</h1>
                        <p class="govuk-body">{move || doc.with(|d| consultation_summary(&d.consultation, today())).unwrap_or_default()}"."</p>
                        <p class="govuk-body">"If you end it now, these people can no longer comment:"</p>
                        <ul class="govuk-list govuk-list--bullet" data-testid="consultees">
                            {move || doc.with(|d| d.consultation.consulted.iter().map(|c| view! { <li>{c.name.clone()}</li> }).collect_view())}
                        </ul>
                        <p class="govuk-body">"The comments already made are kept, and you can go through them and their responses."</p>
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                "An ended consultation cannot be reopened. To consult again, move the procedure back to drafting and open a new one."
                            </strong>
                        </div>
                        <form novalidate on:submit=on_submit data-testid="end-consultation-form">
                            <div class="govuk-button-group">
                                <button type="submit" class="govuk-button govuk-button--warning" data-testid="confirm-end"
                                    aria-disabled=move || busy.get().then_some("true")>
                                    {move || if busy.get() { "Ending the consultation…" } else { "Yes, end the consultation" }}
                                </button>
                                <a class="govuk-link" href=draft_href(id)>"No, keep it open"</a>
                            </div>
                        </form>
                    }.into_any()
                } else {
                    view! {
                        <h1 class="govuk-heading-l">"End the consultation"</h1>
                        <div class="govuk-inset-text" data-testid="cannot-end">
                            {move || if !open.get() {
                                "This procedure is not out for consultation now."
                            } else {
                                "Only editors of a partnership that owns this procedure can end its consultation."
                            }}
                        </div>
                        <p class="govuk-body"><a class="govuk-link" href=draft_href(id)>"Back to the draft"</a></p>
                    }.into_any()
                }}
            </div>
        </div>
    }
}
