//! Where this device's documents stand: plain data the runtime publishes and the sync
//! indicator shows. The decision of which state to show lives here, on plain types.

use domain::sync::SyncSummary;

/// The websocket's state, as far as the runtime knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionPhase {
    /// The browser says it is offline; no connection is attempted until it is online.
    Offline,
    /// Not connected; a reconnect is scheduled (or the network is not used).
    Disconnected,
    /// A socket is opening or the protocol handshake is under way.
    Connecting,
    /// The server answered the handshake.
    Connected,
}

/// Everything the sync indicator needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncSnapshot {
    pub summary: SyncSummary,
    pub phase: ConnectionPhase,
    /// Changes were made on this device since the server last confirmed holding everything.
    pub local_edits_pending: bool,
    /// How many changes made here the server has not yet confirmed, and when the oldest was
    /// made (ms since the epoch).
    pub pending_changes: usize,
    pub oldest_pending: Option<f64>,
    /// When the server last confirmed holding every change (milliseconds since the epoch).
    pub last_synced: Option<f64>,
    /// Why saving on this device fails, if it does (changes are kept in memory meanwhile).
    pub storage_problem: Option<String>,
}

impl Default for SyncSnapshot {
    fn default() -> Self {
        Self {
            summary: SyncSummary::default(),
            phase: ConnectionPhase::Connecting,
            local_edits_pending: false,
            pending_changes: 0,
            oldest_pending: None,
            last_synced: None,
            storage_problem: None,
        }
    }
}

/// Changes made on this device that the server has not confirmed yet: how many, since
/// when, and when the server last confirmed everything. Plain bookkeeping; the repo calls
/// [`PendingChanges::changed`] on every local change and
/// [`PendingChanges::all_on_server`] whenever its summary says the server holds everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PendingChanges {
    /// Changes were made here since the server last confirmed holding everything.
    pub local_edits_pending: bool,
    pub count: usize,
    /// When the oldest of them was made (ms since the epoch).
    pub oldest: Option<f64>,
    /// When the server last confirmed holding every change (ms since the epoch).
    pub last_synced: Option<f64>,
}

impl PendingChanges {
    /// A change was made here at `now`.
    pub fn changed(&mut self, now: f64) {
        self.local_edits_pending = true;
        self.count += 1;
        self.oldest.get_or_insert(now);
    }

    /// The server holds every change, as of `at`.
    pub fn all_on_server(&mut self, at: f64) {
        self.local_edits_pending = false;
        self.count = 0;
        self.oldest = None;
        self.last_synced = Some(at);
    }
}

/// Why saving on this device fails, in words for the person.
pub fn storage_problem_text(e: &domain::storage::StorageError) -> String {
    match e {
        domain::storage::StorageError::QuotaExceeded(_) => "This device's storage is full".to_owned(),
        domain::storage::StorageError::Backend(_) => "Changes could not be saved on this device".to_owned(),
    }
}

/// The states the app contract names (`data-state` of the sync status region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    Offline,
    Connecting,
    Syncing,
    SavedLocal,
    SavedServer,
}

impl SyncState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncState::Offline => "offline",
            SyncState::Connecting => "connecting",
            SyncState::Syncing => "syncing",
            SyncState::SavedLocal => "saved-local",
            SyncState::SavedServer => "saved-server",
        }
    }

    /// What a person reads (and a screen reader announces).
    pub fn label(self) -> &'static str {
        match self {
            SyncState::Offline => "Offline",
            SyncState::Connecting => "Connecting to the server",
            SyncState::Syncing => "Syncing changes",
            SyncState::SavedLocal => "All changes saved on this device",
            SyncState::SavedServer => "All changes on the server",
        }
    }
}

/// What to say while a document (`what`: "group", "partnership") has not arrived on this
/// device, given where syncing stands: the page says what it is waiting for.
pub fn arrival_message(state: SyncState, what: &str) -> String {
    match state {
        SyncState::Offline => format!("This device is offline. The {what} will appear here when it is back online."),
        SyncState::SavedLocal => format!("Not connected to the server. The {what} will appear here once this device reconnects."),
        SyncState::Connecting => format!("Connecting to the server to fetch this {what}…"),
        SyncState::Syncing | SyncState::SavedServer => format!("Fetching this {what} from the server…"),
    }
}

