use leptos::prelude::*;

use super::ErrorMessage;

/// A GOV.UK text input with its label and inline error: the error state styles the group and
/// the input, and `aria-describedby` points at the message while there is one.
#[component]
pub fn TextInput(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] name: Option<&'static str>,
    /// `false` for names and other words a spell checker would flag.
    #[prop(default = true)]
    spellcheck: bool,
) -> impl IntoView {
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <label class="govuk-label" for=id>{label}</label>
            <ErrorMessage field_id=id message=error />
            <input
                class="govuk-input"
                class=("govuk-input--error", move || error.with(Option::is_some))
                id=id
                name=name
                type="text"
                autocomplete="off"
                spellcheck=if spellcheck { "true" } else { "false" }
                aria-describedby=move || error.with(|e| e.as_ref().map(|_| format!("{id}-error")))
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        </div>
    }
}
