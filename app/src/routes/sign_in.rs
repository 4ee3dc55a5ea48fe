//! `/sign-in`: email and password (GOV.UK), the server's one generic message on failure, and
//! afterwards the page the person wanted (`?next=`). For an account with two-step
//! verification a second step asks for the code from the authenticator app (or a recovery
//! code); the pending sign-in it answers is held in memory only. An admin whose partnership
//! requires two-step verification and who has not set it up goes to their account page first.

use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{account_href, partnerships_href, safe_next};
use crate::{
    auth::{api, ApiError, AuthCtx, Me},
    components::{focus_error_summary, set_page_title, CodeInput, ErrorSummary, FieldError, TextInput},
};

const EMAIL: &str = "sign-in-email";
const PASSWORD: &str = "sign-in-password";
const CODE: &str = "sign-in-code";

/// What is wrong with the code step's input before it is sent.
pub fn code_problems(code: &str) -> Vec<FieldError> {
    domain::api::code_problem(code, true)
        .map(|m| vec![FieldError { field_id: CODE, message: m.to_owned() }])
        .unwrap_or_default()
}

/// Where to go once signed in: the account page (to set up two-step verification) when the
/// account must, else the page the person wanted.
pub fn after_sign_in(me: &Me, next: &str) -> String {
    if me.two_step_needed {
        format!("{}?two-step=needed", account_href())
    } else {
        next.to_owned()
    }
}

/// An error's words for the form.
fn message_of(err: ApiError) -> String {
    match err {
        ApiError::SignedOut(m) | ApiError::TooManyAttempts(m) | ApiError::Refused(m) => m,
        other => other.to_string(),
    }
}

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
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|es| es.iter().find(|e| e.field_id == field).map(|e| e.message.clone()))
        })
    };

    let pending = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let code_heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        let title = if pending.with(Option::is_some) { "Enter the code from your authenticator app" } else { "Sign in" };
        set_page_title(title, !errors.with(Vec::is_empty));
    });
    let next_page = move || {
        query
            .with_untracked(|q| q.get("next"))
            .and_then(|n| safe_next(&n).map(str::to_owned))
            .unwrap_or_else(partnerships_href)
    };
    let finish = {
        let auth = auth.clone();
        let navigate = navigate.clone();
        move |me: Me| {
            let auth = auth.clone();
            let navigate = navigate.clone();
            async move {
                let to = after_sign_in(&me, &next_page());
                auth.signed_in(me).await;
                navigate(&to, Default::default());
            }
        }
    };

    let on_submit = {
        let finish = finish.clone();
        move |ev: leptos::ev::SubmitEvent| {
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
            let finish = finish.clone();
            spawn_local(async move {
                let result = api::sign_in(e.trim(), &p).await;
                busy.set(false);
                match result {
                    Ok(api::SignedIn::Done(me)) => {
                        password.set(String::new());
                        finish(me).await;
                    }
                    Ok(api::SignedIn::CodeRequired { pending_token }) => {
                        password.set(String::new());
                        code.set(String::new());
                        pending.set(Some(pending_token));
                        request_animation_frame(move || {
                            if let Some(h) = code_heading.get_untracked() {
                                let _ = h.focus();
                            }
                        });
                    }
                    Err(err) => {
                        errors.set(vec![FieldError { field_id: EMAIL, message: message_of(err) }]);
                        focus_error_summary(summary);
                    }
                }
            });
        }
    };

    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(token) = pending.get_untracked() else { return };
        let typed = code.get_untracked();
        let problems = code_problems(&typed);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        errors.set(Vec::new());
        let finish = finish.clone();
        spawn_local(async move {
            let result = api::sign_in_code(&token, typed.trim()).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    code.set(String::new());
                    finish(me).await;
                }
                Err(err) => {
                    let expired = err.is_signed_out();
                    errors.set(vec![FieldError { field_id: CODE, message: message_of(err) }]);
                    if expired {
                        // The pending sign-in ended: back to the password.
                        pending.set(None);
                        errors.update(|es| es[0].field_id = EMAIL);
                    }
                    focus_error_summary(summary);
                }
            }
        });
    };

    let password_step = move || view! {
        <h1 class="govuk-heading-l">"Sign in"</h1>
        <p class="govuk-body">"Sign in with the email address your partnership's administrator invited."</p>
        <form class="app-form" novalidate on:submit=on_submit.clone() data-testid="sign-in-form">
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
    };

    let code_step = move || view! {
        <h1 class="govuk-heading-l" tabindex="-1" node_ref=code_heading data-testid="code-step">
            "Enter the code from your authenticator app"
        </h1>
        <p class="govuk-body">"Your account uses two-step verification. Open your authenticator app and enter the 6-digit code it shows for Quorum."</p>
        <form class="app-form" novalidate on:submit=on_code.clone() data-testid="sign-in-code-form">
            <CodeInput
                id=CODE
                label="Code"
                hint="For example, 123456. If you cannot use your app, enter one of your recovery codes."
                value=code
                error=error_for(CODE)
            />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="sign-in-code" disabled=move || busy.get()>
                    "Continue"
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" data-testid="sign-in-restart"
                    on:click=move |_| { pending.set(None); errors.set(Vec::new()); code.set(String::new()); }>
                    "Start again"
                </button>
            </div>
        </form>
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() node_ref=summary />
                {move || if pending.with(Option::is_some) { code_step().into_any() } else { password_step().into_any() }}
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

    #[wasm_bindgen_test]
    fn the_code_step_wants_six_digits_or_a_recovery_code() {
        assert_eq!(code_problems("")[0].message, "Enter the 6-digit code from your authenticator app");
        assert_eq!(code_problems("")[0].field_id, CODE);
        assert!(code_problems("123 456").is_empty());
        assert!(code_problems("abcde-fghij").is_empty());
        assert!(!code_problems("12").is_empty());
    }
}
