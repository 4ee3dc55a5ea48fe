use leptos::prelude::*;

use super::{alarm::use_alarm, use_repo};
use crate::repo::{ShownState, SyncState};

/// The sync indicator's data.
#[derive(Debug, Clone, Copy)]
pub struct UseSyncStatusReturn {
    /// Where this device's changes are, as they are (`data-state`).
    pub state: Memo<SyncState>,
    /// What the indicator shows and announces: [`Self::state`], except that a sync that
    /// starts while everything is on the server shows only if it takes a while
    /// ([`ShownState`]): typing does not make the indicator flicker on every keystroke.
    pub shown: Memo<SyncState>,
    /// When the server last confirmed holding every change (ms since the epoch), to the
    /// minute (as the indicator shows it).
    pub last_synced: Memo<Option<f64>>,
    /// A problem saving on this device, in words for the person.
    pub storage_problem: Memo<Option<String>>,
    /// Changes made here not yet confirmed by the server, and when the oldest was made.
    pub pending_changes: Memo<usize>,
    pub oldest_pending: Memo<Option<f64>>,
}

const MINUTE_MS: f64 = 60_000.0;

pub fn use_sync_status() -> UseSyncStatusReturn {
    let status = use_repo().status();
    let state = Memo::new(move |_| status.with(|s| s.state()));
    UseSyncStatusReturn {
        state,
        shown: use_shown(state, Memo::new(move |_| status.with(|s| s.last_synced))),
        last_synced: Memo::new(move |_| status.with(|s| s.last_synced.map(|t| (t / MINUTE_MS).floor() * MINUTE_MS))),
        storage_problem: Memo::new(move |_| status.with(|s| s.storage_problem.clone())),
        pending_changes: Memo::new(move |_| status.with(|s| s.pending_changes)),
        oldest_pending: Memo::new(move |_| status.with(|s| s.oldest_pending)),
    }
}

/// `state` as the indicator shows it (the server having last confirmed everything at
/// `confirmed`), looked at again when a sync not shown yet is due.
fn use_shown(state: Memo<SyncState>, confirmed: Memo<Option<f64>>) -> Memo<SyncState> {
    let due_check = use_alarm();
    let shown = StoredValue::new(None::<ShownState>);
    Memo::new(move |_| {
        due_check.rang().track();
        let now = js_sys::Date::now();
        let state = state.get();
        let before = shown.get_value().unwrap_or(ShownState::of(state));
        let (next, due) = before.next(state, confirmed.get(), now);
        shown.set_value(Some(next));
        match due {
            Some(at) => due_check.set(std::time::Duration::from_millis((at - now).max(0.0) as u64 + 1)),
            None => due_check.clear(),
        }
        next.state
    })
}
