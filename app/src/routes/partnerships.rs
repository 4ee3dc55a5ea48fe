use leptos::prelude::*;

use super::{group_href, partnership_href, sign_in_href, start_partnership_href};
use crate::{
    components::set_page_title,
    state::{use_operator, use_partnerships, ListStatus, UsePartnershipsReturn},
};

/// `/`: the account's partnerships (from `Me`), and the documents shared with it.
#[component]
pub fn PartnershipsPage() -> impl IntoView {
    set_page_title("Partnerships", false);
    let UsePartnershipsReturn {
        partnerships,
        shared,
        status,
    } = use_partnerships();
    let operator = use_operator().is_operator;
    view! {
        <h1 class="govuk-heading-l">"Partnerships"</h1>
        <Show when=move || operator.get() == Some(true)>
            <a href=start_partnership_href() role="button" draggable="false" class="govuk-button" data-module="govuk-button"
                data-testid="start-partnership-link">"Start a partnership"</a>
        </Show>
        <ul class="govuk-list app-partnership-list" hidden=move || partnerships.with(Vec::is_empty)>
            <For each=move || partnerships.get() key=|p| p.clone() let:p>
                <li>
                    <a class="govuk-link" data-testid="partnership-link" href=partnership_href(p.id)>
                        {p.name}
                    </a>
                    " "
                    <strong class="govuk-tag govuk-tag--grey app-role-tag">{p.role.label()}</strong>
                </li>
            </For>
        </ul>
        <p class="govuk-body app-hint">
            {move || match status.get() {
                ListStatus::Starting => "Loading partnerships…".to_owned(),
                ListStatus::NoAccount => {
                    "No partnerships on this device yet. They will appear when you sign in while online."
                        .to_owned()
                }
                ListStatus::Ready { still_loading: 0 } if partnerships.with(Vec::is_empty) => {
                    "You are not in any partnership yet.".to_owned()
                }
                ListStatus::Ready { still_loading: 0 } => String::new(),
                ListStatus::Ready { still_loading: 1 } => "1 more document is loading…".to_owned(),
                ListStatus::Ready { still_loading } => format!("{still_loading} more documents are loading…"),
            }}
        </p>
        <p class="govuk-body" hidden=move || status.get() != ListStatus::NoAccount>
            <a class="govuk-link" href=sign_in_href(None)>"Sign in"</a>
        </p>
        <section data-testid="shared-with-you" hidden=move || shared.with(Vec::is_empty) aria-labelledby="shared-h">
            <h2 class="govuk-heading-m" id="shared-h">"Shared with you"</h2>
            <ul class="govuk-list">
                <For each=move || shared.get() key=|s| s.clone() let:s>
                    <li>
                        <a class="govuk-link" data-testid="shared-link" href=group_href(s.id)>{s.name}</a>
                        " "
                        <strong class="govuk-tag govuk-tag--grey app-role-tag">{s.role.label()}</strong>
                    </li>
                </For>
            </ul>
        </section>
    }
}
