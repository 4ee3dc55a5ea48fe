//! The "Consultation" panel of the draft: whether the procedure is out for consultation,
//! until when and with whom; "Open a consultation" for editors while it is being drafted;
//! "End consultation now" while it is open; the comments received once it has closed.

use domain::{
    procedure::{ProcedureDoc, Status},
    DocumentId,
};
use leptos::prelude::*;

use super::{
    super::{consultation_comments_href, end_consultation_href, open_consultation_href},
    consultation_summary,
};
use crate::state::today;

#[component]
pub fn ConsultationPanel(id: DocumentId, doc: Memo<ProcedureDoc>, moves: Memo<Vec<Status>>, can_edit: Signal<bool>) -> impl IntoView {
    let consultation = Memo::new(move |_| doc.with(|d| d.consultation.clone()));
    let open = Memo::new(move |_| consultation.with(|c| c.is_open_on(today())));
    let may_open = Memo::new(move |_| can_edit.get() && moves.with(|m| m.contains(&Status::Consultation)));
    view! {
        <section class="app-panel" aria-labelledby="consultation-h" data-testid="consultation-panel">
            <h2 class="govuk-heading-m" id="consultation-h">"Consultation"</h2>
            {move || match consultation_summary(&consultation.get(), today()) {
                Some(s) => view! { <p class="govuk-body govuk-!-font-weight-bold" data-testid="consultation-status">{s}</p> }.into_any(),
                None => view! { <p class="govuk-body" data-testid="consultation-status">"This procedure has not been out for consultation."</p> }.into_any(),
            }}
            {move || {
                let c = consultation.get();
                (!c.consulted.is_empty()).then(|| view! {
                    <h3 class="govuk-heading-s">{if open.get() { "People consulted" } else { "People who were consulted" }}</h3>
                    <ul class="govuk-list app-consultees" data-testid="consultees">
                        {c.consulted.into_iter().map(|p| view! {
                            <li>{p.name.clone()}{(can_edit.get() && !p.email.is_empty() && p.email != p.name).then(|| view! { <br /><span class="app-hint app-consultees__email">{p.email}</span> })}</li>
                        }).collect_view()}
                    </ul>
                    {(!c.message.is_empty()).then(|| view! {
                        <h3 class="govuk-heading-s">"Message to them"</h3>
                        <p class="govuk-body app-consultation-message" data-testid="consultation-message">{c.message}</p>
                    })}
                })
            }}
            <div class="govuk-button-group">
                {move || (open.get() && can_edit.get()).then(|| view! {
                    <a class="govuk-button govuk-button--warning" role="button" draggable="false" href=end_consultation_href(id) data-testid="end-consultation">
                        "End consultation now"
                    </a>
                })}
                {move || may_open.get().then(|| view! {
                    <a class="govuk-button govuk-button--secondary" role="button" draggable="false" href=open_consultation_href(id) data-testid="open-consultation">
                        "Open a consultation"
                    </a>
                })}
            </div>
            {move || consultation.with(|c| c.closing.is_some()).then(|| view! {
                <p class="govuk-body">
                    <a class="govuk-link" href=consultation_comments_href(id) data-testid="consultation-comments-link">
                        {move || if open.get() { "See the comments received so far" } else { "See every comment received and its response" }}
                    </a>
                </p>
            })}
            {move || (can_edit.get() && !may_open.get() && !open.get() && consultation.with(|c| c.closing.is_none())).then(|| view! {
                <p class="govuk-body app-hint">"A procedure goes out for consultation while it is being drafted."</p>
            })}
        </section>
    }
}
