//! The wall clock the access rules read: session timeouts, invitation and password-link
//! expiry, sign-in throttling windows, and the times stored in rows. Production uses the
//! system clock; tests use a [`ManualClock`] and move it forward, instead of sleeping.

use std::{
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc,
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

/// Now, as unix milliseconds (the unit of every stored time). Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Clock(Source);

#[derive(Debug, Clone, Default)]
enum Source {
    #[default]
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// Now, in unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            Source::System => system_now_ms(),
            Source::Manual(now) => now.load(Ordering::SeqCst),
        }
    }
}

/// A clock that moves only when told to (for tests). Its [`ManualClock::clock`] is handed
/// to the server; the test keeps this handle and calls [`ManualClock::advance`].
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// Starting at the system's time now (so stored times look ordinary).
    pub fn new() -> Self {
        Self::starting_at(system_now_ms())
    }

    pub fn starting_at(unix_ms: i64) -> Self {
        Self(Arc::new(AtomicI64::new(unix_ms)))
    }

    /// The clock to give the server.
    pub fn clock(&self) -> Clock {
        Clock(Source::Manual(self.0.clone()))
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(ms(by), Ordering::SeqCst);
    }

    pub fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

/// A duration in milliseconds, saturating.
pub fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced_and_its_clones_agree() {
        let manual = ManualClock::starting_at(1_000);
        let clock = manual.clock();
        let copy = clock.clone();
        assert_eq!(clock.now_ms(), 1_000);
        manual.advance(Duration::from_millis(1_500));
        assert_eq!((clock.now_ms(), copy.now_ms()), (2_500, 2_500));
    }

    #[test]
    fn the_system_clock_is_unix_milliseconds() {
        let now = Clock::system().now_ms();
        assert!(now > 1_700_000_000_000, "{now}");
    }
}
