use leptos::{prelude::*, wasm_bindgen::JsCast};
use leptos_router::hooks::use_location;

use super::SyncStatus;
use crate::pwa::UpdateBanner;
use crate::routes::{accessibility_href, partnerships_href, settings_href};

/// The page frame on every route: skip link, header, sync status, main landmark, footer.
///
/// After a client-side navigation, focus moves to `<main>` so that screen reader and
/// keyboard users start at the new page's content (as a full page load would).
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        |_, _, _| focus_main(), // runs on changes only, not on the first render
        false,
    );

    view! {
        // target="_self" leaves the jump to the browser (the router would only scroll).
        <a href="#main-content" target="_self" class="govuk-skip-link">"Skip to main content"</a>
        <header class="app-header">
            <div class="app-width-container app-header__container">
                <a href=partnerships_href() class="app-header__service">"Quorum"</a>
            </div>
        </header>
        <div class="app-width-container">
            <div class="app-status-bar" role="region" aria-label="Sync status">
                <SyncStatus />
            </div>
            <UpdateBanner />
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
                {children()}
            </main>
        </div>
        <footer class="app-footer">
            <div class="app-width-container">
                <h2 class="govuk-visually-hidden">"Support links"</h2>
                <ul class="app-footer__links">
                    <li><a href=settings_href()>"Settings"</a></li>
                    <li><a href=accessibility_href()>"Accessibility statement"</a></li>
                </ul>
                <p class="app-footer__text">
                    "Quorum keeps your work on this device and syncs it when you are online."
                </p>
            </div>
        </footer>
    }
}

fn focus_main() {
    if let Some(main) = document().get_element_by_id("main-content") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// Sets the document title, GOV.UK style: "Page – Quorum", prefixed "Error: " when the page
/// shows validation errors.
pub fn set_page_title(page: &str, has_errors: bool) {
    let prefix = if has_errors { "Error: " } else { "" };
    document().set_title(&format!("{prefix}{page} – Quorum"));
}
