//! The two inputs that guard an account: the authenticator code field (sign-in and setting up
//! two-step verification ask for it the same way) and a form that asks for the password
//! before a sensitive step (new recovery codes, turning two-step verification off).

use leptos::prelude::*;

use super::TextInput;

/// A 6-digit code from an authenticator app: numeric keyboard on phones, the browser's
/// one-time-code autofill, a narrow GOV.UK input.
#[component]
pub fn CodeInput(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <TextInput
            id=id
            label=label
            name="code"
            hint=hint
            autocomplete="one-time-code"
            inputmode="numeric"
            width="govuk-input--width-10"
            spellcheck=false
            value=value
            on_input=Callback::new(move |v| value.set(v))
            error=error
        />
    }
}

/// How the confirming button looks: a plain action or a warning (it takes something away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKind {
    Action,
    Warning,
}

impl ConfirmKind {
    fn class(self) -> &'static str {
        match self {
            ConfirmKind::Action => "govuk-button",
            ConfirmKind::Warning => "govuk-button govuk-button--warning",
        }
    }
}

/// "Enter your password to …", with a confirming button and Cancel.
#[component]
pub fn PasswordConfirmForm(
    /// The form's `data-testid`.
    testid: &'static str,
    field_id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    password: RwSignal<String>,
    error: Signal<Option<String>>,
    busy: Signal<bool>,
    submit_label: &'static str,
    submit_testid: &'static str,
    kind: ConfirmKind,
    on_submit: Callback<leptos::ev::SubmitEvent>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <form class="app-form" novalidate on:submit=move |ev| on_submit.run(ev) data-testid=testid>
            <TextInput
                id=field_id
                label=label
                name="password"
                hint=hint.unwrap_or_default()
                input_type="password"
                autocomplete="current-password"
                spellcheck=false
                value=password
                on_input=Callback::new(move |v| password.set(v))
                error=error
            />
            <div class="govuk-button-group">
                <button type="submit" class=kind.class() data-testid=submit_testid disabled=move || busy.get()>
                    {submit_label}
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
