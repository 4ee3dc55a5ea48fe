use leptos::prelude::*;

use crate::state::UseAccessReturn;

/// What a reader may still do on a read-only page, said in the notice ("give your own response
/// below"). `ReadOnly` provides it; a page with a reader's own action sets it while that action
/// is offered and clears it when it goes.
#[derive(Clone, Copy, Debug)]
pub struct ReaderMay(RwSignal<Option<&'static str>>);

impl ReaderMay {
    /// The reader may do `what` on this page (`None`: only read).
    pub fn set(self, what: Option<&'static str>) {
        // The notice may already be gone when a page cleans up.
        let _ = self.0.try_set(what);
    }
}

/// The notice for a reader with `role` (lower case), who may also do `may`.
pub fn read_only_text(role: Option<&str>, may: Option<&str>) -> String {
    let who = role.map(|r| format!("You are a {r} here: you")).unwrap_or_else(|| "You".to_owned());
    match may {
        Some(may) => format!("{who} can read this and {may}, but not change anything else."),
        None => format!("{who} can read this, but not change it."),
    }
}

/// A document page for someone who may only read it: a notice, and no edit forms or buttons
/// (`.app-read-only` hides every form and button inside but a reader's own actions, marked
/// `.app-reader-action`, such as keeping papers on this device; the server refuses writes
/// anyway).
#[component]
pub fn ReadOnly(access: UseAccessReturn, children: Children) -> impl IntoView {
    let read_only = move || !access.can_edit.get();
    let may = RwSignal::new(None);
    provide_context(ReaderMay(may));
    view! {
        <div class:app-read-only=read_only data-testid="document-access" data-read-only=move || read_only().to_string()>
            <div class="govuk-inset-text" data-testid="read-only-notice" hidden=move || !read_only()>
                {move || read_only_text(access.role.get().map(|r| r.label().to_lowercase()).as_deref(), may.get())}
            </div>
            {children()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::read_only_text;

    #[test]
    fn the_notice_says_what_a_reader_may_still_do() {
        assert_eq!(read_only_text(Some("viewer"), None), "You are a viewer here: you can read this, but not change it.");
        assert_eq!(read_only_text(None, None), "You can read this, but not change it.");
        assert_eq!(
            read_only_text(Some("viewer"), Some("give your own response below")),
            "You are a viewer here: you can read this and give your own response below, but not change anything else."
        );
    }
}
