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
    /// The input's `type` (`email`, `password`…).
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` token (`email`, `current-password`, `new-password`, `name`…).
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A GOV.UK hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The `inputmode` (`numeric` for codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// A GOV.UK width class for the input (e.g. `govuk-input--width-10`).
    #[prop(optional)]
    width: Option<&'static str>,
) -> impl IntoView {
    // An empty hint is no hint (a wrapper passing its own optional hint through).
    let hint = hint.filter(|h| !h.is_empty());
    let described_by = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessage field_id=id message=error />
            <input
                class=format!("govuk-input {}", width.unwrap_or_default()).trim_end().to_owned()
                class=("govuk-input--error", move || error.with(Option::is_some))
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=if spellcheck { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        </div>
    }
}
