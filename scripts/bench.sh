#!/usr/bin/env bash
# Numbers: the app's wasm size (raw / gzip -9 / brotli -q 11) after a release Trunk build, then
# the sync latency benchmark (server/examples/sync_latency.rs), meeting papers' upload and
# download speed (server/examples/papers_throughput.rs), then the client benchmark
# (tests/bench/client.mjs: the release app in headless Chromium against the real server —
# first open on a new device, save latency, keystroke latency on a 5,000-change group
# document, re-reads caused by a remote change to another document).
set -euo pipefail
exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

fail() { printf '\nbench.sh: FAILED at: %s\n' "$*" >&2; exit 1; }

scripts/toolchain.sh || fail "toolchain (scripts/toolchain.sh)"
printf '\n==> trunk build --release --offline\n' >&2
TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline || fail "trunk build --release --offline"

shopt -s nullglob
wasm=(dist/*.wasm)
[ ${#wasm[@]} -gt 0 ] || fail "no dist/*.wasm after the build"
printf '\n== wasm size (bytes)\n'
printf '%-48s %12s %12s %14s\n' file raw "gzip -9" "brotli -q 11"
for f in "${wasm[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-48s %12d %12d %14d\n' "$f" "$raw" "$gz" "$br"
done

printf '\n== sync latency (cargo run -p quorum-server --profile server --example sync_latency)\n'
cargo run -p quorum-server --profile server --locked --example sync_latency || fail "sync_latency example"

printf '\n== meeting papers (cargo run -p quorum-server --profile server --example papers_throughput)\n'
cargo run -p quorum-server --profile server --locked --example papers_throughput || fail "papers_throughput example"

printf '\n==> cargo build -p quorum-server --profile server\n' >&2
cargo build -p quorum-server --profile server --locked || fail "cargo build -p quorum-server --profile server"
QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/client.mjs || fail "client benchmark (tests/bench/client.mjs)"

# Sync under load, side by side with the reference JS sync server (tests/bench/sync_load.mjs,
# tests/bench/reference_server.mjs): messages per change, client CPU, changes made, visibility
# lag, server CPU / RSS, cold fetch after restart, unknown documents, idle A -> B latency.
QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/sync_load.mjs || fail "sync load benchmark (tests/bench/sync_load.mjs)"
