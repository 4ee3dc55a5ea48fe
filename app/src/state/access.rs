//! The signed-in account's role on a document, for the UI (the server enforces it anyway).

use domain::DocumentId;
use leptos::prelude::*;

use crate::auth::{use_me, AccessRole};

/// What the person may do on one document.
#[derive(Debug, Clone, Copy)]
pub struct UseAccessReturn {
    /// The best role among the partnerships owning it and grants on it; `None` when the
    /// account has none, or no account is known on this device.
    pub role: Memo<Option<AccessRole>>,
    /// Show edit forms and buttons: an editor or admin, or (before any account is known on
    /// this device) nobody to ask.
    pub can_edit: Memo<bool>,
    pub is_admin: Memo<bool>,
}

/// The role on `doc`, owned by the partnership documents `owners` (empty for a partnership
/// document, which owns itself).
pub fn use_access(doc: DocumentId, owners: Signal<Vec<DocumentId>>) -> UseAccessReturn {
    let me = use_me().me;
    let role = Memo::new(move |_| {
        me.with(|m| m.as_ref().and_then(|m| owners.with(|o| m.role_for(doc, o))))
    });
    UseAccessReturn {
        role,
        can_edit: Memo::new(move |_| me.with(Option::is_none) || role.get().is_some_and(AccessRole::can_edit)),
        is_admin: Memo::new(move |_| role.get().is_some_and(AccessRole::is_admin)),
    }
}
