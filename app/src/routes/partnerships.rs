use leptos::prelude::*;

use super::partnership_href;
use crate::{
    components::set_page_title,
    state::{use_partnerships, ListStatus, UsePartnershipsReturn},
};

/// `/`: every partnership in the root index.
#[component]
pub fn PartnershipsPage() -> impl IntoView {
    set_page_title("Partnerships", false);
    let UsePartnershipsReturn {
        partnerships,
        status,
    } = use_partnerships();
    view! {
        <h1 class="govuk-heading-l">"Partnerships"</h1>
        <ul class="govuk-list app-partnership-list" hidden=move || partnerships.with(Vec::is_empty)>
            <For each=move || partnerships.get() key=|p| (p.id, p.name.clone()) let:p>
                <li>
                    <a class="govuk-link" data-testid="partnership-link" href=partnership_href(p.id)>
                        {p.name}
                    </a>
                </li>
            </For>
        </ul>
        <p class="govuk-body app-hint">
            {move || match status.get() {
                ListStatus::Starting => "Loading partnerships…".to_owned(),
                ListStatus::NoIndex => {
                    "No partnerships on this device yet. They will appear when this device connects to the server."
                        .to_owned()
                }
                ListStatus::Ready { still_loading: 0 } if partnerships.with(Vec::is_empty) => {
                    "There are no partnerships yet.".to_owned()
                }
                ListStatus::Ready { still_loading: 0 } => String::new(),
                ListStatus::Ready { still_loading: 1 } => "1 more partnership is loading…".to_owned(),
                ListStatus::Ready { still_loading } => format!("{still_loading} more partnerships are loading…"),
            }}
        </p>
    }
}