impl SyncSnapshot {
    /// Which state to show:
    /// - connected: everything on the server → `saved-server`, otherwise `syncing`;
    /// - not connected, with edits made here that are saved on this device but not yet on
    ///   the server → `saved-local` (the reassurance that matters when offline);
    /// - otherwise `connecting` while a socket opens, else `offline`.
    pub fn state(&self) -> SyncState {
        if self.summary.connected {
            if self.summary.all_on_server() {
                SyncState::SavedServer
            } else {
                SyncState::Syncing
            }
        } else if self.local_edits_pending && self.summary.unsaved_on_device == 0 {
            SyncState::SavedLocal
        } else if self.phase == ConnectionPhase::Connecting {
            SyncState::Connecting
        } else {
            SyncState::Offline
        }
    }
}

/// How long the server may go without confirming every change, while connected, before the
/// indicator says "Syncing changes": a keystroke reaches the server in a few milliseconds, so
/// the indicator (and its live region) would otherwise change twice per keystroke. Anything
/// slower than this is shown, and every other state at once. `data-state` always tells the
/// state as it is (see [`SyncSnapshot::state`]).
pub const SYNCING_SHOWN_AFTER_MS: f64 = 1500.0;

/// What the sync indicator shows: the [`SyncState`], except that a sync that starts while
/// everything is on the server is shown only once the server has not confirmed everything
/// for [`SYNCING_SHOWN_AFTER_MS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownState {
    pub state: SyncState,
    /// When the sync not shown yet began (ms since the epoch).
    syncing_since: Option<u64>,
}

impl ShownState {
    /// Shows `state` as it is.
    pub fn of(state: SyncState) -> Self {
        Self { state, syncing_since: None }
    }

    /// What to show once the state is `state` at `now` (ms since the epoch), the server
    /// having last confirmed every change at `confirmed`; and when to look again if that may
    /// change without the state changing. A fast typist's keystrokes may keep the state at
    /// "syncing" from one to the next, but the server confirms everything between them: the
    /// wait counts from that confirmation.
    pub fn next(self, state: SyncState, confirmed: Option<f64>, now: f64) -> (Self, Option<f64>) {
        let quiet = self.state == SyncState::SavedServer;
        if state == SyncState::Syncing && quiet {
            let since = self.syncing_since.map_or(now, |t| t as f64);
            let due = since.max(confirmed.unwrap_or(f64::MIN)) + SYNCING_SHOWN_AFTER_MS;
            if now < due {
                return (Self { state: SyncState::SavedServer, syncing_since: Some(since as u64) }, Some(due));
            }
        }
        (Self::of(state), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn snapshot(connected: bool, unsaved: usize, not_on_server: usize) -> SyncSnapshot {
        SyncSnapshot {
            summary: SyncSummary {
                documents: 2,
                unsaved_on_device: unsaved,
                not_on_server,
                connected,
            },
            phase: if connected {
                ConnectionPhase::Connected
            } else {
                ConnectionPhase::Disconnected
            },
            ..SyncSnapshot::default()
        }
    }

    #[wasm_bindgen_test]
    fn connected_and_confirmed_is_saved_on_the_server() {
        assert_eq!(snapshot(true, 0, 0).state(), SyncState::SavedServer);
        assert_eq!(snapshot(true, 0, 1).state(), SyncState::Syncing);
        assert_eq!(snapshot(true, 1, 0).state(), SyncState::Syncing);
    }

    #[wasm_bindgen_test]
    fn offline_edits_saved_here_are_saved_local() {
        let mut s = snapshot(false, 0, 2);
        assert_eq!(s.state(), SyncState::Offline);
        s.local_edits_pending = true;
        assert_eq!(s.state(), SyncState::SavedLocal);
        s.summary.unsaved_on_device = 1;
        assert_eq!(
            s.state(),
            SyncState::Offline,
            "not yet saved on the device: not saved-local"
        );
        s.phase = ConnectionPhase::Connecting;
        assert_eq!(s.state(), SyncState::Connecting);
    }

    #[wasm_bindgen_test]
    fn a_page_waiting_for_a_document_says_what_it_waits_for() {
        assert_eq!(arrival_message(SyncState::Connecting, "group"), "Connecting to the server to fetch this group…");
        assert_eq!(arrival_message(SyncState::SavedServer, "group"), "Fetching this group from the server…");
        assert!(arrival_message(SyncState::Offline, "group").starts_with("This device is offline"));
    }

    #[wasm_bindgen_test]
    fn pending_changes_count_from_the_oldest_until_the_server_has_them() {
        let mut p = PendingChanges::default();
        p.changed(10.0);
        p.changed(20.0);
        assert_eq!((p.count, p.oldest, p.local_edits_pending), (2, Some(10.0), true));
        p.all_on_server(30.0);
        assert_eq!(p, PendingChanges { last_synced: Some(30.0), ..PendingChanges::default() });
    }

    #[wasm_bindgen_test]
    fn data_state_values_match_the_app_contract() {
        let all = [
            SyncState::Offline,
            SyncState::Connecting,
            SyncState::Syncing,
            SyncState::SavedLocal,
            SyncState::SavedServer,
        ];
        let names: Vec<_> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "offline",
                "connecting",
                "syncing",
                "saved-local",
                "saved-server"
            ]
        );
    }

