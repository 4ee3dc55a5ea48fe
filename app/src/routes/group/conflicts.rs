//! Fields two people set differently at the same time, each with "Keep this value".

use domain::model::{device_label, field_label, time_label};
use leptos::prelude::*;

use super::errors::PageErrors;
use crate::state::UseHistoryReturn;

const FORM: &str = "conflicts";

#[component]
pub fn Conflicts(history: UseHistoryReturn, errors: PageErrors) -> impl IntoView {
    let (conflicts, resolve) = (history.conflicts, history.resolve);
    let announcement = RwSignal::new(String::new());
    view! {
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <section data-testid="group-conflicts" hidden=move || conflicts.with(Vec::is_empty) aria-labelledby="group-conflicts-h">
            <div class="govuk-notification-banner" role="region" aria-labelledby="group-conflicts-h">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="group-conflicts-h">"Conflicting changes"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-body">"Two people changed the same thing at the same time. Choose the value to keep."</p>
                    {move || conflicts.get().into_iter().map(|c| {
                        let label = field_label(&c.path);
                        view! {
                            <div class="govuk-form-group" data-testid="conflict">
                                <h3 class="govuk-heading-s">{label.clone()}</h3>
                                <ul class="govuk-list">
                                    {c.values.iter().enumerate().map(|(i, v)| {
                                        let path = c.path.clone();
                                        let shown = v.display();
                                        let who = format!(
                                            "set by {}{}",
                                            device_label(&v.actor),
                                            v.time.map(|t| format!(", {}", time_label(t))).unwrap_or_default()
                                        );
                                        let label = label.clone();
                                        let kept = shown.clone();
                                        view! {
                                            <li>
                                                <strong data-testid="conflict-value">{shown.clone()}</strong>" "
                                                <span class="app-hint">{who}</span>" "
                                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                                    data-testid="keep-value"
                                                    on:click=move |_| match resolve.run((path.clone(), i)) {
                                                        Ok(()) => {
                                                            errors.clear(FORM);
                                                            announcement.set(format!("{label}: kept {kept}"));
                                                        }
                                                        Err(e) => errors.fail_one(FORM, "group-conflicts-h", e.to_string()),
                                                    }
                                                >
                                                    "Keep this value"<span class="govuk-visually-hidden">" for " {label.clone()} ": " {shown}</span>
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
        </section>
    }
}
