//! After a form: a success notification on the page the person returns to, and each form's
//! own error summary.

use std::cell::RefCell;

use domain::DocumentId;
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};
use send_wrapper::SendWrapper;

use crate::{components::FieldError, state::FormErrors};

thread_local! {
    /// The message for the next page shown of partnership `.0`.
    static NOTICE: RefCell<Option<(DocumentId, String)>> = const { RefCell::new(None) };
}

/// Shows `message` on the next page of partnership `id` that takes it.
pub fn set_notice(id: DocumentId, message: impl Into<String>) {
    NOTICE.with(|n| *n.borrow_mut() = Some((id, message.into())));
}

/// The message waiting for partnership `id`, once.
pub fn take_notice(id: DocumentId) -> Option<String> {
    NOTICE.with(|n| {
        let mut n = n.borrow_mut();
        match n.as_ref() {
            Some((for_id, _)) if *for_id == id => n.take().map(|(_, m)| m),
            _ => None,
        }
    })
}

/// Where to go after a form saved: (partnership, href, message).
pub type ReturnWithNotice = Callback<(DocumentId, String, String)>;

/// A callback that records `message` for partnership `id` and goes to `href` (client-side,
/// so it works offline).
pub fn use_return_with_notice() -> ReturnWithNotice {
    let navigate = SendWrapper::new(use_navigate());
    Callback::new(move |(id, href, message): (DocumentId, String, String)| {
        set_notice(id, message);
        (*navigate)(&href, NavigateOptions::default());
    })
}

/// The id of [`SuccessBanner`]'s banner (see [`focus_success_banner`]).
pub const SUCCESS_BANNER: &str = "success-banner";

/// Moves focus to the success banner once it is drawn, as GOV.UK's success banners do: a
/// person whose form was scrolled below it sees it (and a screen reader reads it).
pub fn focus_success_banner() {
    request_animation_frame(|| crate::components::focus_by_id(SUCCESS_BANNER));
}

/// The GOV.UK success notification banner.
#[component]
pub fn SuccessBanner(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                    aria-labelledby="success-banner-title" data-testid="success-notice" id=SUCCESS_BANNER tabindex="-1">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="success-banner-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{m}</p>
                    </div>
                </div>
            }
        })
    }
}

/// One form's problems as the error summary lists them.
pub fn summary_of(errors: FormErrors) -> Signal<Vec<FieldError>> {
    Signal::derive(move || {
        errors.all().get().into_iter().map(|(field_id, message)| FieldError { field_id, message }).collect()
    })
}
