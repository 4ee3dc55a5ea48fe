//! Sign-in throttling, counted before any password is checked:
//! - at most 5 attempts per account **from one address** in any 15 minutes, so guessing one
//!   person's password is slow, yet a stranger's failures cannot lock the chair out of a
//!   meeting: the chair, signing in from their own address, is not blocked by them;
//! - at most 20 failed attempts per address in 15 minutes, whichever accounts they name.
//!
//! Addresses are the client's as [`ClientIp`] normalises them: an IPv6 address counts as its
//! /64 (one customer's network, which an attacker can rotate through freely), an IPv4-mapped
//! IPv6 address as its IPv4 address. Behind a reverse proxy the client address comes from
//! `X-Forwarded-For`, honoured only from `--trusted-proxy` (see `http::extract`).
//!
//! [`SignInLimits::begin`] checks and counts an attempt in one step, so parallel attempts
//! cannot all pass the check before the first slow hash records its failure; a successful
//! sign-in takes its attempt (and the account's earlier ones from that address) back.
//!
//! With the accounts store on PostgreSQL the attempts are counted there
//! ([`SignInLimits::shared`]), so failures on one node count on every node, and whether a
//! refusal is the first of its window (the one the audit log records) is decided there too:
//! a throttled account is audited once a window, however many nodes refuse it.

use std::{
    collections::{HashMap, VecDeque},
    net::{IpAddr, Ipv6Addr},
    sync::{Arc, Mutex},
};

use crate::clock::Clock;

use super::AuthStore;

/// 15 minutes, in milliseconds.
const WINDOW_MS: i64 = 15 * 60 * 1000;
const PER_ACCOUNT_AND_ADDRESS: usize = 5;
const PER_ADDRESS: usize = 20;
/// Keys kept at most (stale ones dropped first), so memory stays bounded.
const MAX_KEYS: usize = 100_000;

/// A client address as the limits count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientIp(IpAddr);

impl Key {
    /// The key as the shared attempts table stores it.
    fn stored(&self) -> String {
        let ip = |a: &Option<ClientIp>| a.map_or_else(|| "-".to_owned(), |ClientIp(ip)| ip.to_string());
        match self {
            Key::AccountFrom(email, address) => format!("account {email} {}", ip(address)),
            Key::Address(address) => format!("address {}", ip(&Some(*address))),
        }
    }
}

impl ClientIp {
    pub fn new(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    Self(IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0)))
                }
            },
            v4 => Self(v4),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    AccountFrom(String, Option<ClientIp>),
    Address(ClientIp),
}

/// Too many recent attempts: answer 429. `first` is true for the first refusal of that
/// account and address in a window, on any node when the store is shared (audit it once,
/// not every refused attempt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub first: bool,
}

/// An attempt that was counted; [`SignInLimits::succeeded`] takes it back.
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    account: Key,
}

/// Recent attempts (their times by the clock), shared by every request.
#[derive(Debug, Clone, Default)]
pub struct SignInLimits {
    attempts: Arc<Mutex<HashMap<Key, VecDeque<i64>>>>,
    /// When each account and address was last refused (to report a refusal once a window),
    /// unless the shared store decides it.
    refused: Arc<Mutex<HashMap<Key, i64>>>,
    clock: Clock,
    /// Where every node counts its attempts, when the accounts store is shared.
    shared: Option<Arc<AuthStore>>,
}

impl SignInLimits {
    /// Limits timed by `clock`.
    pub fn new(clock: Clock) -> Self {
        Self { attempts: Arc::default(), refused: Arc::default(), clock, shared: None }
    }

    /// Limits counted in `store` (on PostgreSQL: shared by every node) when it
    /// [is shared](AuthStore::is_shared), else in memory.
    pub fn shared(clock: Clock, store: Arc<AuthStore>) -> Self {
        let shared = store.is_shared().then_some(store);
        Self { shared, ..Self::new(clock) }
    }

