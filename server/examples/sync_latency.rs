//! Sync latency benchmark (not a test): how long a change on client A takes to show on
//! client B through quorum-server, one change at a time; then many writers at once, to
//! show the server's commit batching.
//!
//!     cargo run -p quorum-server --profile server --example sync_latency [changes]
//!
//! The server runs in-process on 127.0.0.1:0 with a temporary SQLite store (WAL,
//! synchronous=FULL: every acknowledged change is on disk), with its production limits:
//! writers are paced to stay under the per-connection message-rate bound. Clients connect
//! with an API token of an editor of a benchmark partnership, made in the data directory
//! before the server starts (as `quorum-server token create` does).
//! Set RUST_LOG for server logs.

#[path = "../tests/api/helpers/client.rs"]
mod client;

use std::time::{Duration, Instant};

use client::Client;
use domain::{sync::Event, DocumentId};
use quorum_server::{
    auth::{AuthStore, Email, Role, Secret},
    sync::metrics,
    Config,
};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, time::MissedTickBehavior};

/// Between two changes of one client: ~60 changes/s, ~150 frames/s with the sync replies,
/// under the server's bound of 200 messages/s per connection.
const PACE: Duration = Duration::from_millis(16);
const WRITERS: usize = 10;
const CHANGES_PER_WRITER: usize = 100;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let changes: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(300)
        .max(200);
    if std::env::var_os("RUST_LOG").is_some() {
        quorum_server::telemetry::init();
    }
    let (data, dist) = (TempDir::new()?, TempDir::new()?);
    let token = editor_token(&data)?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("ws://{}/sync?token={token}", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(quorum_server::serve(
        Config::new(data.path(), dist.path()),
        listener,
        async {
            let _ = stopped.await;
        },
    ));

    latency(&url, changes).await;
    unavailable(&url).await;
    throughput(&url).await;

    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// An API token of an editor of a new partnership, written into the data directory.
fn editor_token(data: &TempDir) -> anyhow::Result<String> {
    let store = AuthStore::open_dir(data.path())?;
    let partnership = store.create_partnership("Benchmark partnership", DocumentId::random())?;
    let email = Email::parse("bench@example.org").map_err(|e| anyhow::anyhow!("{e}"))?;
    let account = store.create_account(&email, "Benchmark", None)?;
    store.set_role(account, partnership, Role::Editor)?;
    let token = Secret::generate()?;
    store.add_api_token(&token.hash(), account, partnership)?;
    Ok(token.expose().to_owned())
}

/// A changes one key `changes` times; each time, B waits until it sees the new value.
async fn latency(url: &str, changes: usize) {
    let a = Client::connect(url).await;
    let b = Client::connect(url).await;
    let doc = a.create_doc(|_| {});
    a.put(doc, "n", "0");
    a.wait_all_on_server().await;
    b.request(doc);
    b.wait_for_value(doc, "n", "0").await;

    let (m0, sent0) = (metrics::snapshot(), a.frames_sent() + b.frames_sent());
    let started = Instant::now();
    let mut pace = tokio::time::interval(PACE);
    pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut latencies = Vec::with_capacity(changes);
    for i in 1..=changes {
        pace.tick().await;
        let t = Instant::now();
        a.put(doc, "n", &i.to_string());
        b.wait_for_value(doc, "n", &i.to_string()).await;
        latencies.push(t.elapsed());
    }
    a.wait_all_on_server().await;
    b.wait_all_on_server().await;
    let elapsed = started.elapsed();
    let (m1, sent1) = (metrics::snapshot(), a.frames_sent() + b.frames_sent());
    latencies.sort();
    let clients = (sent1 - sent0) as f64 / changes as f64;
    let server_out = (m1.frames_out - m0.frames_out) as f64 / changes as f64;
    let commits = m1.commits - m0.commits;
    println!(
        "sync latency, client A -> server (stored) -> client B: {changes} changes, one at a time"
    );
    println!(
        "  p50 {:.2} ms   p90 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        ms(pct(&latencies, 50)),
        ms(pct(&latencies, 90)),
        ms(pct(&latencies, 99)),
        ms(*latencies.last().unwrap())
    );
    println!(
        "  messages per change: {:.2} ({clients:.2} sent by the clients, {server_out:.2} by the server)",
        clients + server_out
    );
    println!(
        "  server commits: {commits} in {:.1} s, mean {:.2} ms each",
        elapsed.as_secs_f64(),
        ms(mean(m1.commit_time - m0.commit_time, commits))
    );
}

/// A client asks for documents nobody holds: the whole round trip until it is told
/// `doc-unavailable` (the server's share is at most this: the rest is loopback and the client).
async fn unavailable(url: &str) {
    const SAMPLES: usize = 200;
    let c = Client::connect(url).await;
    let mut times = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let doc = DocumentId::random();
        let t = Instant::now();
        c.request(doc);
        c.wait_until("doc-unavailable", |i| {
            i.events.iter().any(|e| matches!(e, Event::DocumentUnavailable(d) if *d == doc))
        })
        .await;
        times.push(t.elapsed());
    }
    times.sort();
    println!("unknown document -> doc-unavailable, round trip through the server: {SAMPLES} requests");
    println!(
        "  p50 {:.3} ms   p90 {:.3} ms   p99 {:.3} ms",
        ms(pct(&times, 50)),
        ms(pct(&times, 90)),
        ms(pct(&times, 99))
    );
}

/// Many writers at once, each on its own document: the hub batches their changes into
/// fewer SQLite commits.
async fn throughput(url: &str) {
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let c = Client::connect(url).await;
        let doc = c.create_doc(|_| {});
        c.put(doc, "n", "0");
        c.wait_all_on_server().await;
        writers.push((c, doc));
    }
    let m0 = metrics::snapshot();
    let started = Instant::now();
    let tasks: Vec<_> = writers
        .into_iter()
        .map(|(c, doc)| {
            tokio::spawn(async move {
                let mut pace = tokio::time::interval(PACE);
                pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
                for i in 1..=CHANGES_PER_WRITER {
                    pace.tick().await;
                    c.put(doc, "n", &i.to_string());
                }
                c.wait_all_on_server().await;
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("writer");
    }
    let elapsed = started.elapsed();
    let m1 = metrics::snapshot();
    let total = WRITERS * CHANGES_PER_WRITER;
    let commits = m1.commits - m0.commits;
    println!(
        "{WRITERS} writers x {CHANGES_PER_WRITER} changes, each writer paced at {} ms",
        PACE.as_millis()
    );
    println!(
        "  {total} changes stored in {:.2} s ({:.0} changes/s); {commits} commits ({:.0} commits/s, {:.1} changes per commit, mean {:.2} ms each)",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        commits as f64 / elapsed.as_secs_f64(),
        total as f64 / commits.max(1) as f64,
        ms(mean(m1.commit_time - m0.commit_time, commits))
    );
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p)
        .div_ceil(100)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mean(total: Duration, n: u64) -> Duration {
    total / u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}
