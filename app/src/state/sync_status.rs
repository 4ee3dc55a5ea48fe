use leptos::prelude::*;

use super::use_repo;
use crate::repo::SyncState;

/// The sync indicator's data.
#[derive(Debug, Clone, Copy)]
pub struct UseSyncStatusReturn {
    pub state: Memo<SyncState>,
    /// When the server last confirmed holding every change (ms since the epoch).
    pub last_synced: Memo<Option<f64>>,
    /// A problem saving on this device, in words for the person.
    pub storage_problem: Memo<Option<String>>,
    /// Changes made here not yet confirmed by the server, and when the oldest was made.
    pub pending_changes: Memo<usize>,
    pub oldest_pending: Memo<Option<f64>>,
}

pub fn use_sync_status() -> UseSyncStatusReturn {
    let status = use_repo().status();
    UseSyncStatusReturn {
        state: Memo::new(move |_| status.with(|s| s.state())),
        last_synced: Memo::new(move |_| status.with(|s| s.last_synced)),
        storage_problem: Memo::new(move |_| status.with(|s| s.storage_problem.clone())),
        pending_changes: Memo::new(move |_| status.with(|s| s.pending_changes)),
        oldest_pending: Memo::new(move |_| status.with(|s| s.oldest_pending)),
    }
}
