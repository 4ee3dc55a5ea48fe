//! Whether the signed-in account is an operator (may start partnerships from the app).

use leptos::{prelude::*, task::spawn_local};

use crate::auth::api;

/// The operator role of the signed-in account.
#[derive(Debug, Clone, Copy)]
pub struct UseOperatorReturn {
    /// `None` until the server has answered (and when it cannot be reached).
    pub is_operator: RwSignal<Option<bool>>,
}

/// Asks the server once per mount; signed out or offline reads as "not an operator".
pub fn use_operator() -> UseOperatorReturn {
    let is_operator = RwSignal::new(None);
    spawn_local(async move {
        match api::is_operator().await {
            Ok(yes) => is_operator.set(Some(yes)),
            Err(api::ApiError::Offline) => {}
            Err(_) => is_operator.set(Some(false)),
        }
    });
    UseOperatorReturn { is_operator }
}
