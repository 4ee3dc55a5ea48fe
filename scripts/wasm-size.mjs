#!/usr/bin/env node
// Prints the app's wasm sizes from a build directory (default dist/): the main module, and for
// each area of pages split out of it (scripts/build-wasm.sh) what the first visit to a page of
// that area downloads (its module and the shared modules it needs), raw and brotli -q 11.
// Usage: node scripts/wasm-size.mjs [dir]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const dir = process.argv[2] ?? "dist";
const size = new Map();
function sizes(file) {
  if (!size.has(file)) {
    const bytes = readFileSync(join(dir, file));
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
    size.set(file, { raw: bytes.length, br });
  }
  return size.get(file);
}
const sum = (files) => files.map(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, br: a.br + s.br }), { raw: 0, br: 0 });
const row = (label, s, n) => console.log(`${label.padEnd(36)} ${String(n).padStart(7)} ${String(s.raw).padStart(12)} ${String(s.br).padStart(12)}`);

const wasm = readdirSync(dir).filter((f) => f.endsWith(".wasm")).sort();
const main = wasm.find((f) => f.endsWith("_bg.wasm"));
if (!main) {
  console.error(`wasm-size: no *_bg.wasm in ${dir}`);
  process.exit(1);
}
console.log(`${"wasm in " + dir}`.padEnd(36) + `${"modules".padStart(8)} ${"raw".padStart(12)} ${"brotli".padStart(12)}`);
row("main module (shell, sync, first page)", sizes(main), 1);

// __wasm_split.js names each module's file and the shared modules it needs first.
let linker = "";
try {
  linker = readFileSync(join(dir, "__wasm_split.js"), "utf8");
} catch {
  console.log("(not split: one module)");
}
const chunkFile = new Map();
for (const m of linker.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) chunkFile.set(m[1], m[2]);
for (const m of linker.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)\);[\s\S]*?\n, \[([^\]]*)\]\)\);/g)) {
  const deps = m[3].split(",").map((s) => s.trim()).filter(Boolean).map((c) => chunkFile.get(c));
  row(`  + first page of "${m[1]}"`, sum([main, m[2], ...deps]), 2 + deps.length);
}
row("every module", sum(wasm), wasm.length);
