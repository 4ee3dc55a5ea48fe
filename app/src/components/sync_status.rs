use leptos::prelude::*;

use crate::state::{use_sync_status, UseSyncStatusReturn};

/// `HH:MM:SS` in local time.
pub fn clock_time(ms_since_epoch: f64) -> String {
    let d = js_sys::Date::new(&ms_since_epoch.into());
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

fn iso_time(ms_since_epoch: f64) -> String {
    js_sys::Date::new(&ms_since_epoch.into())
        .to_iso_string()
        .into()
}

/// Where this device's changes are: on every page (`data-testid="sync-status"`).
///
/// Only the state's words are a live region (`role="status"`, polite): a change of state is
/// announced, while the clock, which moves on every sync, is not read out each time.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let UseSyncStatusReturn {
        state,
        last_synced,
        storage_problem,
    } = use_sync_status();
    view! {
        <div class="app-sync-status" data-testid="sync-status" data-state=move || state.get().as_str()>
            <span
                class=move || format!("app-sync-status__dot app-sync-status__dot--{}", state.get().as_str())
                aria-hidden="true"
            ></span>
            <span role="status" class="app-sync-status__label">
                {move || state.get().label()}
            </span>
            {move || {
                last_synced
                    .get()
                    .map(|ms| {
                        view! {
                            " — last synced "
                            <time datetime=iso_time(ms)>{clock_time(ms)}</time>
                        }
                    })
            }}
            {move || {
                storage_problem
                    .get()
                    .map(|problem| {
                        view! {
                            <strong class="app-sync-status__warning">
                                {problem}
                                ": changes are kept only while this page is open."
                            </strong>
                        }
                    })
            }}
        </div>
    }
}
