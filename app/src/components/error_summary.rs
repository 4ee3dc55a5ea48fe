use leptos::{html, prelude::*, wasm_bindgen::JsCast};

/// A validation error on one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` of the input, which the summary links to.
    pub field_id: &'static str,
    pub message: String,
}

/// The GOV.UK error summary: shown at the top of the page when a form fails, listing every
/// error with a link to its field. Focus it after a failed submit with
/// [`focus_error_summary`].
#[component]
pub fn ErrorSummary(
    errors: Signal<Vec<FieldError>>,
    node_ref: NodeRef<html::Div>,
) -> impl IntoView {
    view! {
        <div
            class="govuk-error-summary"
            tabindex="-1"
            node_ref=node_ref
            hidden=move || errors.with(Vec::is_empty)
        >
            <div role="alert">
                <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        {move || {
                            errors
                                .get()
                                .into_iter()
                                .map(|e| {
                                    let field = e.field_id;
                                    view! {
                                        <li>
                                            <a
                                                href=format!("#{field}")
                                                target="_self"
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_by_id(field);
                                                }
                                            >
                                                {e.message}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </div>
        </div>
    }
}

/// Moves focus to the error summary once it has rendered.
pub fn focus_error_summary(node_ref: NodeRef<html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = node_ref.get_untracked() {
            let _ = el.focus();
        }
    });
}

/// Moves focus to the element with `id`, if there is one.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The inline error above a field (GOV.UK `govuk-error-message`), with the hidden "Error:"
/// prefix for screen readers. Its id is `<field_id>-error` for `aria-describedby`.
#[component]
pub fn ErrorMessage(field_id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p id=format!("{field_id}-error") class="govuk-error-message">
                    <span class="govuk-visually-hidden">"Error: "</span>
                    {m}
                </p>
            }
        })
    }
}
