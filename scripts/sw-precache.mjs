#!/usr/bin/env node
// Trunk post_build hook (and a command for tests): writes the precache list and a build version
// into <dir>/sw.js. Usage: node scripts/sw-precache.mjs [dir]  (default: $TRUNK_STAGING_DIR).
// The list is every file of the build except sw.js itself, as absolute URL paths, with "/" for
// index.html; the version is the first 16 hex digits of a SHA-256 over their names and contents.
// Idempotent: it rewrites the two lines marked "build:", so it can run again on a copied dist.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("sw-precache: no directory (argument or TRUNK_STAGING_DIR)");
  process.exit(1);
}

function walk(d) {
  return readdirSync(d).sort().flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const swPath = join(dir, "sw.js");
const files = walk(dir)
  .map((p) => relative(dir, p).split(sep).join("/"))
  .filter((f) => f !== "sw.js" && !f.endsWith(".map"));
const hash = createHash("sha256");
for (const f of files) {
  hash.update(f + "\0");
  hash.update(readFileSync(join(dir, f)));
}
const version = hash.digest("hex").slice(0, 16);
const urls = files.map((f) => (f === "index.html" ? "/" : `/${f}`));

let sw = readFileSync(swPath, "utf8");
const before = sw;
sw = sw.replace(/^const VERSION = .*\/\/ build: version$/m, `const VERSION = ${JSON.stringify(version)}; // build: version`);
sw = sw.replace(/^const PRECACHE = .*\/\/ build: precache list$/m, `const PRECACHE = ${JSON.stringify(urls)}; // build: precache list`);
if (!sw.includes(`const VERSION = ${JSON.stringify(version)};`)) {
  console.error(`sw-precache: the "build:" marker lines are missing from ${swPath}`);
  process.exit(1);
}
writeFileSync(swPath, sw);
console.log(`sw-precache: ${urls.length} files, version ${version}${sw === before ? " (unchanged)" : ""}`);
