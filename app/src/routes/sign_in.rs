//! `/sign-in`: email and password (GOV.UK), the server's one generic message on failure, and
//! afterwards the page the person wanted (`?next=`).

use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{partnerships_href, safe_next};
use crate::{
    auth::{api, ApiError, AuthCtx},
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
};

const EMAIL: &str = "sign-in-email";
const PASSWORD: &str = "sign-in-password";

/// What is wrong with a sign-in form before it is sent.
pub fn sign_in_problems(email: &str, password: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    if email.trim().is_empty() {
        out.push(FieldError { field_id: EMAIL, message: "Enter your email address".to_owned() });
    } else if !email.contains('@') {
        out.push(FieldError {
            field_id: EMAIL,
            message: "Enter an email address in the correct format, like name@example.org".to_owned(),
        });
    }
    if password.is_empty() {
        out.push(FieldError { field_id: PASSWORD, message: "Enter your password".to_owned() });
    }
    out
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = expect_context::<AuthCtx>();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| set_page_title("Sign in", !errors.with(Vec::is_empty)));
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|es| es.iter().find(|e| e.field_id == field).map(|e| e.message.clone()))
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (e, p) = (email.get_untracked(), password.get_untracked());
        let problems = sign_in_problems(&e, &p);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        errors.set(Vec::new());
        let next = query
            .with_untracked(|q| q.get("next"))
            .and_then(|n| safe_next(&n).map(str::to_owned))
            .unwrap_or_else(partnerships_href);
        let auth = auth.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::sign_in(e.trim(), &p).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    errors.set(Vec::new());
                    password.set(String::new());
                    auth.signed_in(me).await;
                    navigate(&next, Default::default());
                }
                Err(err) => {
                    let message = match err {
                        ApiError::SignedOut(m) | ApiError::TooManyAttempts(m) | ApiError::Refused(m) => m,
                        other => other.to_string(),
                    };
                    errors.set(vec![FieldError { field_id: EMAIL, message }]);
                    focus_error_summary(summary);
                }
            }
        });
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() node_ref=summary />
                <h1 class="govuk-heading-l">"Sign in"</h1>
                <p class="govuk-body">"Sign in with the email address your partnership's administrator invited."</p>
                <form class="app-form" novalidate on:submit=on_submit data-testid="sign-in-form">
                    <TextInput
                        id=EMAIL
                        label="Email address"
                        name="email"
                        input_type="email"
                        autocomplete="username"
                        spellcheck=false
                        value=email
                        on_input=Callback::new(move |v| email.set(v))
                        error=error_for(EMAIL)
                    />
                    <TextInput
                        id=PASSWORD
                        label="Password"
                        name="password"
                        input_type="password"
                        autocomplete="current-password"
                        spellcheck=false
                        value=password
                        on_input=Callback::new(move |v| password.set(v))
                        error=error_for(PASSWORD)
                    />
                    <button type="submit" class="govuk-button" data-testid="sign-in" disabled=move || busy.get()>
                        "Sign in"
                    </button>
                </form>
                <p class="govuk-body app-hint">
                    "If you have forgotten your password, ask your partnership's administrator for a new link."
                </p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn empty_fields_and_a_malformed_email_are_named() {
        let p = sign_in_problems("", "");
        assert_eq!(p.iter().map(|e| e.field_id).collect::<Vec<_>>(), [EMAIL, PASSWORD]);
        assert_eq!(sign_in_problems("nobody", "x")[0].message, "Enter an email address in the correct format, like name@example.org");
        assert!(sign_in_problems("a@example.org", "secret").is_empty());
    }
}
