//! Active clients (a benchmark driver, not a test): CLIENTS native protocol clients, PER_DOC
//! to a document, each changing its document RATE times a second for SECONDS, and how long a
//! change takes to become visible to the other clients of its document (p50 / p95 / p99).
//!
//!     cargo build -p quorum-server --profile server --example active_clients
//!     target/server/examples/active_clients <ws-url>…
//!
//! Each client is the domain's sync engine as a `Role::Client` (the code the app runs in the
//! browser, here natively) over its own websocket (`tests/api/helpers/client.rs`). With
//! several URLs (several nodes), a document's clients are spread over them in turn. Any
//! automerge-repo sync server will do: quorum-server (URLs with a `?token=` of an editor, who may
//! create documents) or the reference JS sync server.
//!
//! It is what `tests/bench/idle_sockets.mjs` runs beside thousands of idle sockets (issues 13
//! and 15). The official JS client costs 20–50 ms of CPU per change (issue 14's table): 200 of
//! them at 2 changes/s ask for several cores on their own, so on a small machine they measured
//! the load generator, not the server. This driver runs on one thread (as node does) and
//! costs a fraction of that. `tests/bench/sync_load.mjs --load` stays the official-client
//! yardstick for messages and CPU per change.
//!
//! Prints `window-start` and `window-end` around the load (the caller reads the server's CPU
//! between them), then one JSON line with the same fields as `sync_load.mjs --load`:
//! changes, serverToClient, clientToServer (frames during the window), clientCpuMs,
//! lagP50 / lagP95 / lagP99 (ms), converged (documents whose clients hold the same heads, at
//! most 5 s after the load), and settleMs (how long after the load they all did).
//!
//! Environment: CLIENTS (200), PER_DOC (5), RATE (2), SECONDS (10).

#[path = "../tests/api/helpers/client.rs"]
mod client;

use std::{
    cell::RefCell,
    rc::Rc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use automerge::{transaction::Transactable, ReadDoc, ScalarValue, Value, ROOT};
use client::Client;
use domain::DocumentId;
use tokio::{task::LocalSet, time::MissedTickBehavior};

/// How long the clients get, after the load, to converge.
const SETTLE: Duration = Duration::from_secs(5);


fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

/// Milliseconds since the epoch: the clock every client shares (one process).
fn now_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let urls: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    anyhow::ensure!(!urls.is_empty(), "usage: active_clients <ws-url>…");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    LocalSet::new().block_on(&runtime, run(urls))
}

