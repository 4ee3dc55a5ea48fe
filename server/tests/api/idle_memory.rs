//! What an open, idle websocket costs the server (issue 15): the real binary, 1,000
//! websockets that join and then stay idle, and the server's resident memory before and
//! after. The bound is generous (the benchmark, `tests/bench/idle_sockets.mjs`, measures the
//! real cost); it catches a regression such as a per-connection buffer allocated up front.

use tempfile::TempDir;

use crate::helpers::{ChildServer, SilentPeer};

const SOCKETS: usize = 1000;
/// Resident memory the server may grow by per idle socket.
const BOUND_KIB: u64 = 48;

#[tokio::test]
async fn a_thousand_idle_joined_websockets_stay_within_48_kib_each() {
    let limit = open_files_limit();
    assert!(
        limit > (SOCKETS as u64) + 200,
        "this test opens {SOCKETS} sockets: raise the open-files limit (ulimit -n, now {limit})"
    );
    let data = TempDir::new().unwrap();
    // Every socket uses the default token: lift the per-account connection limit.
    let server = ChildServer::start_with(data.path(), &["--max-connections-per-account", "100000"]);
    // A few sockets first, so what the first connection sets up once (the hub's tables,
    // the runtime's worker state) is not counted against the rest.
    let mut peers = open(&server, 0, 20).await;
    let before = rss_kib(server.pid());
    peers.extend(open(&server, 20, SOCKETS).await);
    // Let the server finish whatever the last joins started.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let after = rss_kib(server.pid());
    let per_socket = after.saturating_sub(before) / SOCKETS as u64;
    eprintln!("{SOCKETS} idle websockets: server RSS {before} -> {after} KiB, {per_socket} KiB each");
    assert!(
        per_socket <= BOUND_KIB,
        "{SOCKETS} idle websockets grew the server from {before} KiB to {after} KiB: \
         {per_socket} KiB each (at most {BOUND_KIB})"
    );
    drop(peers);
}

/// Joins sockets `from..to`, a hundred at a time.
async fn open(server: &ChildServer, from: usize, to: usize) -> Vec<SilentPeer> {
    let mut peers = Vec::with_capacity(to - from);
    let names: Vec<usize> = (from..to).collect();
    for chunk in names.chunks(100) {
        let joins = chunk.iter().map(|i| {
            let name = format!("idle-{i}");
            async move { SilentPeer::join(server.addr, &server.token, &name).await }
        });
        peers.extend(futures::future::join_all(joins).await);
    }
    peers
}

fn rss_kib(pid: u32) -> u64 {
    status_field(&format!("/proc/{pid}/status"), "VmRSS:")
}

fn open_files_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

fn status_field(path: &str, field: &str) -> u64 {
    let status = std::fs::read_to_string(path).expect("read /proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in {path}"))
}
