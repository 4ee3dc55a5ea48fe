#!/usr/bin/env bash
# Trunk build hook (Trunk.toml): builds the app's wasm into $TRUNK_STAGING_DIR, split into
# modules the browser loads on demand. Also runnable by hand: scripts/build-wasm.sh <dir>.
#
# Release (trunk build --release):
#   1. cargo build --release --features split: every page is a split point
#      (app/src/lazy_pages.rs), linked with relocations (app/build.rs);
#   2. wasm-split-cli: the main module (the shell, the repo and sync, the first page), one
#      module per area of pages, and modules shared by several areas, plus __wasm_split.js
#      that fetches and links them;
#   3. wasm-bindgen --target web on the main module (keeping the exports the modules link to);
#   4. wasm-opt -Oz on every module.
# Debug (trunk build): one unsplit wasm through wasm-bindgen, no wasm-opt.
# The service worker precaches every file written here (scripts/sw-precache.mjs), so pages
# open offline even if they were never opened online.
set -euo pipefail
exec </dev/null
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

out="${1:-${TRUNK_STAGING_DIR:?build-wasm: no output directory (argument or TRUNK_STAGING_DIR)}}"
profile="${TRUNK_PROFILE:-release}"
target_dir="${CARGO_TARGET_DIR:-$ROOT/target}"
wasm_target=wasm32-unknown-unknown
name=quorum-app

fail() { printf '\nbuild-wasm: FAILED at: %s\n' "$*" >&2; exit 1; }
step() { printf 'build-wasm: %s\n' "$*" >&2; }

mkdir -p "$out"
if [ "$profile" != release ]; then
  step "cargo build (debug, unsplit)"
  cargo build --locked --target "$wasm_target" -p quorum-app || fail "cargo build"
  wasm-bindgen --target web --out-name "$name" --out-dir "$out" \
    "$target_dir/$wasm_target/debug/$name.wasm" || fail "wasm-bindgen"
  exit 0
fi

work="$target_dir/wasm-split"
rm -rf "$work"
mkdir -p "$work/bindgen"
step "cargo build --release --features split"
cargo build --locked --release --target "$wasm_target" -p quorum-app --features split || fail "cargo build --release"
step "wasm-split-cli"
wasm-split-cli "$target_dir/$wasm_target/release/$name.wasm" "$work" --target web --out-name "$name" \
  || fail "wasm-split-cli"
step "wasm-bindgen"
wasm-bindgen --target web --keep-lld-exports --no-demangle --out-name "$name" --out-dir "$work/bindgen" \
  "$work/$name.wasm" || fail "wasm-bindgen"

step "wasm-opt -Oz ($(ls "$work"/*.wasm | wc -l) modules, $(nproc) at a time)"
# The main module first (the largest), then the rest; -P runs one per core.
{ echo "$work/bindgen/${name}_bg.wasm"; ls -S "$work"/*.wasm | grep -v "/$name.wasm\$"; } \
  | xargs -P "$(nproc)" -I{} bash -c 'set -o pipefail; wasm-opt -Oz "$1" -o "$2/$(basename "$1")" 2>&1 | { grep -v "unknown name subsection" >&2 || true; }' _ {} "$out" \
  || fail "wasm-opt"

cp "$work/bindgen/$name.js" "$work/__wasm_split.js" "$out/"
[ -d "$work/bindgen/snippets" ] && cp -r "$work/bindgen/snippets" "$out/"
step "done: $(ls "$out"/*.wasm | wc -l) wasm modules in $out"
