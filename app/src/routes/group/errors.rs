//! The errors of a page's forms: each form adds its own to the page's error summary; a form
//! that fails replaces every other form's errors, and a form that succeeds clears its own.

use leptos::{html, prelude::*};

use crate::components::{focus_error_summary, ErrorSummary, FieldError};

#[derive(Debug, Clone, Copy)]
pub struct PageErrors {
    /// (form, error)
    errors: RwSignal<Vec<(&'static str, FieldError)>>,
    summary: NodeRef<html::Div>,
}

impl PageErrors {
    pub fn new() -> Self {
        Self { errors: RwSignal::new(Vec::new()), summary: NodeRef::new() }
    }

    /// `form` failed with `errors`: they replace what any form showed, and focus moves to
    /// the summary.
    pub fn fail(self, form: &'static str, errors: Vec<FieldError>) {
        self.errors.set(errors.into_iter().map(|e| (form, e)).collect());
        focus_error_summary(self.summary);
    }

    /// One error, on one field.
    pub fn fail_one(self, form: &'static str, field_id: &'static str, message: impl Into<String>) {
        self.fail(form, vec![FieldError { field_id, message: message.into() }]);
    }

    /// `form` succeeded: its errors go.
    pub fn clear(self, form: &'static str) {
        self.errors.update(|es| es.retain(|(f, _)| *f != form));
    }

    pub fn any(self) -> bool {
        self.errors.with(|es| !es.is_empty())
    }

    /// The message on field `field_id`, if any.
    pub fn on(self, field_id: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|es| es.iter().find(|(_, e)| e.field_id == field_id).map(|(_, e)| e.message.clone())))
    }

    fn list(self) -> Signal<Vec<FieldError>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|es| es.iter().map(|(_, e)| e.clone()).collect()))
    }
}

/// The GOV.UK error summary of `errors`, in the page only while there are some (so a page
/// with several forms never shows two).
#[component]
pub fn PageErrorSummary(errors: PageErrors) -> impl IntoView {
    let list = errors.list();
    let shown = Memo::new(move |_| errors.any());
    view! {
        <Show when=move || shown.get()>
            <ErrorSummary errors=list node_ref=errors.summary />
        </Show>
    }
}
