#!/usr/bin/env bash
# README command (a): install what is missing, build the app (release, offline) and run the server
# with the demo partnerships on http://127.0.0.1:8080.
#   HOST, PORT, DATA_DIR (default ./data), DIST_DIR (dist) and RUST_LOG are honoured; extra
#   arguments go to quorum-server, e.g. scripts/run.sh --port 9000.
set -euo pipefail
exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

fail() { printf '\nrun.sh: FAILED at: %s\n' "$*" >&2; exit 1; }

scripts/toolchain.sh || fail "toolchain (scripts/toolchain.sh)"

printf '\n==> trunk build --release --offline\n' >&2
TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline || fail "trunk build --release --offline"

export HOST="${HOST:-127.0.0.1}"
export PORT="${PORT:-8080}"
export DATA_DIR="${DATA_DIR:-./data}"
export DIST_DIR="dist"
printf '\n==> quorum-server --demo (http://%s:%s, data in %s)\n' "$HOST" "$PORT" "$DATA_DIR" >&2
exec cargo run -p quorum-server --profile server --locked -- --demo "$@"
