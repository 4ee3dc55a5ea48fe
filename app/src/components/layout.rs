use leptos::{prelude::*, wasm_bindgen::JsCast};
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

use super::SyncStatus;
use crate::{
    auth::{use_me, SessionStatus, UseMeReturn},
    pwa::UpdateBanner,
    routes::{
        accessibility_href, account_href, is_public_path, partnerships_href, settings_href,
        sign_in_href, sign_out_href,
    },
};

/// The page frame on every route: skip link, header (with the signed-in name and Sign out),
/// sync status, the signed-out banner, main landmark, footer.
///
/// After a client-side navigation, focus moves to `<main>` so that screen reader and
/// keyboard users start at the new page's content (as a full page load would).
///
/// With nobody signed in on this device (no cached account) and the server saying so, pages
/// other than the public ones send the person to `/sign-in`, to come back afterwards.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        |_, _, _| focus_main(), // runs on changes only, not on the first render
        false,
    );
    let UseMeReturn { me, status, signed_out_with_data } = use_me();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if status.get() == SessionStatus::SignedOut && me.with(Option::is_none) && !is_public_path(&path) {
            let wanted = format!("{path}{}", location.search.get_untracked());
            navigate(&sign_in_href(Some(&wanted)), NavigateOptions { replace: true, ..Default::default() });
        }
    });
    let here = move || {
        let path = location.pathname.get();
        sign_in_href(Some(&format!("{path}{}", location.search.get())))
    };
    let navigate = use_navigate();
    let account = move || {
        let navigate = navigate.clone();
        me.get().filter(|_| status.get() != SessionStatus::SignedOut).map(|me| {
            view! {
                <nav class="app-header__account" aria-label="Your account">
                    <a class="app-header__link" href=account_href() data-testid="account-name">{me.account.name}</a>
                    <button
                        type="button"
                        class="app-header__button"
                        data-testid="sign-out"
                        on:click=move |_| navigate(&sign_out_href(), Default::default())
                    >
                        "Sign out"
                    </button>
                </nav>
            }
        })
    };

    view! {
        // target="_self" leaves the jump to the browser (the router would only scroll).
        <a href="#main-content" target="_self" class="govuk-skip-link">"Skip to main content"</a>
        <header class="app-header">
            <div class="app-width-container app-header__container">
                <a href=partnerships_href() class="app-header__service">"Quorum"</a>
                {account}
            </div>
        </header>
        <div class="app-width-container">
            <div class="app-status-bar" role="region" aria-label="Sync status">
                <SyncStatus />
            </div>
            <UpdateBanner />
            <Show when=move || signed_out_with_data.get()>
                <div class="govuk-notification-banner" role="region" aria-labelledby="signed-out-title" data-testid="signed-out-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="signed-out-title">"Important"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">
                            "You are signed out. "
                            <a class="govuk-notification-banner__link" href=here>"Sign in to sync your changes"</a>
                            "."
                        </p>
                    </div>
                </div>
            </Show>
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