async fn run(urls: Vec<String>) -> anyhow::Result<()> {
    let (clients, per_doc) = (env_or("CLIENTS", 200), env_or("PER_DOC", 5).max(2));
    let (rate, seconds) = (env_or("RATE", 2), env_or("SECONDS", 10));
    let node_of = |d: usize, c: usize| urls[(d * per_doc + c) % urls.len()].as_str();

    // Each document: its first client creates it, the others find it through the server.
    let mut docs: Vec<(DocumentId, Vec<Rc<Client>>)> = Vec::new();
    for d in 0..clients / per_doc {
        let first = connect(node_of(d, 0)).await?;
        let id = first.create_doc(|_| {});
        first.put(id, "created", "yes");
        docs.push((id, vec![Rc::new(first)]));
    }
    for (d, (id, members)) in docs.iter_mut().enumerate() {
        for c in 1..per_doc {
            members.push(Rc::new(find_through_server(node_of(d, c), *id).await?));
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Visibility: whenever a client's state changes, the other clients' counters it now sees.
    let lags = Rc::new(RefCell::new(Vec::<f64>::new()));
    let window_end = Rc::new(RefCell::new(f64::INFINITY));
    let mut watchers = Vec::new();
    for (id, members) in &docs {
        for (me, client) in members.iter().enumerate() {
            let (id, client, lags, window_end) = (*id, client.clone(), lags.clone(), window_end.clone());
            let mut changes = client.changes();
            watchers.push(tokio::task::spawn_local(async move {
                let mut seen = vec![0i64; per_doc];
                while changes.changed().await.is_ok() {
                    let now = now_ms();
                    let end = *window_end.borrow();
                    client.read(|i| {
                        let Some(doc) = i.document(id) else { return };
                        for src in (0..per_doc).filter(|&s| s != me) {
                            let n = int_at(doc, &format!("n{src}")).unwrap_or(0);
                            if n > seen[src] {
                                seen[src] = n;
                                if let Some(t) = f64_at(doc, &format!("t{src}")).filter(|&t| t <= end) {
                                    lags.borrow_mut().push(now - t);
                                }
                            }
                        }
                    });
                }
            }));
        }
    }

    let frames = |docs: &[(DocumentId, Vec<Rc<Client>>)]| {
        docs.iter().flat_map(|(_, m)| m).fold((0, 0), |(i, o), c| (i + c.frames_received(), o + c.frames_sent()))
    };
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    let changes = Rc::new(RefCell::new(0usize));
    println!("window-start");
    let (cpu0, (in0, out0)) = (cpu_ms(), frames(&docs));
    let load_end = Instant::now() + Duration::from_secs(seconds as u64);
    let mut writers = Vec::new();
    let total = docs.iter().map(|(_, m)| m.len()).sum::<usize>() as f64;
    for (d, (id, members)) in docs.iter().enumerate() {
        for (me, client) in members.iter().enumerate() {
            let (id, client, changes) = (*id, client.clone(), changes.clone());
            // The clients' first changes spread evenly over one period.
            let first = period.mul_f64((d * per_doc + me) as f64 / total);
            writers.push(tokio::task::spawn_local(async move {
                let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + first, period);
                tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
                let mut n = 0i64;
                loop {
                    tick.tick().await;
                    if Instant::now() >= load_end {
                        break;
                    }
                    n += 1;
                    *changes.borrow_mut() += 1;
                    client.change(id, |d| {
                        let mut tx = d.transaction();
                        tx.put(ROOT, format!("n{me}"), n).expect("put n");
                        tx.put(ROOT, format!("t{me}"), now_ms()).expect("put t");
                        tx.commit();
                    });
                }
            }));
        }
    }
    for w in writers {
        w.await?;
    }
    *window_end.borrow_mut() = now_ms();

    // Let the changes settle: every document's clients hold the same heads.
    let same = |members: &[Rc<Client>], id: DocumentId| {
        let heads: Vec<_> = members.iter().map(|c| c.read(|i| i.document(id).map(|d| d.get_heads()))).collect();
        heads.iter().all(|h| h.is_some() && *h == heads[0])
    };
    let settle_for = std::env::var("SETTLE_S").ok().and_then(|v| v.parse().ok()).map_or(SETTLE, Duration::from_secs);
    let settling = Instant::now();
    while settling.elapsed() < settle_for && !docs.iter().all(|(id, m)| same(m, *id)) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let settle_ms = settling.elapsed().as_secs_f64() * 1000.0;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (cpu1, (in1, out1)) = (cpu_ms(), frames(&docs));
    println!("window-end");
    let converged = docs.iter().filter(|(id, m)| same(m, *id)).count();
    // What each client of a document that did not converge holds: every writer's last counter.
    for (d, (id, members)) in docs.iter().enumerate().filter(|(_, (id, m))| !same(m, *id)) {
        let held: Vec<String> = members
            .iter()
            .enumerate()
            .map(|(c, client)| {
                let counters: Vec<i64> = client.read(|i| {
                    let doc = i.document(*id);
                    (0..per_doc).map(|src| doc.and_then(|doc| int_at(doc, &format!("n{src}"))).unwrap_or(0)).collect()
                });
                format!("client {c} on {}: {counters:?}", (d * per_doc + c) % urls.len())
            })
            .collect();
        eprintln!("[active_clients] document {id} did not converge: {}", held.join("; "));
    }
    for w in &watchers {
        w.abort();
    }

    let mut lags = lags.take();
    lags.sort_by(f64::total_cmp);
    let pct = |p: usize| lags.get((lags.len() * p / 100).min(lags.len().saturating_sub(1))).copied().unwrap_or(f64::NAN);
    let json = serde_json::json!({
        "driver": "native",
        "changes": *changes.borrow(),
        "serverToClient": in1 - in0,
        "clientToServer": out1 - out0,
        "clientCpuMs": cpu1 - cpu0,
        "lagP50": pct(50),
        "lagP95": pct(95),
        "lagP99": pct(99),
        "converged": converged,
        "settleMs": settle_ms,
        "documents": docs.len(),
    });
    println!("{json}");
    Ok(())
}

/// A client on `url` holding document `id`, asked for through the server; a fresh client per
/// attempt while the server does not have it yet.
async fn find_through_server(url: &str, id: DocumentId) -> anyhow::Result<Client> {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let client = connect(url).await?;
        client.request(id);
        let found = client
            .holds_within(Duration::from_secs(10), |i| i.document(id).is_some_and(|d| d.get(ROOT, "created").ok().flatten().is_some()))
            .await;
        if found {
            return Ok(client);
        }
        anyhow::ensure!(Instant::now() < end, "document {id} never reached the server at {url}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A client on `url` once the server has answered its `join`. A join sent while a server is
/// still starting may go unanswered (the reference server drops it), so after a few seconds
/// the client connects again, as the official client does.
async fn connect(url: &str) -> anyhow::Result<Client> {
    for _ in 0..10 {
        if let Ok(client) = tokio::time::timeout(Duration::from_secs(3), Client::connect(url)).await {
            return Ok(client);
        }
    }
    anyhow::bail!("no answer to join from {url} in 30 s")
}

fn int_at(doc: &automerge::Automerge, key: &str) -> Option<i64> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Int(n) => Some(*n),
            ScalarValue::Uint(n) => i64::try_from(*n).ok(),
            ScalarValue::F64(f) => Some(*f as i64),
            _ => None,
        },
        _ => None,
    }
}

fn f64_at(doc: &automerge::Automerge, key: &str) -> Option<f64> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::F64(f) => Some(*f),
            ScalarValue::Int(n) => Some(*n as f64),
            _ => None,
        },
        _ => None,
    }
}

/// This process's CPU time (user + system), in ms, from /proc/self/stat (Linux).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces), from its closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
    // utime and stime are fields 14 and 15 of the line; 11 and 12 after the command. 100 ticks/s.
    (ticks(11) + ticks(12)) * 10.0
}
