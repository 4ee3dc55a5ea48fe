#!/usr/bin/env bash
# Numbers: the app's wasm size (raw / gzip -9 / brotli -q 11) after a release Trunk build, then
# the sync latency benchmark (server/examples/sync_latency.rs), relay latency and several nodes
# on one PostgreSQL (server/examples/relay_latency.rs, tests/bench/nodes.mjs), meeting papers' upload and
# download speed (server/examples/papers_throughput.rs), then the client benchmark
# (tests/bench/client.mjs: the release app in headless Chromium against the real server —
# first open on a new device, save latency, keystroke latency on a 5,000-change group
# document, re-reads caused by a remote change to another document), the same at scale
# (tests/bench/scale.mjs: issues 11 and 12), sync under load and the
# memory an idle websocket costs, both beside the reference JS sync server.
set -euo pipefail
exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

fail() { printf '\nbench.sh: FAILED at: %s\n' "$*" >&2; exit 1; }

scripts/toolchain.sh || fail "toolchain (scripts/toolchain.sh)"
printf '\n==> trunk build --release --offline\n' >&2
TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline || fail "trunk build --release --offline"

printf '\n== wasm size (bytes; node scripts/wasm-size.mjs dist)\n'
node scripts/wasm-size.mjs dist || fail "wasm size (scripts/wasm-size.mjs)"

printf '\n== one remote change applied, by the size of the text it touches (cargo run -p quorum-domain --profile server --example text_apply)\n'
cargo run -p quorum-domain --profile server --locked --example text_apply || fail "text_apply example"

printf '\n== a room of writers in one section, the server per round (cargo run -p quorum-domain --profile server --example room_of_writers)\n'
cargo run -p quorum-domain --profile server --locked --example room_of_writers || fail "room_of_writers example"

printf '\n== sync latency (cargo run -p quorum-server --profile server --example sync_latency)\n'
cargo run -p quorum-server --profile server --locked --example sync_latency || fail "sync_latency example"

printf '\n== relay latency, two nodes on one PostgreSQL (cargo run -p quorum-server --profile server --example relay_latency)\n'
eval "$(scripts/postgres.sh start)" || fail "starting a throw-away PostgreSQL (scripts/postgres.sh)"
DATABASE_URL=$QUORUM_TEST_DATABASE_URL cargo run -p quorum-server --profile server --locked --example relay_latency \
  || { scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"; fail "relay_latency example"; }

# One node on SQLite vs one on PostgreSQL vs two nodes on one PostgreSQL, same machine, same run
# (tests/bench/nodes.mjs, issue 13): A -> B latency on the same node and across nodes, CPU and
# messages per change under sync_load.mjs's load, idle RSS per node, a 10,000-change document's
# cold fetch after restart; each goal beside its number. Each setup gets a database of its own
# on the cluster above.
# The server, and the native active clients the idle-socket runs drive (server/examples/active_clients.rs).
printf '\n==> cargo build -p quorum-server --profile server --bins --example active_clients\n' >&2
cargo build -p quorum-server --profile server --locked --bins --example active_clients \
  || { scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"; fail "cargo build -p quorum-server --profile server"; }
printf '\n== several nodes (node tests/bench/nodes.mjs)\n'
QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/nodes.mjs \
  || { scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"; fail "several nodes benchmark (tests/bench/nodes.mjs)"; }
# 2,000 idle + 200 active websockets on one node (SQLite) and spread over two nodes on one
# PostgreSQL: RSS per node and the active clients' visibility lag (goal p95 <= 250 ms).
printf '\n== 2,000 idle + 200 active websockets, one node vs two nodes (SERVERS=quorum,two-nodes node tests/bench/idle_sockets.mjs)\n'
(
  ulimit -n 12000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  SERVERS=quorum,two-nodes STEPS=2000 QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/idle_sockets.mjs
) || { scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"; fail "idle sockets on two nodes (tests/bench/idle_sockets.mjs)"; }
scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"

printf '\n== meeting papers (cargo run -p quorum-server --profile server --example papers_throughput)\n'
cargo run -p quorum-server --profile server --locked --example papers_throughput || fail "papers_throughput example"

QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/client.mjs || fail "client benchmark (tests/bench/client.mjs)"

# At scale (issues 11 and 12; tests/bench/scale.mjs): a procedure of ~20,000 words and ~5,000
# changes (open, keystroke echo, a remote edit's arrival), offline search over many procedures,
# a group of 120 meetings with 2,000 actions (its meetings page, the action tracker); each
# printed beside the issue's goal.
QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/scale.mjs || fail "scale benchmark (tests/bench/scale.mjs)"

# Sync under load, side by side with the reference JS sync server (tests/bench/sync_load.mjs,
# tests/bench/reference_server.mjs): messages per change, client CPU, changes made, visibility
# lag, server CPU / RSS, cold fetch after restart, unknown documents, idle A -> B latency, and
# a change's arrival at 200 subscribers of one document.
QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/sync_load.mjs || fail "sync load benchmark (tests/bench/sync_load.mjs)"

# What an open, idle websocket costs the server, at 2,000 and 10,000 sockets, side by side with
# the reference JS sync server (tests/bench/idle_sockets.mjs). Each socket is an open file in
# the server and in the benchmark: raise the soft limit for this step only (an operator does
# the same for quorum-server: `LimitNOFILE=` in its systemd unit, or `ulimit -n`, at least the
# number of open tabs expected plus a few hundred). Steps above the limit are skipped with a note.
(
  ulimit -n 12000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/idle_sockets.mjs
) || fail "idle sockets benchmark (tests/bench/idle_sockets.mjs)"
