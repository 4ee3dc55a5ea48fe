//! [`use_alarm`]: one resettable timeout whose firing moves a signal. Hooks that wait for
//! quiet (a document that stopped changing) or for a moment to pass (a sync that has taken
//! a while) set it again on each change; it is cleared with the component that owns it.

use std::time::Duration;

use leptos::prelude::*;

/// A timeout that can be set again, replacing the one pending.
#[derive(Debug, Clone, Copy)]
pub struct Alarm {
    rang: RwSignal<u64>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

/// An alarm owned by the current component: cleared when it is.
pub fn use_alarm() -> Alarm {
    let alarm = Alarm { rang: RwSignal::new(0), pending: StoredValue::new(None) };
    on_cleanup(move || alarm.clear());
    alarm
}

impl Alarm {
    /// Rings `after` from now; one set before and not rung yet no longer will.
    pub fn set(self, after: Duration) {
        self.clear();
        let rang = self.rang;
        let handle = set_timeout_with_handle(
            move || {
                rang.try_update(|n| *n += 1);
            },
            after,
        ).ok();
        self.pending.try_set_value(handle);
    }

    /// The pending ring, if any, will not happen.
    pub fn clear(self) {
        if let Some(t) = self.pending.try_update_value(Option::take).flatten() {
            t.clear();
        }
    }

    /// Moves each time the alarm rings (read it to follow it).
    pub fn rang(self) -> ReadSignal<u64> {
        self.rang.read_only()
    }
}

