#!/usr/bin/env node
// What an open, idle websocket costs the server: N websockets connect to the sync endpoint,
// send a valid automerge-repo `join`, get the server's `peer` answer, then stay idle. The
// server's RSS (VmRSS in /proc/<pid>/status) is read before the first socket and after each
// step, once the process has settled; the cost per socket is the growth divided by the
// sockets open. Measured for quorum-server and, in the same run, for the reference JS sync
// server (tests/bench/reference_server.mjs: automerge-repo 2.5.6 + ws).
//
//   node tests/bench/idle_sockets.mjs
//
// Then, with the largest step's sockets still open, ACTIVE clients (5 per document, 2 changes/s
// each, ACTIVE_SECONDS) measure how long a change takes to reach the other clients of its
// document, p50 / p95; the baseline is the same load on a fresh server with no idle sockets, in
// the same run. The clients are native (server/examples/active_clients.rs: the app's sync engine,
// one thread; build it with `cargo build -p quorum-server --profile server --example
// active_clients`) unless ACTIVE_DRIVER=js (the official JS clients of tests/bench/sync_load.mjs).
//
// Environment: QUORUM_SERVER_BIN (default target/debug/quorum-server), STEPS ("2000,10000":
// socket counts measured in one ramp, each step adds to the sockets already open), SERVERS
// ("reference,quorum"; "two-nodes" is two quorum-server nodes on a fresh database of the
// PostgreSQL test cluster, QUORUM_TEST_DATABASE_URL, with the sockets and the active clients
// spread over both, RSS shown for the larger node), CONCURRENCY (200 handshakes in flight), ACTIVE (200; 0 skips the
// active clients), ACTIVE_SECONDS (10), SYNCED_KB (0: with N, a document of N KB of random bytes
// is made first, and each socket, after its join, requests it and takes its first sync message
// before going idle, as an open app does with its documents).
//
// Open files: each socket is one descriptor in the server and one in this process, so the
// largest step needs `ulimit -n` above it in both (an operator running quorum-server for N
// open tabs sets `LimitNOFILE=` in the systemd unit, or `ulimit -n`, to N plus a few hundred).
// Steps above what the limit allows are skipped with a note, not silently shrunk.
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { spawnListening, stopChild } from "./processes.mjs";
import { mkdtempSync, readFileSync, rmSync, readdirSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { WebSocket } from "ws";
import { encode, decode } from "cbor-x";
import { freshDatabase, noClusterReason } from "../e2e/helpers/postgres.mjs";
import { startQuorum as startQuorumNodes } from "./sync_load.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const STEPS = (process.env.STEPS ?? "2000,10000")
  .split(",")
  .map(Number)
  .filter((n) => Number.isFinite(n) && n > 0)
  .sort((a, b) => a - b);
const SERVERS = (process.env.SERVERS ?? "reference,quorum").split(",").map((s) => s.trim());
const CONCURRENCY = Number(process.env.CONCURRENCY) > 0 ? Number(process.env.CONCURRENCY) : 200;
const SETTLE_MS = 1500;
const IDLE_CPU_MS = 5000;
const SYNCED_KB = Number(process.env.SYNCED_KB) > 0 ? Number(process.env.SYNCED_KB) : 0;
/** The sync message of a peer holding nothing (made once, for SYNCED_KB). */
let syncRequest;
const ACTIVE = Number.isFinite(Number(process.env.ACTIVE)) && process.env.ACTIVE !== "" ? Number(process.env.ACTIVE) : 200;
const ACTIVE_SECONDS = Number(process.env.ACTIVE_SECONDS) > 0 ? Number(process.env.ACTIVE_SECONDS) : 10;
const ACTIVE_DRIVER = process.env.ACTIVE_DRIVER === "js" ? "js" : "native";
const ACTIVE_CLIENTS_BIN = process.env.ACTIVE_CLIENTS_BIN ?? "target/server/examples/active_clients";

await main();

async function main() {
  const limit = openFilesLimit();
  // Headroom for the server's own files, the data dir's databases and this process.
  const usable = limit - 200;
  const steps = STEPS.filter((n) => n <= usable);
  const skipped = STEPS.filter((n) => n > usable);
  const results = [];
  for (const kind of SERVERS) {
    if (kind === "two-nodes" && noClusterReason()) {
      console.error(`[idle_sockets] two-nodes skipped: ${noClusterReason()}`);
      continue;
    }
    const start = { quorum: startQuorum, "two-nodes": startTwoNodes }[kind] ?? startReference;
    const result = { kind };
    // Active clients alone, on a fresh server: the baseline.
    if (ACTIVE > 0) {
      const server = await start();
      try {
        result.baseline = await active(server);
      } finally {
        await server.stop();
      }
    }
    const server = await start();
    try {
      Object.assign(result, await ramp(server, steps, ACTIVE > 0));
    } finally {
      await server.stop();
    }
    results.push(result);
  }
  print(results, steps, skipped, limit);
}

function openFilesLimit() {
  try {
    const n = Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
    return Number.isFinite(n) ? n : 1024;
  } catch {
    return 1024;
  }
}

/** Opens sockets up to each step; returns the server's RSS before and at each step (and the
 * active clients' lag with the last step's sockets open, when `withActive`). */
async function ramp(server, steps, withActive) {
  const documentId = SYNCED_KB ? await seedDocument(server.url) : undefined;
  await delay(SETTLE_MS);
  // Several nodes: the sockets are spread over them; RSS is the larger node's, the cost per
  // socket from every node's growth, CPU every node's.
  const pids = server.pids ?? [server.pid];
  const rssEach = () => pids.map(rssKb);
  const cpuAll = () => pids.map(cpuSeconds).reduce((a, b) => a + b, 0);
  const beforeEach = rssEach();
  const before = Math.max(...beforeEach);
  const sockets = [];
  const at = [];
  for (const n of steps) {
    const t0 = performance.now();
    await openIdle(server.urls ?? [server.url], n - sockets.length, sockets, documentId);
    const openMs = performance.now() - t0;
    await delay(SETTLE_MS);
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    if (open !== n) throw new Error(`${open} of ${n} sockets still open at ${server.url}`);
    const nowEach = rssEach();
    const rss = Math.max(...nowEach);
    const grown = nowEach.reduce((a, b) => a + b, 0) - beforeEach.reduce((a, b) => a + b, 0);
    // What the open sockets cost while nobody does anything: server CPU over a few seconds.
    const cpu0 = cpuAll();
    await delay(IDLE_CPU_MS);
    const idleCpu = (cpuAll() - cpu0) / (IDLE_CPU_MS / 1000);
    at.push({ n, rss, perSocketKb: grown / n, openMs, idleCpu, fds: fdCount(server.pid) });
    console.error(`[idle_sockets] ${server.kind}: ${n} idle sockets, RSS ${beforeEach} -> ${nowEach} kB`);
  }
  const underIdle = withActive ? await active(server) : undefined;
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  if (withActive && open !== sockets.length) throw new Error(`${sockets.length - open} idle sockets closed during the active load`);
  await closeAll(sockets);
  return { before, at, underIdle };
}

/** ACTIVE clients changing documents: visibility lag. ACTIVE_DRIVER "native" (the default):
 * server/examples/active_clients.rs, the domain's sync engine natively on one thread
 * (ACTIVE_CLIENTS_BIN, default target/server/examples/active_clients); "js": the official
 * automerge-repo JS clients (tests/bench/sync_load.mjs --load), whose CPU per change makes 200 of
 * them more than a 2-core machine can run beside the server. */
async function active(server) {
  const urls = server.urls ?? [server.url];
  const env = { ...process.env, CLIENTS: String(ACTIVE), PER_DOC: "5", RATE: "2", SECONDS: String(ACTIVE_SECONDS), LATENCY_SAMPLES: "1" };
  const [command, args] =
    ACTIVE_DRIVER === "js" ? [process.execPath, [join(HERE, "sync_load.mjs"), "--load", ...urls]] : [resolve(ROOT, ACTIVE_CLIENTS_BIN), urls];
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env });
  let result;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith("{")) result = JSON.parse(line);
  }
  const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", r)));
  if (code !== 0 || !result) throw new Error(`the active clients failed (exit ${code}) against ${server.url}`);
  console.error(`[idle_sockets] ${server.kind}: ${ACTIVE} active clients (${ACTIVE_DRIVER}): ${JSON.stringify(result)}`);
  return result;
}

