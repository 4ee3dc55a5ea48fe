use leptos::prelude::*;

use crate::{
    repo::SyncState,
    state::{use_sync_status, UseSyncStatusReturn},
};

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

/// `HH:MM` in local time.
pub fn clock_hm(ms_since_epoch: f64) -> String {
    let d = js_sys::Date::new(&ms_since_epoch.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "1 change not yet on the server" / "3 changes not yet on the server".
pub fn pending_words(n: usize) -> String {
    let noun = if n == 1 { "change" } else { "changes" };
    format!("{n} {noun} not yet on the server")
}

/// Where this device's changes are: on every page (`data-testid="sync-status"`, whose
/// `data-state` is the state's name).
///
/// "All changes on the server at HH:MM", or "N changes not yet on the server, oldest HH:MM",
/// and a "Sync now" button (connect at once, without waiting for the backoff) while not
/// connected. Only the state's words are a live region (`role="status"`, polite): a change of
/// state is announced, while the clock, which moves on every sync, is not read out each time.
/// The words, dot and count are the shown state (a sync quicker than
/// [`crate::repo::status::SYNCING_SHOWN_AFTER_MS`] is not shown); `data-state` is the state
/// as it is.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let UseSyncStatusReturn {
        state,
        shown,
        last_synced,
        storage_problem,
        pending_changes,
        oldest_pending,
    } = use_sync_status();
    let repo = crate::state::use_repo();
    let connected = move || matches!(state.get(), SyncState::SavedServer | SyncState::Syncing);
    // Re-read with the sync state: a refusal arrives with a registration attempt.
    let refused = Memo::new(move |_| {
        state.track();
        crate::auth::cache::refused_registrations().len()
    });
    view! {
        <div class="app-sync-status" data-testid="sync-status" data-state=move || state.get().as_str()>
            <span
                class=move || format!("app-sync-status__dot app-sync-status__dot--{}", shown.get().as_str())
                aria-hidden="true"
            ></span>
            <span role="status" class="app-sync-status__label">
                {move || shown.get().label()}
            </span>
            {move || {
                // While a quick sync is not shown, neither is its count.
                let n = if shown.get() == SyncState::SavedServer { 0 } else { pending_changes.get() };
                if n > 0 {
                    let oldest = oldest_pending
                        .get()
                        .map(|ms| {
                            view! {
                                ", oldest "
                                <time datetime=iso_time(ms)>{clock_hm(ms)}</time>
                            }
                        });
                    view! {
                        <span class="app-sync-status__detail" data-testid="sync-pending">
                            " — "
                            {pending_words(n)}
                            {oldest}
                        </span>
                    }
                        .into_any()
                } else if shown.get() == SyncState::SavedServer {
                    last_synced
                        .get()
                        .map(|ms| {
                            view! {
                                <span class="app-sync-status__detail">
                                    " at "
                                    <time datetime=iso_time(ms)>{clock_hm(ms)}</time>
                                </span>
                            }
                        })
                        .into_any()
                } else {
                    last_synced
                        .get()
                        .map(|ms| {
                            view! {
                                <span class="app-sync-status__detail">
                                    " — last on the server at "
                                    <time datetime=iso_time(ms)>{clock_hm(ms)}</time>
                                </span>
                            }
                        })
                        .into_any()
                }
            }}
            <Show when=move || !connected()>
                <button
                    type="button"
                    class="app-link-button app-sync-status__action"
                    data-testid="sync-now"
                    on:click={
                        let repo = repo.clone();
                        move |_| repo.repo().sync_now()
                    }
                >
                    "Sync now"
                </button>
            </Show>
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
            {move || {
                let n = refused.get();
                (n > 0).then(|| view! {
                    <strong class="app-sync-status__warning" data-testid="sync-refused">{refused_words(n)}</strong>
                })
            }}
        </div>
    }
}

/// Why work is kept only on this device after the server refused new documents.
pub fn refused_words(n: usize) -> String {
    let what = if n == 1 { "1 new document was" } else { &format!("{n} new documents were") };
    format!("{what} refused by the server and kept only on this device: ask your partnership's administrator")
}

#[cfg(test)]
mod tests {
    use super::{pending_words, refused_words};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn pending_changes_in_words() {
        assert_eq!(pending_words(1), "1 change not yet on the server");
        assert_eq!(pending_words(3), "3 changes not yet on the server");
        assert!(refused_words(1).starts_with("1 new document was refused"));
        assert!(refused_words(2).starts_with("2 new documents were refused"));
    }
}
