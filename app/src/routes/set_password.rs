//! `/set-password/:token`: a one-time link (from the CLI or an admin) to choose a password.

use domain::api::MIN_PASSWORD_CHARS;
use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use super::sign_in_href;
use crate::{
    auth::api,
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
};

const PASSWORD: &str = "new-password";
const CONFIRM: &str = "confirm-password";
/// Says [`MIN_PASSWORD_CHARS`] (a test checks they agree).
const PASSWORD_HINT: &str = "At least 12 characters";

/// The contract's password rule (at least [`MIN_PASSWORD_CHARS`] characters) and the confirmation.
pub fn password_problems(password: &str, confirm: &str, field: &'static str, confirm_field: &'static str) -> Vec<FieldError> {
    let mut out = Vec::new();
    if password.is_empty() {
        out.push(FieldError { field_id: field, message: "Enter a password".to_owned() });
    } else if password.chars().count() < MIN_PASSWORD_CHARS {
        out.push(FieldError { field_id: field, message: format!("Password must be {MIN_PASSWORD_CHARS} characters or more") });
    }
    if out.is_empty() && confirm != password {
        out.push(FieldError { field_id: confirm_field, message: "The passwords do not match".to_owned() });
    }
    out
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(false);
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| set_page_title("Set your password", !errors.with(Vec::is_empty)));
    let error_for = move |f: &'static str| Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field_id == f).map(|e| e.message.clone())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, c) = (password.get_untracked(), confirm.get_untracked());
        let problems = password_problems(&p, &c, PASSWORD, CONFIRM);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        let token = token();
        spawn_local(async move {
            match api::set_password(&token, &p).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    done.set(true);
                }
                Err(e) => {
                    errors.set(vec![FieldError { field_id: PASSWORD, message: e.to_string() }]);
                    focus_error_summary(summary);
                }
            }
        });
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() node_ref=summary />
                <h1 class="govuk-heading-l">"Set your password"</h1>
                <Show
                    when=move || done.get()
                    fallback=move || view! {
                        <form class="app-form" novalidate on:submit=on_submit>
                            <TextInput id=PASSWORD label="New password" name="password" input_type="password"
                                autocomplete="new-password" spellcheck=false hint=PASSWORD_HINT
                                value=password on_input=Callback::new(move |v| password.set(v)) error=error_for(PASSWORD) />
                            <TextInput id=CONFIRM label="Confirm password" name="confirm" input_type="password"
                                autocomplete="new-password" spellcheck=false
                                value=confirm on_input=Callback::new(move |v| confirm.set(v)) error=error_for(CONFIRM) />
                            <button type="submit" class="govuk-button" data-testid="set-password">"Set password"</button>
                        </form>
                    }
                >
                    <div class="govuk-panel" data-testid="password-set">
                        <p class="govuk-body-l">"Your password has been set."</p>
                        <p class="govuk-body"><a class="govuk-link" href=sign_in_href(None)>"Sign in"</a></p>
                    </div>
                </Show>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn passwords_need_twelve_characters_and_a_matching_confirmation() {
        assert_eq!(password_problems("", "", PASSWORD, CONFIRM)[0].message, "Enter a password");
        assert_eq!(password_problems("short", "short", PASSWORD, CONFIRM)[0].message, "Password must be 12 characters or more");
        let p = password_problems("twelve chars!", "twelve chars?", PASSWORD, CONFIRM);
        assert_eq!((p[0].field_id, p[0].message.as_str()), (CONFIRM, "The passwords do not match"));
        assert!(password_problems("twelve chars!", "twelve chars!", PASSWORD, CONFIRM).is_empty());
        assert!(PASSWORD_HINT.contains(&MIN_PASSWORD_CHARS.to_string()), "the hint states the shared minimum");
        let shortest = "x".repeat(MIN_PASSWORD_CHARS);
        assert!(password_problems(&shortest, &shortest, PASSWORD, CONFIRM).is_empty());
        assert!(!password_problems(&shortest[1..], &shortest[1..], PASSWORD, CONFIRM).is_empty());
    }
}
