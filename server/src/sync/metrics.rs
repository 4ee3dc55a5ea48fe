//! Process-wide counters of the sync hub (for logs, the latency benchmark and `/metrics`).

use std::{
    fmt::Write as _,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    time::Duration,
};

/// Upper bounds (seconds) of the commit latency histogram's buckets.
pub const COMMIT_BUCKETS: [f64; 10] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0];

/// The hub's counters since the process started.
#[derive(Debug)]
pub struct Metrics {
    batches: AtomicU64,
    inputs: AtomicU64,
    frames_in: AtomicU64,
    frames_out: AtomicU64,
    commits: AtomicU64,
    commit_micros: AtomicU64,
    /// Commits at or under each of [`COMMIT_BUCKETS`] (not cumulative; summed when shown).
    commit_buckets: [AtomicU64; COMMIT_BUCKETS.len()],
    relayed: AtomicU64,
    relay_micros: AtomicU64,
    caught_by_compaction: AtomicU64,
    evicted: AtomicU64,
    refused: AtomicU64,
    /// Gauges, set by the hub.
    documents: AtomicU64,
    connections: AtomicU64,
    deferred_claims: AtomicU64,
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
    /// Commits at or under each of [`COMMIT_BUCKETS`], cumulative (as Prometheus counts).
    pub commit_buckets: [u64; COMMIT_BUCKETS.len()],
    /// Documents re-read because another node on the same PostgreSQL changed them.
    pub relayed: u64,
    /// Time spent reading those changes in (the relay's lag on this node).
    pub relay_time: Duration,
    /// Snapshots this node built that held other nodes' changes it had not yet read in
    /// (their notice came later, or was lost): read in then.
    pub caught_by_compaction: u64,
    /// Documents dropped from memory because nobody was using them.
    pub evicted: u64,
    /// Sync messages refused: reads or writes the sender may not make, and connections
    /// closed for a bad or oversized message.
    pub refused: u64,
    /// Documents in memory now.
    pub documents: u64,
    /// Open sync connections now.
    pub connections: u64,
    /// New documents waiting for their account's quota to free (their creators are asked
    /// to send them again as it does).
    pub deferred_claims: u64,
}

const ZERO: AtomicU64 = AtomicU64::new(0);

