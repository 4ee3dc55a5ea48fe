//! Sign-in throttling: at most 5 failures per account and 20 per client address in any
//! 15 minutes; beyond that sign-in answers 429 until old failures age out.

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::{Arc, Mutex},
};

use crate::clock::Clock;

/// 15 minutes, in milliseconds.
const WINDOW_MS: i64 = 15 * 60 * 1000;
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;
/// Keys kept at most (oldest forgotten first when exceeded), so memory stays bounded.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// Recent failures (their times by the clock), shared by every request.
#[derive(Debug, Clone, Default)]
pub struct SignInLimits {
    failures: Arc<Mutex<HashMap<Key, VecDeque<i64>>>>,
    clock: Clock,
}

impl SignInLimits {
    /// Limits timed by `clock`.
    pub fn new(clock: Clock) -> Self {
        Self {
            failures: Arc::default(),
            clock,
        }
    }

    /// Whether this email (normalised) or address has failed too often recently.
    pub fn blocked(&self, email: &str, address: Option<IpAddr>) -> bool {
        let now = self.clock.now_ms();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut over = |key: Key, limit: usize| {
            map.get_mut(&key).is_some_and(|q| {
                while q.front().is_some_and(|t| now - *t >= WINDOW_MS) {
                    q.pop_front();
                }
                q.len() >= limit
            })
        };
        over(Key::Account(email.to_owned()), PER_ACCOUNT)
            || address.is_some_and(|a| over(Key::Address(a), PER_ADDRESS))
    }

    pub fn record_failure(&self, email: &str, address: Option<IpAddr>) {
        let now = self.clock.now_ms();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, q| q.back().is_some_and(|t| now - *t < WINDOW_MS));
        }
        map.entry(Key::Account(email.to_owned())).or_default().push_back(now);
        if let Some(a) = address {
            map.entry(Key::Address(a)).or_default().push_back(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn record_success(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Key::Account(email.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_an_account_and_twenty_an_address() {
        let limits = SignInLimits::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..5 {
            assert!(!limits.blocked("a@example.org", Some(ip)));
            limits.record_failure("a@example.org", Some(ip));
        }
        assert!(limits.blocked("a@example.org", None));
        assert!(!limits.blocked("b@example.org", Some(ip)));
        for i in 0..15 {
            limits.record_failure(&format!("{i}@example.org"), Some(ip));
        }
        assert!(limits.blocked("c@example.org", Some(ip)), "20 failures from one address");
        assert!(!limits.blocked("c@example.org", Some("192.0.2.2".parse().unwrap())));
        limits.record_success("a@example.org");
        assert!(!limits.blocked("a@example.org", None));
    }

    #[test]
    fn failures_age_out_after_fifteen_minutes() {
        let manual = crate::clock::ManualClock::starting_at(0);
        let limits = SignInLimits::new(manual.clock());
        for _ in 0..5 {
            limits.record_failure("a@example.org", None);
        }
        manual.advance(std::time::Duration::from_secs(15 * 60 - 1));
        assert!(limits.blocked("a@example.org", None), "still within the window");
        manual.advance(std::time::Duration::from_secs(1));
        assert!(!limits.blocked("a@example.org", None), "15 minutes on");
    }
}
