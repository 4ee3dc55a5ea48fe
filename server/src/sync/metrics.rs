//! Process-wide counters of the sync hub (for logs and the latency benchmark).

use std::{
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    time::Duration,
};

/// The hub's counters since the process started.
#[derive(Debug, Default)]
pub struct Metrics {
    batches: AtomicU64,
    inputs: AtomicU64,
    frames_in: AtomicU64,
    frames_out: AtomicU64,
    commits: AtomicU64,
    commit_micros: AtomicU64,
    relayed: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    /// Rounds of the hub (each ends with at most one commit).
    pub batches: u64,
    pub inputs: u64,
    pub frames_in: u64,
    pub frames_out: u64,
    /// Transactions committed (SQLite's, or PostgreSQL's).
    pub commits: u64,
    /// Time spent in those commits.
    pub commit_time: Duration,
    /// Documents re-read because another node on the same PostgreSQL changed them.
    pub relayed: u64,
}

pub(crate) static METRICS: Metrics = Metrics {
    batches: AtomicU64::new(0),
    inputs: AtomicU64::new(0),
    frames_in: AtomicU64::new(0),
    frames_out: AtomicU64::new(0),
    commits: AtomicU64::new(0),
    commit_micros: AtomicU64::new(0),
    relayed: AtomicU64::new(0),
};

impl Metrics {
    pub(crate) fn record_batch(&self, inputs: usize) {
        self.batches.fetch_add(1, Relaxed);
        self.inputs.fetch_add(inputs as u64, Relaxed);
    }

    pub(crate) fn record_frame_in(&self) {
        self.frames_in.fetch_add(1, Relaxed);
    }

    pub(crate) fn record_frame_out(&self) {
        self.frames_out.fetch_add(1, Relaxed);
    }

    pub(crate) fn record_relayed(&self) {
        self.relayed.fetch_add(1, Relaxed);
    }

    pub(crate) fn record_commit(&self, took: Duration) {
        self.commits.fetch_add(1, Relaxed);
        self.commit_micros
            .fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Relaxed);
    }
}

/// The counters now.
pub fn snapshot() -> MetricsSnapshot {
    let m = &METRICS;
    MetricsSnapshot {
        batches: m.batches.load(Relaxed),
        inputs: m.inputs.load(Relaxed),
        frames_in: m.frames_in.load(Relaxed),
        frames_out: m.frames_out.load(Relaxed),
        commits: m.commits.load(Relaxed),
        commit_time: Duration::from_micros(m.commit_micros.load(Relaxed)),
        relayed: m.relayed.load(Relaxed),
    }
}
