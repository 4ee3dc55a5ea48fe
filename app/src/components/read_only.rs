use leptos::prelude::*;

use crate::state::UseAccessReturn;

/// A document page for someone who may only read it: a notice, and no edit forms or buttons
/// (`.app-read-only` hides every form and button inside but a reader's own actions, marked
/// `.app-reader-action`, such as keeping papers on this device; the server refuses writes
/// anyway).
#[component]
pub fn ReadOnly(access: UseAccessReturn, children: Children) -> impl IntoView {
    let read_only = move || !access.can_edit.get();
    view! {
        <div class:app-read-only=read_only data-testid="document-access" data-read-only=move || read_only().to_string()>
            <div class="govuk-inset-text" data-testid="read-only-notice" hidden=move || !read_only()>
                {move || match access.role.get() {
                    Some(role) => format!("You are a {} here: you can read this, but not change it.", role.label().to_lowercase()),
                    None => "You can read this, but not change it.".to_owned(),
                }}
            </div>
            {children()}
        </div>
    }
}