    #[wasm_bindgen_test]
    fn a_quick_sync_while_connected_is_not_shown() {
        let saved = ShownState::of(SyncState::SavedServer);
        let confirmed = Some(500.0);
        // A keystroke: syncing for a moment, then on the server again. Nothing moves.
        let (typing, recheck) = saved.next(SyncState::Syncing, confirmed, 1_000.0);
        assert_eq!(typing.state, SyncState::SavedServer);
        assert_eq!(recheck, Some(1_000.0 + SYNCING_SHOWN_AFTER_MS));
        let (typing, _) = typing.next(SyncState::Syncing, confirmed, 1_200.0);
        assert_eq!(typing.state, SyncState::SavedServer, "the wait counts from when syncing began");
        let (done, recheck) = typing.next(SyncState::SavedServer, Some(1_300.0), 1_300.0);
        assert_eq!((done, recheck), (saved, None));
        // A sync that takes longer is shown once it has taken that long.
        let (slow, _) = done.next(SyncState::Syncing, Some(1_300.0), 2_000.0);
        let (slow, recheck) = slow.next(SyncState::Syncing, Some(1_300.0), 2_000.0 + SYNCING_SHOWN_AFTER_MS);
        assert_eq!((slow.state, recheck), (SyncState::Syncing, None));
        let (still, _) = slow.next(SyncState::Syncing, Some(1_300.0), 9_000.0);
        assert_eq!(still.state, SyncState::Syncing);
    }

    #[wasm_bindgen_test]
    fn a_fast_typist_whose_keystrokes_the_server_keeps_confirming_sees_no_sync() {
        // The state stays "syncing" from one keystroke to the next (the indicator never saw
        // it settle), but the server confirms everything every few milliseconds.
        let mut shown = ShownState::of(SyncState::SavedServer);
        for i in 0..100 {
            let now = 1_000.0 + 50.0 * f64::from(i);
            let (next, due) = shown.next(SyncState::Syncing, Some(now - 20.0), now);
            assert_eq!(next.state, SyncState::SavedServer, "keystroke {i}");
            // Counted from the later of the first keystroke and the last confirmation.
            assert_eq!(due, Some((now - 20.0).max(1_000.0) + SYNCING_SHOWN_AFTER_MS));
            shown = next;
        }
        // Then the server stops confirming: shown once it has not for that long.
        let last = Some(5_930.0);
        assert_eq!(shown.next(SyncState::Syncing, last, 7_000.0).0.state, SyncState::SavedServer);
        assert_eq!(shown.next(SyncState::Syncing, last, 5_930.0 + SYNCING_SHOWN_AFTER_MS).0.state, SyncState::Syncing);
    }

    #[wasm_bindgen_test]
    fn every_other_state_is_shown_at_once() {
        let saved = ShownState::of(SyncState::SavedServer);
        for state in [SyncState::Offline, SyncState::Connecting, SyncState::SavedLocal] {
            assert_eq!(saved.next(state, None, 0.0), (ShownState::of(state), None));
        }
        // Syncing after a reconnect (changes waiting) is shown at once: nothing was on the
        // server just before.
        let connecting = ShownState::of(SyncState::Connecting);
        assert_eq!(connecting.next(SyncState::Syncing, None, 0.0).0.state, SyncState::Syncing);
        // Going offline in the middle of a quiet sync shows offline.
        let (quiet, _) = saved.next(SyncState::Syncing, None, 0.0);
        assert_eq!(quiet.next(SyncState::Offline, None, 10.0).0.state, SyncState::Offline);
    }
}
