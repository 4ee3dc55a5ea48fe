//! Relay latency benchmark (not a test): two quorum-server nodes on one PostgreSQL, client
//! A on node 1 changes a key, client B waits until it sees it; B on node 1 too (the same
//! node), then B on node 2 (relayed: node 1 commits with `NOTIFY`, node 2 loads the new
//! chunks from PostgreSQL and syncs B), one change at a time. Then access changes: a
//! session ended in the shared accounts store (as a sign-out on node 1 or the CLI does)
//! until node 2 closes that session's websocket (`NOTIFY quorum_access`), one at a time.
//!
//!     eval "$(scripts/postgres.sh start)"
//!     DATABASE_URL=$QUORUM_TEST_DATABASE_URL cargo run -p quorum-server --profile server --example relay_latency [changes]
//!     scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"
//!
//! Both nodes run in this process, each with its own data directory; accounts are shared in
//! PostgreSQL (an editor of a benchmark partnership). Set RUST_LOG for server logs.

#[path = "../tests/api/helpers/client.rs"]
mod client;

use std::time::{Duration, Instant};

use client::Client;
use domain::DocumentId;
use quorum_server::{
    auth::{AuthStore, Email, Role, Secret},
    storage::DatabaseUrl,
    sync::metrics,
    Config,
};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle, time::MissedTickBehavior};

/// Between two changes: as the sync latency benchmark, under the per-connection rate bound.
const PACE: Duration = Duration::from_millis(16);

struct Node {
    ws: String,
    sync: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
    _dirs: (TempDir, TempDir),
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let changes: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(300).max(100);
    if std::env::var_os("RUST_LOG").is_some() {
        quorum_server::telemetry::init();
    }
    let Some(url) = std::env::var("DATABASE_URL").ok().or_else(|| std::env::var("QUORUM_TEST_DATABASE_URL").ok()) else {
        anyhow::bail!("set DATABASE_URL to a PostgreSQL database (scripts/postgres.sh start gives one)");
    };
    let url: DatabaseUrl = url.parse()?;
    let accounts = TempDir::new()?;
    let store = AuthStore::open_for(accounts.path(), Some(&url))?;
    let email = Email::parse("bench@example.org").map_err(|e| anyhow::anyhow!("{e}"))?;
    let partnership = match store.find_partnership("Benchmark partnership")? {
        Some((p, _, _)) => p,
        None => store.create_partnership("Benchmark partnership", DocumentId::random())?,
    };
    let account = match store.account_by_email(&email)? {
        Some(a) => a.id,
        None => store.create_account(&email, "Benchmark", None)?,
    };
    store.set_role(account, partnership, Role::Editor)?;
    let token = Secret::generate()?;
    store.add_api_token(&token.hash(), account, partnership)?;
    let one = node(&url, &token).await?;
    let two = node(&url, &token).await?;

    let a = Client::connect(&one.ws).await;
    let doc = a.create_doc(|_| {});
    a.put(doc, "n", "0");
    a.wait_all_on_server().await;
    // Node 2 hears of the owner node 1 recorded at once (or at its next poll).
    tokio::time::sleep(Duration::from_millis(600)).await;

    let same = Client::connect(&one.ws).await;
    let other = Client::connect(&two.ws).await;
    for b in [&same, &other] {
        b.request(doc);
        b.wait_for_value(doc, "n", "0").await;
    }
    println!("relay latency, two nodes on one PostgreSQL ({} cores), {changes} changes one at a time", cores());
    let mut next = 1;
    for (label, b) in [("A and B on the same node", &same), ("A on node 1, B on node 2", &other)] {
        let m0 = metrics::snapshot();
        let mut pace = tokio::time::interval(PACE);
        pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut latencies = Vec::with_capacity(changes);
        for _ in 0..changes {
            pace.tick().await;
            let value = next.to_string();
            next += 1;
            let t = Instant::now();
            a.put(doc, "n", &value);
            b.wait_for_value(doc, "n", &value).await;
            latencies.push(t.elapsed());
        }
        let m1 = metrics::snapshot();
        latencies.sort();
        println!(
            "  {label}: p50 {:.2} ms   p90 {:.2} ms   p99 {:.2} ms   max {:.2} ms   (documents relayed: {})",
            ms(pct(&latencies, 50)),
            ms(pct(&latencies, 90)),
            ms(pct(&latencies, 99)),
            ms(*latencies.last().unwrap()),
            m1.relayed - m0.relayed
        );
    }
    drop((a, same, other));

    // Access changes across nodes: a session ended through the shared store, until node 2
    // closes its websocket.
    let rounds = (changes / 10).max(10);
    let mut latencies = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let cookie = Secret::generate()?;
        let session = store.create_session(&cookie.hash(), account, "benchmark")?;
        let b = Client::connect_with(&two.sync, ("cookie", format!("quorum_session={}", cookie.expose()))).await;
        b.request(doc);
        b.wait_for_value(doc, "n", &(next - 1).to_string()).await;
        let t = Instant::now();
        store.delete_session(session)?;
        b.wait_until("the websocket to close", |i| i.closed).await;
        latencies.push(t.elapsed());
    }
    latencies.sort();
    println!(
        "  a session ended, until node 2 closes its socket ({rounds} times): p50 {:.2} ms   p90 {:.2} ms   max {:.2} ms",
        ms(pct(&latencies, 50)),
        ms(pct(&latencies, 90)),
        ms(*latencies.last().unwrap())
    );
    for n in [one, two] {
        let _ = n.stop.send(());
        n.task.await??;
    }
    Ok(())
}

/// A node on `url` with its own data directory; `token` is the benchmark editor's.
async fn node(url: &DatabaseUrl, token: &Secret) -> anyhow::Result<Node> {
    let (data, dist) = (TempDir::new()?, TempDir::new()?);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let sync = format!("ws://{}/sync", listener.local_addr()?);
    let ws = format!("{sync}?token={}", token.expose());
    let mut config = Config::new(data.path(), dist.path());
    config.database_url = Some(url.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(quorum_server::serve(config, listener, async {
        let _ = stopped.await;
    }));
    Ok(Node { ws, sync, stop, task, _dirs: (data, dist) })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