pub(crate) static METRICS: Metrics = Metrics {
    batches: ZERO,
    inputs: ZERO,
    frames_in: ZERO,
    frames_out: ZERO,
    commits: ZERO,
    commit_micros: ZERO,
    commit_buckets: [ZERO; COMMIT_BUCKETS.len()],
    relayed: ZERO,
    relay_micros: ZERO,
    caught_by_compaction: ZERO,
    evicted: ZERO,
    refused: ZERO,
    documents: ZERO,
    connections: ZERO,
    deferred_claims: ZERO,
};

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

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

    pub(crate) fn record_relayed(&self, took: Duration) {
        self.relayed.fetch_add(1, Relaxed);
        self.relay_micros.fetch_add(micros(took), Relaxed);
    }

    pub(crate) fn record_caught_by_compaction(&self) {
        self.caught_by_compaction.fetch_add(1, Relaxed);
    }

    pub(crate) fn record_commit(&self, took: Duration) {
        self.commits.fetch_add(1, Relaxed);
        self.commit_micros.fetch_add(micros(took), Relaxed);
        if let Some(i) = COMMIT_BUCKETS.iter().position(|b| took.as_secs_f64() <= *b) {
            self.commit_buckets[i].fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn record_evicted(&self, documents: usize) {
        self.evicted.fetch_add(documents as u64, Relaxed);
    }

    pub(crate) fn record_refused(&self) {
        self.refused.fetch_add(1, Relaxed);
    }

    pub(crate) fn set_documents(&self, n: usize) {
        self.documents.store(n as u64, Relaxed);
    }

    pub(crate) fn set_connections(&self, n: usize) {
        self.connections.store(n as u64, Relaxed);
    }

    pub(crate) fn set_deferred_claims(&self, n: usize) {
        self.deferred_claims.store(n as u64, Relaxed);
    }
}

/// The counters now.
pub fn snapshot() -> MetricsSnapshot {
    let m = &METRICS;
    let mut commit_buckets = [0; COMMIT_BUCKETS.len()];
    let mut sum = 0;
    for (i, b) in m.commit_buckets.iter().enumerate() {
        sum += b.load(Relaxed);
        commit_buckets[i] = sum;
    }
    MetricsSnapshot {
        batches: m.batches.load(Relaxed),
        inputs: m.inputs.load(Relaxed),
        frames_in: m.frames_in.load(Relaxed),
        frames_out: m.frames_out.load(Relaxed),
        commits: m.commits.load(Relaxed),
        commit_time: Duration::from_micros(m.commit_micros.load(Relaxed)),
        commit_buckets,
        relayed: m.relayed.load(Relaxed),
        relay_time: Duration::from_micros(m.relay_micros.load(Relaxed)),
        caught_by_compaction: m.caught_by_compaction.load(Relaxed),
        evicted: m.evicted.load(Relaxed),
        refused: m.refused.load(Relaxed),
        documents: m.documents.load(Relaxed),
        connections: m.connections.load(Relaxed),
        deferred_claims: m.deferred_claims.load(Relaxed),
    }
}

impl MetricsSnapshot {
    /// The counters in the Prometheus text exposition format (version 0.0.4).
    pub fn prometheus(&self) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
        };
        metric("quorum_sync_connections", "gauge", "Open sync (websocket) connections.", self.connections.to_string());
        metric("quorum_documents_in_memory", "gauge", "Documents held in memory by the sync hub.", self.documents.to_string());
        metric("quorum_new_documents_waiting", "gauge", "New documents waiting for their account's quota of new documents to free.", self.deferred_claims.to_string());
        metric("quorum_documents_evicted_total", "counter", "Documents dropped from memory because nobody was using them.", self.evicted.to_string());
        metric("quorum_sync_frames_received_total", "counter", "Sync frames received.", self.frames_in.to_string());
        metric("quorum_sync_frames_sent_total", "counter", "Sync frames sent.", self.frames_out.to_string());
        metric("quorum_sync_refused_total", "counter", "Sync messages refused (access, or a bad or oversized message).", self.refused.to_string());
        metric("quorum_relayed_documents_total", "counter", "Documents re-read because another node changed them.", self.relayed.to_string());
        metric("quorum_relay_lag_seconds_total", "counter", "Time spent reading in other nodes' changes.", secs(self.relay_time));
        metric("quorum_relay_caught_by_compaction_total", "counter", "Other nodes' changes first read in from a snapshot this node built (their notice came later or not at all).", self.caught_by_compaction.to_string());
        let _ = writeln!(out, "# HELP quorum_commit_seconds Storage commits of the sync hub and their latency.\n# TYPE quorum_commit_seconds histogram");
        for (bound, count) in COMMIT_BUCKETS.iter().zip(self.commit_buckets) {
            let _ = writeln!(out, "quorum_commit_seconds_bucket{{le=\"{bound}\"}} {count}");
        }
        let _ = writeln!(out, "quorum_commit_seconds_bucket{{le=\"+Inf\"}} {}", self.commits);
        let _ = writeln!(out, "quorum_commit_seconds_sum {}", secs(self.commit_time));
        let _ = writeln!(out, "quorum_commit_seconds_count {}", self.commits);
        out
    }
}

fn secs(d: Duration) -> String {
    format!("{:.6}", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_has_help_type_and_cumulative_buckets() {
        let mut s = MetricsSnapshot { commits: 3, documents: 7, commit_time: Duration::from_millis(12), ..MetricsSnapshot::default() };
        s.commit_buckets = [0, 1, 1, 2, 2, 2, 3, 3, 3, 3];
        let text = s.prometheus();
        assert!(text.contains("# TYPE quorum_documents_in_memory gauge\nquorum_documents_in_memory 7\n"), "{text}");
        assert!(text.contains("quorum_commit_seconds_bucket{le=\"0.001\"} 1\n"));
        assert!(text.contains("quorum_commit_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("quorum_commit_seconds_sum 0.012000\n"));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (name, value) = line.rsplit_once(' ').unwrap();
            assert!(name.starts_with("quorum_"), "{line}");
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }
}
