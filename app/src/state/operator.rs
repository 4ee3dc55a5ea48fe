//! Whether the signed-in account is an operator (may start partnerships from the app).

use leptos::{prelude::*, task::spawn_local};

use crate::auth::{api, use_me};

/// The operator role of the signed-in account.
#[derive(Debug, Clone, Copy)]
pub struct UseOperatorReturn {
    /// `None` until the server has answered (and when it cannot be reached).
    pub is_operator: RwSignal<Option<bool>>,
}

/// Asks the server once an account is known (per account and mount); without an account
/// it stays `None` and nothing is asked.
pub fn use_operator() -> UseOperatorReturn {
    let is_operator = RwSignal::new(None);
    let me = use_me().me;
    let account = Memo::new(move |_| me.with(|m| m.as_ref().map(|m| m.account.id.clone())));
    Effect::new(move |_| {
        if account.get().is_none() {
            // Nobody signed in (yet): nothing to ask; the pages show no operator controls.
            return;
        }
        spawn_local(async move {
            match api::is_operator().await {
                Ok(yes) => is_operator.set(Some(yes)),
                Err(api::ApiError::Offline) => {}
                Err(_) => is_operator.set(Some(false)),
            }
        });
    });
    UseOperatorReturn { is_operator }
}
