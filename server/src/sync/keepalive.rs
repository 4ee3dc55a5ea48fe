//! [`Keepalive`]: when to ping a quiet websocket and when to give up on it. A connection
//! that sent nothing for [`PING_AFTER`] is pinged; one that still sent nothing (a pong is
//! enough) [`PONG_WITHIN`] after the ping is closed, so a peer that vanished without a FIN
//! (a laptop lid closed, a mobile network dropped) does not hold its socket, its task and
//! its engine state for ever. Browsers and the `ws` library answer pings by themselves.
//!
//! Plain logic on instants; the socket task drives it with `tokio::time`.

use std::time::Duration;

use tokio::time::Instant;

/// A connection that sent nothing for this long is pinged (below the 60 s that reverse
/// proxies such as nginx allow an idle connection by default, so the ping keeps it open).
pub const PING_AFTER: Duration = Duration::from_secs(30);
/// A pinged connection that sends nothing within this long is closed.
pub const PONG_WITHIN: Duration = Duration::from_secs(30);

/// What the socket task does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Nothing yet: ask again at this instant.
    WaitUntil(Instant),
    /// Send a ping now, then ask again at this instant.
    Ping(Instant),
    /// The peer did not answer the ping: close the connection.
    Close,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Keepalive {
    last_heard: Instant,
    pinged_at: Option<Instant>,
}

impl Keepalive {
    /// A connection whose peer was last heard `now`.
    pub(crate) fn new(now: Instant) -> Self {
        Self {
            last_heard: now,
            pinged_at: None,
        }
    }

    /// The peer sent something (any frame, a pong included).
    pub(crate) fn heard(&mut self, now: Instant) {
        self.last_heard = now;
        self.pinged_at = None;
    }

    /// The first time the socket task needs to ask [`Self::step`].
    pub(crate) fn first_due(&self) -> Instant {
        self.last_heard + PING_AFTER
    }

    /// What to do at `now` (when the last [`Step`]'s instant came).
    pub(crate) fn step(&mut self, now: Instant) -> Step {
        match self.pinged_at {
            Some(at) if now >= at + PONG_WITHIN => Step::Close,
            Some(at) => Step::WaitUntil(at + PONG_WITHIN),
            None if now >= self.last_heard + PING_AFTER => {
                self.pinged_at = Some(now);
                Step::Ping(now + PONG_WITHIN)
            }
            None => Step::WaitUntil(self.last_heard + PING_AFTER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn a_quiet_peer_is_pinged_then_closed_when_it_does_not_answer() {
        let t0 = Instant::now();
        let mut k = Keepalive::new(t0);
        assert_eq!(k.first_due(), t0 + PING_AFTER);
        assert_eq!(k.step(t0 + secs(1)), Step::WaitUntil(t0 + PING_AFTER));
        let pinged = t0 + PING_AFTER;
        assert_eq!(k.step(pinged), Step::Ping(pinged + PONG_WITHIN));
        assert_eq!(k.step(pinged + secs(1)), Step::WaitUntil(pinged + PONG_WITHIN));
        assert_eq!(k.step(pinged + PONG_WITHIN), Step::Close);
    }

    #[test]
    fn an_answer_to_the_ping_keeps_the_connection() {
        let t0 = Instant::now();
        let mut k = Keepalive::new(t0);
        let pinged = t0 + PING_AFTER;
        assert!(matches!(k.step(pinged), Step::Ping(_)));
        // The pong comes at once: when the ping's wait ends, the next ping is due, not a close.
        k.heard(pinged);
        assert_eq!(k.step(pinged + secs(1)), Step::WaitUntil(pinged + PING_AFTER));
        assert!(matches!(k.step(pinged + PING_AFTER), Step::Ping(_)));
        let mut k = Keepalive::new(t0);
        assert!(matches!(k.step(pinged), Step::Ping(_)));
        k.heard(pinged + secs(29));
        assert_eq!(
            k.step(pinged + PONG_WITHIN),
            Step::WaitUntil(pinged + secs(29) + PING_AFTER)
        );
    }

    #[test]
    fn traffic_postpones_the_ping() {
        let t0 = Instant::now();
        let mut k = Keepalive::new(t0);
        k.heard(t0 + secs(20));
        assert_eq!(
            k.step(t0 + PING_AFTER),
            Step::WaitUntil(t0 + secs(20) + PING_AFTER)
        );
        assert!(matches!(k.step(t0 + secs(20) + PING_AFTER), Step::Ping(_)));
    }
}