    /// Checks and counts an attempt to sign in as `email` (normalised) from `address`, in one
    /// step. Counted attempts stay counted unless the sign-in [`succeeded`](Self::succeeded).
    pub fn begin(&self, email: &str, address: Option<IpAddr>) -> Result<Attempt, Throttled> {
        let now = self.clock.now_ms();
        let address = address.map(ClientIp::new);
        let account = Key::AccountFrom(email.to_owned(), address);
        if let Some(store) = &self.shared {
            let keys = [(account.stored(), PER_ACCOUNT_AND_ADDRESS)]
                .into_iter()
                .chain(address.map(|a| (Key::Address(a).stored(), PER_ADDRESS)))
                .collect::<Vec<_>>();
            match store.count_sign_in_attempt(&keys, now - WINDOW_MS) {
                Ok(true) => return Ok(Attempt { account }),
                Ok(false) => return Err(self.refused(account, now)),
                // Counted in memory meanwhile: the limits still hold on this node.
                Err(e) => tracing::error!(error = ?e, "counting a sign-in attempt in the shared store"),
            }
        }
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let mut recent = |key: &Key| {
            map.get_mut(key).map_or(0, |q| {
                while q.front().is_some_and(|t| now - *t >= WINDOW_MS) {
                    q.pop_front();
                }
                q.len()
            })
        };
        if recent(&account) >= PER_ACCOUNT_AND_ADDRESS || address.is_some_and(|a| recent(&Key::Address(a)) >= PER_ADDRESS) {
            drop(map);
            return Err(self.refused(account, now));
        }
        if map.len() >= MAX_KEYS {
            map.retain(|_, q| q.back().is_some_and(|t| now - *t < WINDOW_MS));
        }
        map.entry(account.clone()).or_default().push_back(now);
        if let Some(a) = address {
            map.entry(Key::Address(a)).or_default().push_back(now);
        }
        Ok(Attempt { account })
    }

    /// A refusal of `account` now, noting whether it is the first of its window: on every
    /// node, when the store is shared (so the refusal is audited once, whichever nodes the
    /// attempts reach), else on this one.
    fn refused(&self, account: Key, now: i64) -> Throttled {
        if let Some(store) = &self.shared {
            match store.claim_sign_in_refusal(&account.stored(), now, now - WINDOW_MS) {
                Ok(first) => return Throttled { first },
                // Decided in memory meanwhile: at worst each node audits the refusal once.
                Err(e) => tracing::error!(error = ?e, "claiming a sign-in refusal in the shared store"),
            }
        }
        let mut refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
        if refused.len() >= MAX_KEYS {
            refused.retain(|_, t| now - *t < WINDOW_MS);
        }
        let first = refused.get(&account).is_none_or(|t| now - *t >= WINDOW_MS);
        if first {
            refused.insert(account, now);
        }
        Throttled { first }
    }

    /// The attempt signed in: the account's attempts from that address are forgotten (the
    /// address's count keeps them: it limits guessing across accounts).
    pub fn succeeded(&self, attempt: Attempt) {
        if let Some(store) = &self.shared {
            if let Err(e) = store.forget_sign_in_attempts(&attempt.account.stored()) {
                tracing::error!(error = ?e, "forgetting sign-in attempts in the shared store");
            }
        }
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&attempt.account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn five_attempts_per_account_from_one_address_and_twenty_per_address() {
        let limits = SignInLimits::default();
        for _ in 0..5 {
            let _ = limits.begin("chair@example.org", ip("192.0.2.1")).unwrap();
        }
        assert_eq!(limits.begin("chair@example.org", ip("192.0.2.1")).unwrap_err(), Throttled { first: true });
        assert_eq!(limits.begin("chair@example.org", ip("192.0.2.1")).unwrap_err(), Throttled { first: false }, "reported once");
        let chair = limits.begin("chair@example.org", ip("198.51.100.7")).expect("the chair, from their own address");
        limits.succeeded(chair);
        for i in 0..15 {
            let _ = limits.begin(&format!("{i}@example.org"), ip("192.0.2.1")).unwrap();
        }
        assert!(limits.begin("c@example.org", ip("192.0.2.1")).is_err(), "20 attempts from one address");
        assert!(limits.begin("c@example.org", ip("192.0.2.2")).is_ok());
    }

    #[test]
    fn an_ipv6_network_counts_as_one_address() {
        let limits = SignInLimits::default();
        for i in 0..20 {
            let _ = limits.begin(&format!("{i}@example.org"), ip(&format!("2001:db8:1:2::{i:x}"))).unwrap();
        }
        assert!(limits.begin("x@example.org", ip("2001:db8:1:2:ffff::1")).is_err(), "the same /64");
        assert!(limits.begin("x@example.org", ip("2001:db8:1:3::1")).is_ok(), "another /64");
        assert_eq!(ClientIp::new("::ffff:192.0.2.9".parse().unwrap()), ClientIp::new("192.0.2.9".parse().unwrap()));
    }

    #[test]
    fn a_success_forgets_the_accounts_attempts_and_failures_age_out() {
        let manual = crate::clock::ManualClock::starting_at(0);
        let limits = SignInLimits::new(manual.clock());
        for _ in 0..4 {
            let _ = limits.begin("a@example.org", None).unwrap();
        }
        limits.succeeded(limits.begin("a@example.org", None).unwrap());
        for _ in 0..5 {
            let _ = limits.begin("a@example.org", None).unwrap();
        }
        manual.advance(std::time::Duration::from_secs(15 * 60 - 1));
        assert!(limits.begin("a@example.org", None).is_err(), "still within the window");
        manual.advance(std::time::Duration::from_secs(1));
        assert!(limits.begin("a@example.org", None).is_ok(), "15 minutes on");
    }
}
