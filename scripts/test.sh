#!/usr/bin/env bash
# README command (b): every test, fail-fast, one stage at a time:
#   toolchain (+ a throw-away PostgreSQL cluster) → native workspace tests → wasm tests in headless Chromium → release app build →
#   server binary → JS interop + end-to-end browser tests against the real server and app.
# Runs from any working directory. Artifacts of failed browser tests: tests/e2e/artifacts/.
set -euo pipefail
exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# A one-off run gains nothing from incremental caches, and they cost gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export QUORUM_SERVER_BIN="${QUORUM_SERVER_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/quorum-server}"

STAGES=6
n=0
started=$SECONDS
stage() {
  local name="$1"; shift
  n=$((n + 1))
  printf '\n======== [%d/%d] %s ========\n$ %s\n' "$n" "$STAGES" "$name" "$*"
  local t0=$SECONDS
  if ! "$@"; then
    printf '\n******** test.sh FAILED at stage %d/%d: %s ********\n' "$n" "$STAGES" "$name" >&2
    exit 1
  fi
  printf -- '-------- %s: ok (%ds)\n' "$name" $((SECONDS - t0))
}

stage "toolchain" scripts/toolchain.sh
# A throw-away PostgreSQL cluster for the storage tests (removed on exit, pass or fail).
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$QUORUM_TEST_PGDIR"' EXIT
printf -- '-------- PostgreSQL test cluster: %s\n' "${QUORUM_TEST_DATABASE_URL}"
stage "native tests (cargo test --workspace)" cargo test --workspace --locked
stage "wasm tests in headless Chromium (quorum-app)" cargo test -p quorum-app --target wasm32-unknown-unknown --locked
stage "app release build (trunk)" trunk build --release --offline
stage "server binary (debug)" cargo build -p quorum-server --locked
rm -rf tests/e2e/artifacts
stage "interop + end-to-end (node --test)" node --test --test-concurrency=1 --test-reporter=spec \
  tests/interop/*.test.mjs tests/e2e/*.test.mjs

printf '\n======== all %d stages passed (%ds) ========\n' "$STAGES" $((SECONDS - started))
