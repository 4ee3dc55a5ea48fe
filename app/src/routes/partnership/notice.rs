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

/// How a form's free-text field was saved, against what someone else changed in it while the
/// form was open ([`domain::text::merge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSaved {
    /// As typed (nobody else changed it, or the person left it alone).
    AsTyped,
    /// Both changed it, in different words: both changes are kept.
    Merged,
    /// Both changed the same words: the person's text replaced the other change.
    Replaced,
}

impl TextSaved {
    /// From the text the form opened on, what was typed, the text just before saving and what
    /// was saved.
    pub fn of(base: &str, typed: &str, theirs: &str, saved: &str) -> Self {
        let (typed, theirs, saved) = (typed.trim(), theirs.trim(), saved.trim());
        let changed_here = typed != base.trim();
        let changed_there = theirs != base.trim() && theirs != typed;
        match (changed_here && changed_there, saved == typed) {
            (false, _) => Self::AsTyped,
            (true, false) => Self::Merged,
            (true, true) => Self::Replaced,
        }
    }

    /// The banner after saving (`saved`, e.g. "Section saved"): it says when someone else's
    /// change to `what` (e.g. "its text") was merged in or replaced, so the person reads it
    /// again (its history keeps every version).
    pub fn notice(self, saved: &str, what: &str) -> String {
        match self {
            Self::AsTyped => saved.to_owned(),
            Self::Merged => format!("{saved}, with the change someone else made to {what} while you were editing"),
            Self::Replaced => {
                format!("{saved}. Someone else changed the same words in {what} while you were editing: yours replaced theirs, which the history keeps")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TextSaved;

    #[test]
    fn the_notice_says_whether_another_change_was_kept_or_replaced() {
        let base = "Members attend. Deputies count.";
        assert_eq!(TextSaved::of(base, "Members attend in person. Deputies count.", base, "Members attend in person. Deputies count."), TextSaved::AsTyped);
        assert_eq!(TextSaved::of(base, base, "Members attend online.", "Members attend online."), TextSaved::AsTyped, "only the heading changed here");
        assert_eq!(
            TextSaved::of(base, "Members attend in person. Deputies count.", "Members attend. Named deputies count.", "Members attend in person. Named deputies count."),
            TextSaved::Merged
        );
        assert_eq!(TextSaved::of(base, "Members attend monthly. Deputies count.", "Members attend termly. Deputies count.", "Members attend monthly. Deputies count."), TextSaved::Replaced);
        assert_eq!(TextSaved::of(base, "Same. ", "Same.", "Same."), TextSaved::AsTyped, "the same change on both sides");
    }

    #[test]
    fn the_notice_names_the_form_and_the_field() {
        assert_eq!(TextSaved::AsTyped.notice("Section saved", "its text"), "Section saved");
        assert_eq!(
            TextSaved::Merged.notice("Group details saved", "the purpose"),
            "Group details saved, with the change someone else made to the purpose while you were editing"
        );
        assert_eq!(
            TextSaved::Replaced.notice("Compliance rules saved", "the agreement's text"),
            "Compliance rules saved. Someone else changed the same words in the agreement's text while you were editing: yours replaced theirs, which the history keeps"
        );
    }
}
