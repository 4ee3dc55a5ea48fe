//! [`IdleSweep`]: how often the hub asks its engine to drop documents nobody is using
//! ([`domain::sync::Engine::evict_idle`]), counted in the hub's ticks so tests can drive it
//! with paused time. A document leaves memory between one and two periods after its last
//! use, and is loaded from storage again when a peer asks for it.

use std::time::Duration;

/// The default period: documents idle for a minute or two leave memory.
pub const DEFAULT_EVICT_IDLE_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy)]
pub(crate) struct IdleSweep {
    every: u64,
    ticks: u64,
}

impl IdleSweep {
    /// Sweeps every `period` of ticks `tick` long (at least every tick).
    pub(crate) fn new(period: Duration, tick: Duration) -> Self {
        let every = (period.as_millis() / tick.as_millis().max(1)).max(1);
        Self { every: u64::try_from(every).unwrap_or(u64::MAX), ticks: 0 }
    }

    /// Counts a tick; true when a sweep is due.
    pub(crate) fn tick(&mut self) -> bool {
        self.ticks += 1;
        self.ticks % self.every == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_is_due_once_per_period_of_ticks() {
        let mut s = IdleSweep::new(Duration::from_secs(2), Duration::from_millis(500));
        let due: Vec<bool> = (0..8).map(|_| s.tick()).collect();
        assert_eq!(due, [false, false, false, true, false, false, false, true]);
        let mut fast = IdleSweep::new(Duration::ZERO, Duration::from_millis(500));
        assert!(fast.tick() && fast.tick(), "never less than every tick");
    }
}
