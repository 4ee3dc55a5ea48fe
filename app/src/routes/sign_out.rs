//! `/sign-out`: with changes not yet on the server, a warning first ("N changes … will be
//! lost", Sign out anyway / Cancel); then the session ends on the server and this device's
//! data is deleted (see [`crate::auth::AuthCtx::sign_out`]).

use leptos::{prelude::*, task::spawn_local};

use super::partnerships_href;
use crate::{
    auth::AuthCtx,
    components::set_page_title,
    state::use_repo,
};

/// "1 change is not yet on the server and will be lost" / "3 changes are …".
pub fn loss_warning(n: usize) -> String {
    let (noun, verb) = if n == 1 { ("change", "is") } else { ("changes", "are") };
    format!("{n} {noun} {verb} not yet on the server and will be lost")
}

#[component]
pub fn SignOutPage() -> impl IntoView {
    set_page_title("Sign out", false);
    let auth = expect_context::<AuthCtx>();
    let pending = use_repo().status().with_untracked(|s| s.pending_changes);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sign_out = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let auth = auth.clone();
        spawn_local(async move {
            if let Err(e) = auth.sign_out().await {
                error.set(Some(format!("You have not been signed out. {e}.")));
                busy.set(false);
            }
        });
    };
    if pending == 0 {
        sign_out.clone()();
    }
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-error-summary" hidden=move || error.with(Option::is_none) tabindex="-1">
                    <div role="alert">
                        <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                        <div class="govuk-error-summary__body">
                            <p class="govuk-body" data-testid="sign-out-error">{move || error.get()}</p>
                        </div>
                    </div>
                </div>
                {if pending == 0 {
                    view! {
                        <h1 class="govuk-heading-l">"Signing out"</h1>
                        <p class="govuk-body" role="status">
                            {move || if busy.get() { "Signing you out and removing your data from this device…" } else { "" }}
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <h1 class="govuk-heading-l">"Sign out?"</h1>
                        <div class="govuk-warning-text" data-testid="sign-out-warning">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                {loss_warning(pending)}
                            </strong>
                        </div>
                        <p class="govuk-body">
                            "Signing out removes your partnerships' documents from this device. "
                            "To keep your changes, cancel and wait until the status says all changes are on the server."
                        </p>
                        <div class="govuk-button-group">
                            <button
                                type="button"
                                class="govuk-button govuk-button--warning"
                                data-testid="sign-out-anyway"
                                disabled=move || busy.get()
                                on:click={
                                    let sign_out = sign_out.clone();
                                    move |_| sign_out()
                                }
                            >
                                "Sign out anyway"
                            </button>
                            <a class="govuk-link" href=partnerships_href() data-testid="sign-out-cancel">"Cancel"</a>
                        </div>
                    }
                    .into_any()
                }}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::loss_warning;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_warning_counts_the_changes_that_would_be_lost() {
        assert_eq!(loss_warning(1), "1 change is not yet on the server and will be lost");
        assert_eq!(loss_warning(3), "3 changes are not yet on the server and will be lost");
    }
}
