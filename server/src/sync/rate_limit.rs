//! A token bucket: how many messages one connection may send.

use std::time::Instant;

/// Sustained `rate` messages per second with bursts up to `burst`.
#[derive(Debug, Clone)]
pub(crate) struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub(crate) fn new(rate: u32, burst: u32, now: Instant) -> Self {
        Self {
            rate: f64::from(rate),
            burst: f64::from(burst),
            tokens: f64::from(burst),
            last: now,
        }
    }

    /// Takes one token if there is one.
    pub(crate) fn try_take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last);
        self.last = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The bound every sync connection gets.
pub(crate) fn per_connection(now: Instant) -> TokenBucket {
    TokenBucket::new(MESSAGES_PER_SECOND, BURST, now)
}

pub(crate) const MESSAGES_PER_SECOND: u32 = 500;
/// A client announces every document it holds on connect: room for thousands.
pub(crate) const BURST: u32 = 5000;

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(200, 500, t0);
        assert_eq!((0..500).filter(|_| bucket.try_take(t0)).count(), 500);
        assert!(
            !bucket.try_take(t0),
            "the 501st message at once is over the bound"
        );
    }

    #[test]
    fn tokens_come_back_at_the_sustained_rate() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(200, 500, t0);
        (0..500).for_each(|_| {
            bucket.try_take(t0);
        });
        let later = t0 + Duration::from_millis(100);
        assert_eq!(
            (0..100).filter(|_| bucket.try_take(later)).count(),
            20,
            "100 ms buys 20 messages"
        );
    }

    #[test]
    fn steady_traffic_under_the_rate_is_never_refused() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(200, 500, t0);
        for i in 0..10_000u64 {
            assert!(
                bucket.try_take(t0 + Duration::from_millis(i * 6)),
                "message {i} refused"
            );
        }
    }
}
