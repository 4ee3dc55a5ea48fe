//! The account page's "Two-step verification" section: set it up (the secret in groups of 4
//! and an `otpauth://` link for the authenticator app), confirm with a code, the recovery
//! codes shown once, new recovery codes in place of the old ones (with the password), and
//! turning it off with the password. The section's state is the plain
//! [`TwoStep`]; the view only shows it.

use domain::api::{code_problem, secret_in_groups, TwoStepSetup, TwoStepStatus};
use leptos::{html, prelude::*, task::spawn_local};

use crate::{
    auth::{api, ApiError},
    components::{focus_error_summary, CodeInput, ConfirmKind, ErrorSummary, FieldError, PasswordConfirmForm},
};

const CODE: &str = "two-step-code";
const PASSWORD: &str = "two-step-password";
const CODES_PASSWORD: &str = "recovery-codes-password";

/// What the section shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TwoStep {
    Loading,
    Unavailable(String),
    /// Off; `needed` when a partnership requires it of this admin.
    Off { needed: bool },
    /// A secret to put in the app, waiting for its first code.
    SettingUp { secret: String, uri: String },
    /// Just turned on: the recovery codes, shown this once.
    Codes(Vec<String>),
    On { recovery_codes_left: u32 },
    /// Asking for the password to turn it off.
    TurningOff,
    /// Asking for the password to replace the recovery codes.
    ReplacingCodes,
}

impl TwoStep {
    pub fn from_status(s: &TwoStepStatus) -> Self {
        if s.enabled {
            TwoStep::On { recovery_codes_left: s.recovery_codes_left }
        } else {
            TwoStep::Off { needed: s.needed }
        }
    }

    pub fn from_setup(s: TwoStepSetup) -> Self {
        TwoStep::SettingUp { secret: s.secret, uri: s.uri }
    }
}

/// "You have 7 recovery codes left." (a warning when few are left).
pub fn recovery_codes_left(n: u32) -> String {
    match n {
        0 => "You have no recovery codes left. Get new ones, so that you can still sign in if you lose your phone.".to_owned(),
        1 => "You have 1 recovery code left.".to_owned(),
        n => format!("You have {n} recovery codes left."),
    }
}

/// What is wrong with the confirmation code before it is sent.
pub fn confirm_problems(code: &str) -> Vec<FieldError> {
    code_problem(code, false).map(|m| vec![FieldError { field_id: CODE, message: m.to_owned() }]).unwrap_or_default()
}

/// What is wrong with the password typed to turn it off.
pub fn turn_off_problems(password: &str) -> Vec<FieldError> {
    password_problems(PASSWORD, password)
}

/// What is wrong with the password typed to replace the recovery codes.
pub fn new_codes_problems(password: &str) -> Vec<FieldError> {
    password_problems(CODES_PASSWORD, password)
}

fn password_problems(field_id: &'static str, password: &str) -> Vec<FieldError> {
    if password.is_empty() {
        vec![FieldError { field_id, message: "Enter your password".to_owned() }]
    } else {
        Vec::new()
    }
}

fn words(e: ApiError) -> String {
    match e {
        ApiError::Refused(m) | ApiError::Conflict(m) | ApiError::TooManyAttempts(m) | ApiError::SignedOut(m) | ApiError::Forbidden(m) => m,
        other => other.to_string(),
    }
}