/** Opens `count` more sockets, CONCURRENCY at a time, each joined (the server said `peer`)
 * and, with `documentId`, holding that document's first sync message. */
async function openIdle(urls, count, sockets, documentId) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      sockets.push(await openOne(urls[i % urls.length], documentId));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

/** A document of SYNCED_KB KB of random bytes, held by the server. */
async function seedDocument(url) {
  const { Repo } = await import("@automerge/automerge-repo");
  const { WebSocketClientAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const { randomBytes } = await import("node:crypto");
  const repo = (name) => {
    const adapter = new WebSocketClientAdapter(url, 1000);
    const connected = new Promise((r) => adapter.once("peer-candidate", r));
    return { repo: new Repo({ network: [adapter], peerId: `bench-seed-${name}-${randomUUID()}`, isEphemeral: true }), connected };
  };
  const a = repo("a");
  await a.connected;
  const handle = a.repo.create({ blob: new Uint8Array(randomBytes(SYNCED_KB * 1000)) });
  const end = Date.now() + 60_000;
  for (;;) {
    const b = repo("b");
    try {
      await b.connected;
      const found = await Promise.race([b.repo.find(handle.documentId), delay(10_000).then(() => undefined)]);
      if (found?.doc()?.blob?.length === SYNCED_KB * 1000) break;
    } catch (err) {
      if (Date.now() > end) throw err;
    } finally {
      await b.repo.shutdown().catch(() => {});
    }
    if (Date.now() > end) throw new Error("the seed document did not reach the server");
    await delay(300);
  }
  await delay(1000);
  await a.repo.shutdown().catch(() => {});
  return handle.documentId;
}

async function firstSyncMessage() {
  if (!syncRequest) {
    const A = await import("@automerge/automerge");
    const [, message] = A.generateSyncMessage(A.init(), A.initSyncState());
    syncRequest = message;
  }
  return syncRequest;
}

function openOne(url, documentId) {
  return new Promise((resolveSocket, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    const peerId = `bench-idle-${randomUUID()}`;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no peer answer within 30 s from ${url}`));
    }, 30_000);
    ws.once("open", () => {
      ws.send(
        encode({
          type: "join",
          senderId: peerId,
          peerMetadata: { isEphemeral: true },
          supportedProtocolVersions: ["1"],
        }),
      );
    });
    const fail = (what, message) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`expected ${what}, got ${JSON.stringify(message).slice(0, 200)}`));
    };
    const onMessage = async (data) => {
      const message = decode(data);
      if (message.type === "peer") {
        if (!documentId) {
          clearTimeout(timer);
          ws.off("message", onMessage);
          resolveSocket(ws);
          return;
        }
        ws.send(encode({ type: "request", senderId: peerId, targetId: message.senderId, documentId, data: await firstSyncMessage() }));
      } else if (documentId && message.type === "sync" && message.documentId === documentId) {
        clearTimeout(timer);
        ws.off("message", onMessage);
        resolveSocket(ws);
      } else {
        fail(documentId ? "peer then sync" : "peer", message);
      }
    };
    ws.on("message", onMessage);
    ws.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function closeAll(sockets) {
  const closed = sockets.map(
    (ws) =>
      new Promise((r) => {
        if (ws.readyState === WebSocket.CLOSED) return r();
        ws.once("close", r);
        ws.close();
      }),
  );
  await Promise.race([Promise.all(closed), delay(10_000)]);
  for (const ws of sockets) ws.terminate();
}

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ 100
}

function fdCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

/** Spawns `cmd`, resolves with {child, url} once a stdout line matches `pattern`. */
async function startReference() {
  const dataDir = mkdtempSync(join(tmpdir(), "idle-bench-ref-"));
  const { child, url } = await spawnListening(
    process.execPath,
    [join(HERE, "reference_server.mjs"), dataDir, "0"],
    /listening on (ws:\/\/\S+)/,
    "reference sync server",
  );
  return server("reference", child, url, dataDir);
}

async function startQuorum() {
  const bin = resolve(ROOT, process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server");
  const dataDir = mkdtempSync(join(tmpdir(), "idle-bench-quorum-"));
  const cli = (...args) => execFileSync(bin, [...args, "--data-dir", dataDir], { encoding: "utf8" }).trim();
  cli("partnership", "add", "--name", "Bench Partnership");
  cli("user", "add", "--email", "bench@example.org", "--name", "Bench Editor", "--partnership", "Bench Partnership", "--role", "editor");
  const token = cli("token", "create", "--email", "bench@example.org", "--partnership", "Bench Partnership").split("\n").at(-1).trim();
  const { child, url } = await spawnListening(
    bin,
    // Every socket uses one token: lift the per-account connection limit for the benchmark,
    // and the server's global cap (1,000 by default) above the largest step plus the active
    // clients, as an operator expecting that many open tabs sets `--max-connections`.
    ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--dist-dir", dataDir, "--max-connections-per-account", "1000000",
      "--max-connections", String(Math.max(0, ...STEPS) + ACTIVE + 1000)],
    /quorum-server listening on (https?:\/\/\S+)/,
    "quorum-server",
  );
  return server("quorum", child, `${url.replace(/^http/, "ws")}/sync?token=${token}`, dataDir);
}

/** Two quorum-server nodes on a fresh database of the PostgreSQL test cluster. */
async function startTwoNodes() {
  const database = freshDatabase("bench_idle_two_nodes");
  try {
    const nodes = await startQuorumNodes(process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server", {
      databaseUrl: database.url,
      nodes: 2,
      extraArgs: ["--max-connections", String(Math.max(0, ...STEPS) + ACTIVE + 1000)],
    });
    return {
      kind: "two-nodes",
      get url() {
        return nodes.url;
      },
      get urls() {
        return nodes.urls;
      },
      get pid() {
        return nodes.pid;
      },
      get pids() {
        return nodes.pids;
      },
      stop: async () => {
        await nodes.stop();
        database.drop();
      },
    };
  } catch (err) {
    database.drop();
    throw err;
  }
}

function server(kind, child, url, dataDir) {
  return {
    kind,
    url,
    pid: child.pid,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function cpu(r) {
  return r ? (r.clientCpuMs / 1000).toFixed(1) : "n/a";
}

function rate(r) {
  return r ? (r.changes / ACTIVE_SECONDS).toFixed(0) : "n/a";
}

function print(results, steps, skipped, limit) {
  const names = { reference: "JS reference server", quorum: "quorum-server", "two-nodes": "2 nodes, one PostgreSQL" };
  console.log(`\n== idle websockets (joined, then idle): server RSS per open socket; ${cpus().length} cores, ulimit -n ${limit}`);
  if (results.some((r) => r.kind === "two-nodes")) console.log("(two nodes: RSS is the larger node's; per socket and CPU count both nodes)");
  const w0 = 44;
  const w = 24;
  console.log(["".padEnd(w0), ...results.map((r) => (names[r.kind] ?? r.kind).padStart(w))].join(" "));
  console.log(["server RSS before (MB)".padEnd(w0), ...results.map((r) => (r.before / 1024).toFixed(1).padStart(w))].join(" "));
  for (const [i, n] of steps.entries()) {
    const cell = (r, f) => f(r.at[i]).padStart(w);
    console.log([`RSS with ${n} idle sockets (MB)`.padEnd(w0), ...results.map((r) => cell(r, (a) => (a.rss / 1024).toFixed(1)))].join(" "));
    console.log([`  per idle socket (KB) at ${n}`.padEnd(w0), ...results.map((r) => cell(r, (a) => (a.perSocketKb * 1.024).toFixed(1)))].join(" "));
    console.log([`  time to open and join ${n - (steps[i - 1] ?? 0)} (ms)`.padEnd(w0), ...results.map((r) => cell(r, (a) => a.openMs.toFixed(0)))].join(" "));
    console.log([`  server CPU while idle (% of a core)`.padEnd(w0), ...results.map((r) => cell(r, (a) => (a.idleCpu * 100).toFixed(1)))].join(" "));
  }
  if (ACTIVE > 0) {
    const lag = (r, f) => (r ? `${f(r).toFixed(0)}` : "n/a").padStart(w);
    const label = `${steps.at(-1) ?? 0} idle`;
    for (const [what, f] of [
      ["p50", (r) => r.lagP50],
      ["p95", (r) => r.lagP95],
    ]) {
      console.log([`${ACTIVE} active: lag ${what} (ms), no idle`.padEnd(w0), ...results.map((r) => lag(r.baseline, f))].join(" "));
      console.log([`${ACTIVE} active: lag ${what} (ms), ${label}`.padEnd(w0), ...results.map((r) => lag(r.underIdle, f))].join(" "));
    }
    console.log([`  active clients' CPU (s), no idle / idle`.padEnd(w0), ...results.map((r) => `${cpu(r.baseline)} / ${cpu(r.underIdle)}`.padStart(w))].join(" "));
    console.log(`  (active clients: ${ACTIVE_DRIVER === "js" ? "official automerge-repo JS clients" : "native, the app's sync engine on one thread"}; lag goal p95 <= 250 ms)`);
    console.log(
      [`  changes made/s (of ${ACTIVE * 2}), no idle / idle`.padEnd(w0), ...results.map((r) => `${rate(r.baseline)} / ${rate(r.underIdle)}`.padStart(w))].join(" "),
    );
  }
  if (skipped.length) {
    console.log(`(skipped ${skipped.join(", ")} sockets: ulimit -n is ${limit}; raise it, e.g. \`ulimit -n ${skipped.at(-1) + 1000}\`, to measure them)`);
  }
  if (SYNCED_KB) console.log(`(each socket took the first sync message of one ${SYNCED_KB} KB document before going idle)`);
  console.log(`(KB = 1000 bytes; quorum-server binary: ${process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server"})`);
}
