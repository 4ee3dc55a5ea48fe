#!/usr/bin/env bash
# Installs, only where missing, every tool Quorum builds and tests with. Idempotent: a warm run
# takes seconds. Reaches only rustup's dist server, crates.io, npm and Debian apt.
# Proven recipe: ../shared/toolchain.md.
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-split-cli (scripts/build-wasm.sh): matches the wasm_split_helpers 0.2 that Leptos links.
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${QUORUM_TOOLS_DIR:-$HOME/.local/share/quorum-tools}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

step() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf '\ntoolchain: FAILED at step: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || fail "read wasm-bindgen version from Cargo.lock"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

missing_apt=()
command -v chromium >/dev/null || missing_apt+=(chromium)
command -v chromedriver >/dev/null || missing_apt+=(chromium-driver)
command -v brotli >/dev/null || missing_apt+=(brotli)
# PostgreSQL's server binaries, for the storage tests against a throw-away cluster
# (scripts/postgres.sh); the packaged default cluster is not used.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_apt+=(postgresql)
if [ ${#missing_apt[@]} -gt 0 ]; then
  step "apt: ${missing_apt[*]}"
  as_root apt-get update -qq || fail "apt-get update"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_apt[@]}" >/dev/null || fail "apt-get install ${missing_apt[*]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || fail "rustup target add"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked can fail (a yanked pin in its lockfile); fall back to a fresh resolution.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    || fail "cargo install wasm-bindgen-cli"
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  step "cargo install trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force || fail "cargo install trunk"
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force \
    || fail "cargo install wasm_split_cli_support"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*} "; then
  step "npm binaryen@$BINARYEN_VERSION (wasm-opt)"
  npm install --prefix "$TOOLS_DIR/binaryen" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" || fail "npm install binaryen"
  ln -sfn "$TOOLS_DIR/binaryen/node_modules/.bin/wasm-opt" "$CARGO_BIN/wasm-opt"
fi

if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  step "npm ci (tests/)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in tests/"
fi

step "cargo fetch"
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked || fail "cargo fetch --locked"

# Trunk.toml pins [tools] to these exact versions, so Trunk never tries to download.
grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml || fail "Trunk.toml [tools] wasm_bindgen must be $WASM_BINDGEN_VERSION"
command -v wasm-split-cli >/dev/null || fail "wasm-split-cli is not on PATH"
for t in "wasm-bindgen --version" "wasm-bindgen-test-runner --version" "trunk --version" "wasm-opt --version" "chromium --version" "chromedriver --version"; do
  out=$($t 2>/dev/null | head -n1) || fail "$t"
  printf '  %-36s %s\n' "$t" "$out" >&2
done
