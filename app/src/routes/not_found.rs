use leptos::prelude::*;

use super::partnerships_href;
use crate::components::set_page_title;

/// Shown for any address the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    set_page_title("Page not found", false);
    view! {
        <h1 class="govuk-heading-l">"Page not found"</h1>
        <p class="govuk-body">"If you typed the web address, check it is correct."</p>
        <p class="govuk-body">"If you pasted the web address, check you copied the entire address."</p>
        <p class="govuk-body">
            <a class="govuk-link" href=partnerships_href()>"Go to the list of partnerships"</a>
        </p>
    }
}
