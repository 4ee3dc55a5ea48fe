//! [`ChangeRemove`]: a GOV.UK summary list row's actions, "Change" and "Remove", as buttons
//! (they act on the page's own form, not another page), each naming its row to screen
//! readers ("Change Working Together 2023").

use leptos::prelude::*;

#[component]
pub fn ChangeRemove(
    /// What the row is, read after "Change" and "Remove" by screen readers.
    what: String,
    on_change: Callback<()>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let hidden = format!(" {what}");
    view! {
        <dd class="govuk-summary-list__actions">
            <ul class="govuk-summary-list__actions-list">
                <li class="govuk-summary-list__actions-list-item">
                    <button type="button" class="app-link-button" on:click=move |_| on_change.run(())>
                        "Change"<span class="govuk-visually-hidden">{hidden.clone()}</span>
                    </button>
                </li>
                <li class="govuk-summary-list__actions-list-item">
                    <button type="button" class="app-link-button" on:click=move |_| on_remove.run(())>
                        "Remove"<span class="govuk-visually-hidden">{hidden}</span>
                    </button>
                </li>
            </ul>
        </dd>
    }
}
