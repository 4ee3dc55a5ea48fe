//! Meeting papers benchmark (not a test): a 25 MiB paper uploaded to and downloaded from
//! quorum-server over loopback HTTP, five times each, with the median MiB/s. The upload is
//! acknowledged only once the blob is committed (SQLite WAL, synchronous=FULL).
//!
//!     cargo run -p quorum-server --profile server --example papers_throughput

#[path = "../tests/api/helpers/http.rs"]
#[allow(dead_code, unreachable_pub)]
mod http;

use std::time::Instant;

use domain::DocumentId;
use hyper::{Method, StatusCode};
use quorum_server::{
    auth::{AuthStore, Email, Role, Secret},
    Config,
};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot};

const RUNS: usize = 5;
const MIB: f64 = 1024.0 * 1024.0;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let (data, dist) = (TempDir::new()?, TempDir::new()?);
    let store = AuthStore::open_dir(data.path())?;
    let partnership = store.create_partnership("Benchmark partnership", DocumentId::random())?;
    let email = Email::parse("officer@example.org").map_err(|e| anyhow::anyhow!("{e}"))?;
    let account = store.create_account(&email, "Business officer", None)?;
    store.set_role(account, partnership, Role::Editor)?;
    let session = Secret::generate()?;
    store.create_session(&session.hash(), account, "bench")?;
    let docs: Vec<DocumentId> = (0..RUNS).map(|_| DocumentId::random()).collect();
    for d in &docs {
        store.record_owner(*d, partnership)?;
    }
    drop(store);

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(quorum_server::serve(Config::new(data.path(), dist.path()), listener, async {
        let _ = stopped.await;
    }));
    let origin = format!("http://{addr}");
    let cookie = format!("quorum_session={}", session.expose());

    let (mut up, mut down) = (Vec::new(), Vec::new());
    for (i, doc) in docs.iter().enumerate() {
        let mut bytes = format!("%PDF-1.7 run {i}\n").into_bytes();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ i as u64;
        bytes.extend((bytes.len()..domain::api::MAX_PAPER_BYTES).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        }));
        let started = Instant::now();
        let headers = [("origin", origin.as_str()), ("cookie", cookie.as_str()), ("content-type", "application/pdf")];
        let res = http::send(addr, Method::POST, &format!("/api/documents/{doc}/papers?name=pack.pdf"), &headers, Some(bytes.clone())).await;
        up.push(bytes.len() as f64 / MIB / started.elapsed().as_secs_f64());
        anyhow::ensure!(res.status == StatusCode::CREATED, "upload: {} {}", res.status, res.text());
        let blob = res.json()["blob"].as_str().unwrap_or_default().to_owned();
        let started = Instant::now();
        let got = http::get_with(addr, &format!("/api/documents/{doc}/papers/{blob}"), &[("cookie", cookie.as_str())]).await;
        down.push(got.body.len() as f64 / MIB / started.elapsed().as_secs_f64());
        anyhow::ensure!(got.status == StatusCode::OK && got.body.len() == bytes.len(), "download: {}", got.status);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("papers: 25 MiB over loopback HTTP, median of {RUNS}");
    println!("  upload   {:>8.1} MiB/s (acknowledged after commit)", median(&mut up));
    println!("  download {:>8.1} MiB/s", median(&mut down));
    let _ = stop.send(());
    server.await??;
    Ok(())
}