#[component]
pub fn TwoStepSection() -> impl IntoView {
    let state = RwSignal::new(TwoStep::Loading);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let summary = NodeRef::<html::Div>::new();
    let error_for = move |field: &'static str| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field_id == field).map(|e| e.message.clone())))
    };
    let fail = move |field: &'static str, m: String| {
        errors.set(vec![FieldError { field_id: field, message: m }]);
        focus_error_summary(summary);
    };
    let load = move || {
        spawn_local(async move {
            state.set(match api::two_step_status().await {
                Ok(s) => TwoStep::from_status(&s),
                Err(e) => TwoStep::Unavailable(format!("Two-step verification could not be loaded. {e}.")),
            })
        })
    };
    load();
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(String::new());
        spawn_local(async move {
            let r = api::start_two_step().await;
            busy.set(false);
            match r {
                Ok(setup) => {
                    errors.set(Vec::new());
                    code.set(String::new());
                    state.set(TwoStep::from_setup(setup));
                }
                Err(e) => message.set(words(e)),
            }
        })
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = code.get_untracked();
        let problems = confirm_problems(&typed);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api::confirm_two_step(typed.trim()).await;
            busy.set(false);
            match r {
                Ok(codes) => {
                    errors.set(Vec::new());
                    code.set(String::new());
                    state.set(TwoStep::Codes(codes.recovery_codes));
                    message.set("Two-step verification is on".to_owned());
                }
                Err(e) => fail(CODE, words(e)),
            }
        })
    };
    let on_turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        let problems = turn_off_problems(&typed);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api::turn_off_two_step(&typed).await;
            busy.set(false);
            match r {
                Ok(()) => {
                    errors.set(Vec::new());
                    password.set(String::new());
                    message.set("Two-step verification is off".to_owned());
                    load();
                }
                Err(e) => fail(PASSWORD, words(e)),
            }
        })
    };
    let on_new_codes = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        let problems = new_codes_problems(&typed);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = api::new_recovery_codes(&typed).await;
            busy.set(false);
            match r {
                Ok(codes) => {
                    errors.set(Vec::new());
                    password.set(String::new());
                    state.set(TwoStep::Codes(codes.recovery_codes));
                    message.set("You have new recovery codes. Your old ones no longer work".to_owned());
                }
                Err(e) => fail(CODES_PASSWORD, words(e)),
            }
        })
    };
    let cancel = Callback::new(move |()| {
        errors.set(Vec::new());
        password.set(String::new());
        load();
    });

    view! {
        <section aria-labelledby="two-step-heading" data-testid="two-step">
            <h2 class="govuk-heading-m" id="two-step-heading">"Two-step verification"</h2>
            <ErrorSummary errors=errors.into() node_ref=summary />
            <p role="status" class="govuk-body" data-testid="two-step-message">{move || message.get()}</p>
            {move || match state.get() {
                TwoStep::Loading => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                TwoStep::Unavailable(m) => view! { <p class="govuk-body">{m}</p> }.into_any(),
                TwoStep::Off { needed } => view! {
                    {needed.then(|| view! {
                        <div class="govuk-warning-text" data-testid="two-step-needed">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                "Your partnership requires its administrators to use two-step verification. Set it up before you manage the partnership."
                            </strong>
                        </div>
                    })}
                    <p class="govuk-body">"Two-step verification is off. With it on, signing in also needs a 6-digit code from an authenticator app on your phone, so a stolen password is not enough."</p>
                    <button type="button" class="govuk-button" data-testid="two-step-start" on:click=start disabled=move || busy.get()>
                        "Set up two-step verification"
                    </button>
                }.into_any(),
                TwoStep::SettingUp { secret, uri } => view! {
                    <ol class="govuk-list govuk-list--number">
                        <li>"Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator) and add an account."</li>
                        <li>
                            "Scan this QR code with the app, or type in the key below it (spaces do not matter)."
                            <img class="app-two-step-qr" src=format!("/api/me/two-step/qr.svg?at={}", js_sys::Date::now() as u64) width="200" height="200"
                                alt="QR code of your two-step verification key (the same as the key below)" data-testid="two-step-qr" />
                            <p class="govuk-body app-two-step-secret" data-testid="two-step-secret" data-secret=secret.clone()>
                                <span class="govuk-visually-hidden">"Key: "</span><code>{secret_in_groups(&secret)}</code>
                            </p>
                            <p class="govuk-body">
                                "On the phone with the app? "
                                <a class="govuk-link" href=uri.clone() data-testid="two-step-link">"Open the key in your authenticator app"</a>
                            </p>
                        </li>
                        <li>"Enter the 6-digit code the app shows for Quorum."</li>
                    </ol>
                    <form class="app-form" novalidate on:submit=on_confirm data-testid="two-step-confirm-form">
                        <CodeInput id=CODE label="Code from your authenticator app" hint="For example, 123456" value=code error=error_for(CODE) />
                        <div class="govuk-button-group">
                            <button type="submit" class="govuk-button" data-testid="two-step-confirm" disabled=move || busy.get()>
                                "Turn on two-step verification"
                            </button>
                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| cancel.run(())>"Cancel"</button>
                        </div>
                    </form>
                }.into_any(),
                TwoStep::Codes(codes) => view! {
                    <div class="govuk-panel app-panel-left" data-testid="recovery-codes">
                        <h3 class="govuk-heading-s">"Your recovery codes"</h3>
                        <p class="govuk-body">"If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe: they are shown only now."</p>
                        <ul class="govuk-list app-recovery-codes">
                            {codes.into_iter().map(|c| view! { <li><code data-testid="recovery-code">{c}</code></li> }).collect_view()}
                        </ul>
                    </div>
                    <button type="button" class="govuk-button" data-testid="recovery-codes-saved" on:click=move |_| { message.set(String::new()); load(); }>
                        "I have saved my recovery codes"
                    </button>
                }.into_any(),
                TwoStep::On { recovery_codes_left: left } => view! {
                    <p class="govuk-body" data-testid="two-step-on"><strong class="govuk-tag govuk-tag--green">"On"</strong>" Signing in asks for a code from your authenticator app."</p>
                    <p class="govuk-body" data-testid="recovery-codes-left">{recovery_codes_left(left)}</p>
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--secondary" data-testid="recovery-codes-new"
                            on:click=move |_| { message.set(String::new()); state.set(TwoStep::ReplacingCodes); }>
                            "Get new recovery codes"
                        </button>
                        <button type="button" class="govuk-button govuk-button--secondary" data-testid="two-step-turn-off"
                            on:click=move |_| { message.set(String::new()); state.set(TwoStep::TurningOff); }>
                            "Turn off two-step verification"
                        </button>
                    </div>
                }.into_any(),
                TwoStep::ReplacingCodes => view! {
                    <PasswordConfirmForm
                        testid="recovery-codes-form"
                        field_id=CODES_PASSWORD
                        label="Enter your password to get new recovery codes"
                        hint="Your old recovery codes, used or not, will stop working."
                        password=password
                        error=error_for(CODES_PASSWORD)
                        busy=busy.into()
                        submit_label="Get new recovery codes"
                        submit_testid="recovery-codes-make"
                        kind=ConfirmKind::Action
                        on_submit=Callback::new(on_new_codes)
                        on_cancel=cancel
                    />
                }.into_any(),
                TwoStep::TurningOff => view! {
                    <PasswordConfirmForm
                        testid="two-step-off-form"
                        field_id=PASSWORD
                        label="Enter your password to turn off two-step verification"
                        password=password
                        error=error_for(PASSWORD)
                        busy=busy.into()
                        submit_label="Turn off"
                        submit_testid="two-step-off"
                        kind=ConfirmKind::Warning
                        on_submit=Callback::new(on_turn_off)
                        on_cancel=cancel
                    />
                }.into_any(),
            }}
        </section>
    }
}

/// A partnership's setting (its admins' People page): "Admins must use two-step verification".
#[component]
pub fn TwoStepPolicySection(pid: String) -> impl IntoView {
    let pid = StoredValue::new(pid);
    let required = RwSignal::new(None::<bool>);
    let checked = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let summary = NodeRef::<html::Div>::new();
    let busy = RwSignal::new(false);
    spawn_local(async move {
        match api::two_step_policy(&pid.get_value()).await {
            Ok(p) => {
                required.set(Some(p.admins_required));
                checked.set(p.admins_required);
            }
            Err(e) => message.set(format!("The setting could not be loaded. {e}.")),
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let want = checked.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let r = api::set_two_step_policy(&pid.get_value(), want).await;
            busy.set(false);
            match r {
                Ok(()) => {
                    errors.set(Vec::new());
                    required.set(Some(want));
                    message.set(policy_saved(want).to_owned());
                }
                Err(e) => {
                    errors.set(vec![FieldError { field_id: POLICY, message: words(e) }]);
                    focus_error_summary(summary);
                }
            }
        })
    };
    let error = move || errors.with(|es| es.first().map(|e| e.message.clone()));
    view! {
        <section aria-labelledby="two-step-policy-h" data-testid="two-step-policy">
            <h2 class="govuk-heading-m" id="two-step-policy-h">"Two-step verification for admins"</h2>
            <ErrorSummary errors=errors.into() node_ref=summary />
            <p role="status" class="govuk-body" data-testid="two-step-policy-message">{move || message.get()}</p>
            {move || required.get().map(|_| view! {
                <form class="app-form" novalidate on:submit=on_save>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error().is_some())>
                        <p id="two-step-policy-hint" class="govuk-hint">
                            "Admins who have not set it up are asked to when they sign in, and cannot manage the partnership until they do. You need it on for your own account first."
                        </p>
                        {move || error().map(|m| view! {
                            <p id=format!("{POLICY}-error") class="govuk-error-message">
                                <span class="govuk-visually-hidden">"Error: "</span>{m}
                            </p>
                        })}
                        <div class="govuk-checkboxes govuk-checkboxes--small">
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=POLICY type="checkbox" data-testid="two-step-policy-required"
                                    aria-describedby=move || if error().is_some() { format!("two-step-policy-hint {POLICY}-error") } else { "two-step-policy-hint".to_owned() }
                                    prop:checked=move || checked.get()
                                    on:change:target=move |ev| checked.set(ev.target().checked()) />
                                <label class="govuk-label govuk-checkboxes__label" for=POLICY>
                                    "Admins of this partnership must use two-step verification"
                                </label>
                            </div>
                        </div>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="two-step-policy-save" disabled=move || busy.get()>
                        "Save setting"
                    </button>
                </form>
            })}
        </section>
    }
}

const POLICY: &str = "two-step-policy-required";

/// The confirmation after saving the partnership's setting.
pub fn policy_saved(required: bool) -> &'static str {
    if required {
        "Admins of this partnership must now use two-step verification"
    } else {
        "Admins of this partnership no longer have to use two-step verification"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_section_follows_the_servers_status() {
        let s = TwoStepStatus { enabled: false, recovery_codes_left: 0, needed: true };
        assert_eq!(TwoStep::from_status(&s), TwoStep::Off { needed: true });
        let s = TwoStepStatus { enabled: true, recovery_codes_left: 7, needed: false };
        assert_eq!(TwoStep::from_status(&s), TwoStep::On { recovery_codes_left: 7 });
        assert_eq!(recovery_codes_left(1), "You have 1 recovery code left.");
        assert_eq!(confirm_problems("")[0].message, "Enter the 6-digit code from your authenticator app");
        assert!(confirm_problems("123456").is_empty());
        assert_eq!(turn_off_problems("")[0].field_id, PASSWORD);
        assert_eq!(new_codes_problems("")[0].field_id, CODES_PASSWORD);
        assert!(new_codes_problems("a password").is_empty());
        assert!(recovery_codes_left(0).contains("Get new ones"));
    }
}
