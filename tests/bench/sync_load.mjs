#!/usr/bin/env node
// Sync load benchmark: official automerge-repo 2.5.6 JS clients (Repo + WebSocketClientAdapter,
// no storage, one websocket each) against quorum-server and against the reference JS sync server
// (tests/bench/reference_server.mjs), interleaved in the same run, on the same machine.
//
//   node tests/bench/sync_load.mjs
//
// Each run starts a fresh server, connects CLIENTS clients, PER_DOC of them on each document,
// and has every client change its document RATE times a second for SECONDS seconds; then it
// waits until every document's clients hold the same heads (at most SETTLE_MS). It counts the
// sync messages (`sync`/`request`) the clients sent and received, per change made. Before the
// load, two idle clients measure change A -> B latency on one document, and split it: the
// server's path (A's client sends its sync message -> B's client receives one) and the clients'
// own time (A's change -> its send, B's receipt -> its change event), which is the same
// official client code whichever server is measured.
//
// Environment: QUORUM_SERVER_BIN (default target/debug/quorum-server), CLIENTS (50), PER_DOC (5),
// RATE (2 changes/s per client), SECONDS (10), ROUNDS (2: each server runs ROUNDS times,
// interleaved), LATENCY_SAMPLES (50), COLD_CHANGES (10000: the document fetched cold after a
// restart), UNAVAILABLE_SAMPLES (20), SUBSCRIBERS (200 clients of one document, each change's
// arrival at every one timed, FANOUT_SAMPLES (5) changes), PHASES ("load,cold,fanout"; "latency" alone measures only the
// idle A -> B latency, without the load that follows it in "load"), SERVERS ("reference,quorum"), QUORUM_BASELINE_BIN (another
// quorum-server binary, e.g. one built from main, measured as a third column "baseline").
//
// The load clients run in a child process of this script (`--load <url>…`), so their CPU time is
// measured apart from this orchestrator's; server CPU is read from /proc/<pid>/stat over the
// load window, peak RSS is the server's VmHWM. With several URLs (several quorum-server nodes on
// one PostgreSQL: tests/bench/nodes.mjs imports this module), the clients are spread over them
// in turn and the idle latency is also measured with A and B on different nodes.
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { spawnListening, stopChild } from "./processes.mjs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const env = (name, fallback) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const CLIENTS = env("CLIENTS", 50);
const PER_DOC = env("PER_DOC", 5);
const RATE = env("RATE", 2);
const SECONDS = env("SECONDS", 10);
const ROUNDS = env("ROUNDS", 2);
const LATENCY_SAMPLES = env("LATENCY_SAMPLES", 50);
const SETTLE_MS = 15_000;
const COLD_CHANGES = env("COLD_CHANGES", 10_000);
const UNAVAILABLE_SAMPLES = env("UNAVAILABLE_SAMPLES", 20);
const SUBSCRIBERS = env("SUBSCRIBERS", 200);
const FANOUT_SAMPLES = env("FANOUT_SAMPLES", 5);
const SYNC_TYPES = new Set(["sync", "request"]);
export { CLIENTS, PER_DOC, RATE, SECONDS, ROUNDS, COLD_CHANGES };
/** Each `clientRepo`'s websocket adapter (to time when a server's message arrives). */
const ADAPTERS = new WeakMap();

const isMain = Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === "--load") {
  const rest = process.argv.slice(3);
  await loadDriver(rest.filter((a) => !a.startsWith("--")), rest.includes("--latency-only"));
} else if (isMain) {
  await main();
}

// ---- orchestrator -------------------------------------------------------------------------

async function main() {
  const servers = (process.env.SERVERS ?? "reference,quorum").split(",").map((s) => s.trim());
  if (process.env.QUORUM_BASELINE_BIN && !servers.includes("baseline")) servers.push("baseline");
  const results = [];
  const phases = (process.env.PHASES ?? "load,cold,fanout").split(",");
  const latencyOnly = phases.includes("latency") && !phases.includes("load");
  for (let round = 1; round <= ROUNDS && (phases.includes("load") || latencyOnly); round++) {
    for (const kind of servers) {
      const server = await startKind(kind);
      try {
        const r = await runLoad(server, latencyOnly);
        r.server = kind;
        r.round = round;
        results.push(r);
        console.error(`[sync_load] round ${round} ${kind}: ${JSON.stringify(r)}`);
      } finally {
        await server.stop();
      }
    }
  }
  // Cold fetch after a restart and unknown documents: one server of each kind holds a
  // COLD_CHANGES-change document; each round restarts it and a fresh client fetches it.
  const cold = [];
  for (const kind of phases.includes("cold") ? servers : []) {
    const server = await startKind(kind);
    try {
      const documentId = await buildBigDocument(server.url);
      for (let round = 1; round <= ROUNDS; round++) {
        await server.restart();
        const r = { server: kind, round, ...(await coldFetch(server.url, documentId)), ...(await unknownDocuments(server.url)) };
        console.error(`[sync_load] cold round ${round} ${kind}: ${JSON.stringify(r)}`);
        cold.push(r);
      }
    } finally {
      await server.stop();
    }
  }
  // Fan-out: SUBSCRIBERS clients hold one document; one more changes it, each change's arrival
  // at every subscriber is timed. Interleaved rounds, a fresh server each.
  const fans = [];
  for (let round = 1; round <= ROUNDS && phases.includes("fanout"); round++) {
    for (const kind of servers) {
      const server = await startKind(kind);
      try {
        const r = { server: kind, round, ...(await fanOut(server.url)) };
        console.error(`[sync_load] fan-out round ${round} ${kind}: ${JSON.stringify(r)}`);
        fans.push(r);
      } finally {
        await server.stop();
      }
    }
  }
  // Printed with the cold rows: one row per measure, each from its own phase's results.
  printTable(servers, results, [...cold, ...fans]);
}

/** SUBSCRIBERS clients of one document: how long after a change each has it (p50, p99 of all). */
async function fanOut(url) {
  const writer = await clientRepo(url);
  const repos = [writer];
  try {
    const handle = writer.create({ n: 0 });
    // Held by the server once a fresh client finds it.
    const end = Date.now() + 60_000;
    for (;;) {
      const probe = await clientRepo(url);
      repos.push(probe);
      try {
        await withTimeout(probe.find(handle.documentId), 10_000, "the fan-out document");
        break;
      } catch (err) {
        if (Date.now() > end) throw err;
        await delay(200);
      }
    }
    const subscribers = [];
    for (let i = 0; i < SUBSCRIBERS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, SUBSCRIBERS - i) }, async () => {
          const repo = await clientRepo(url);
          repos.push(repo);
          return withTimeout(repo.find(handle.documentId), 30_000, "a subscriber's document");
        }),
      );
      subscribers.push(...batch);
    }
    await delay(500);
    const arrivals = [];
    for (let n = 1; n <= FANOUT_SAMPLES; n++) {
      const t0 = performance.now();
      const all = Promise.all(
        subscribers.map(
          (h) =>
            new Promise((resolve) => {
              const on = () => {
                if (h.doc()?.n === n) {
                  h.off("change", on);
                  arrivals.push(performance.now() - t0);
                  resolve();
                }
              };
              h.on("change", on);
            }),
        ),
      );
      handle.change((d) => {
        d.n = n;
      });
      await withTimeout(all, 30_000, `change ${n} reaching ${SUBSCRIBERS} subscribers`);
      await delay(300);
    }
    arrivals.sort((a, b) => a - b);
    const pct = (p) => arrivals[Math.min(arrivals.length - 1, Math.floor((p / 100) * arrivals.length))];
    return { fanoutP50: pct(50), fanoutP99: pct(99) };
  } finally {
    await Promise.all(repos.map((r) => r.shutdown().catch(() => {})));
  }
}

function startKind(kind) {
  if (kind === "quorum") return startQuorum(process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server");
  if (kind === "baseline") return startQuorum(process.env.QUORUM_BASELINE_BIN);
  return startReference();
}

export async function clientRepo(url) {
  const { Repo } = await import("@automerge/automerge-repo");
  const { WebSocketClientAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const adapter = new WebSocketClientAdapter(url, 1000);
  const connected = new Promise((r) => adapter.once("peer-candidate", r));
  const repo = new Repo({ network: [adapter], peerId: `bench-cold-${randomUUID()}`, isEphemeral: true });
  await withTimeout(connected, 20_000, `connecting to ${url}`);
  ADAPTERS.set(repo, adapter);
  return repo;
}

function sortedHeads(handle) {
  return JSON.stringify([...(handle.heads() ?? [])].sort());
}

/** A document of COLD_CHANGES changes, made by one client and held by the server. */
export async function buildBigDocument(url) {
  const a = await clientRepo(url);
  const handle = a.create({ n: 0, items: [] });
  for (let i = 1; i <= COLD_CHANGES; i++) {
    handle.change((d) => {
      d.n = i;
      if (i % 10 === 0) d.items.push(`item ${i}`);
    });
  }
  const want = sortedHeads(handle);
  // The server holds it once a fresh client fetches exactly those heads.
  const end = Date.now() + 120_000;
  for (;;) {
    const b = await clientRepo(url);
    try {
      const hb = await withTimeout(b.find(handle.documentId), 30_000, "finding the big document");
      while (sortedHeads(hb) !== want && Date.now() < end) await delay(100);
      if (sortedHeads(hb) === want) break;
    } catch (err) {
      if (Date.now() > end) throw err;
      await delay(500);
    } finally {
      await b.shutdown().catch(() => {});
    }
  }
  await delay(1000); // the reference server saves with a debounce
  await a.shutdown().catch(() => {});
  return handle.documentId;
}

/** A fresh client fetches `documentId` (held by a just-restarted server). */
export async function coldFetch(url, documentId) {
  const repo = await clientRepo(url);
  try {
    const t0 = performance.now();
    // When the server's first sync message for it arrives: the rest is the client loading it.
    let replied;
    ADAPTERS.get(repo).on("message", (m) => {
      if (replied === undefined && m.type === "sync" && m.documentId === documentId) replied = performance.now() - t0;
    });
    const handle = await withTimeout(repo.find(documentId), 30_000, "cold fetch");
    const doc = handle.doc();
    if (doc?.n !== COLD_CHANGES) throw new Error(`cold fetch got n=${doc?.n}, not ${COLD_CHANGES}`);
    return { coldFetchMs: performance.now() - t0, coldReplyMs: replied };
  } finally {
    await repo.shutdown().catch(() => {});
  }
}

/** A client asks for documents nobody holds: time until the client knows it is unavailable. */
async function unknownDocuments(url) {
  const { generateAutomergeUrl } = await import("@automerge/automerge-repo");
  const repo = await clientRepo(url);
  // The server's part of each sample, as the socket sees it: the request leaves -> the answer
  // arrives (the rest is the client's own time).
  const adapter = ADAPTERS.get(repo);
  const sentAt = new Map();
  const wire = [];
  const send = adapter.send.bind(adapter);
  adapter.send = (message) => {
    if (message.type === "request") sentAt.set(message.documentId, performance.now());
    return send(message);
  };
  adapter.on("message", (m) => {
    if (m.type === "doc-unavailable" && sentAt.has(m.documentId)) {
      wire.push(performance.now() - sentAt.get(m.documentId));
      sentAt.delete(m.documentId);
    }
  });
  const times = [];
  try {
    for (let i = 0; i < UNAVAILABLE_SAMPLES; i++) {
      const t0 = performance.now();
      try {
        await withTimeout(repo.find(generateAutomergeUrl()), 10_000, "an unknown document");
        throw new Error("an unknown document was found");
      } catch (err) {
        if (!/unavailable/i.test(err.message)) throw err;
      }
      times.push(performance.now() - t0);
    }
  } finally {
    await repo.shutdown().catch(() => {});
  }
  times.sort((x, y) => x - y);
  wire.sort((x, y) => x - y);
  return { unavailableP50: times[Math.floor(times.length / 2)], unavailableServerP50: wire.length ? wire[Math.floor(wire.length / 2)] : NaN };
}

export function procCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

export function peakRssMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The process's resident memory now (VmRSS), in MB. */
export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Spawns `cmd`, resolves with {child, url} once a stdout line matches `pattern`. */
async function startReference() {
  const dataDir = mkdtempSync(join(tmpdir(), "sync-bench-ref-"));
  const launch = () =>
    spawnListening(process.execPath, [join(HERE, "reference_server.mjs"), dataDir, "0"], /listening on (ws:\/\/\S+)/, "reference sync server");
  return restartable([launch], (url) => url, [dataDir]);
}

/**
 * quorum-server with a bench partnership, editor and API token made by its CLI. With
 * `databaseUrl` (an empty PostgreSQL database), `nodes` nodes share it, each with a data dir
 * of its own and one secrets key; without it, one node keeps everything in SQLite. `extraArgs`
 * go to every node.
 */
export async function startQuorum(binary, { databaseUrl, nodes = 1, extraArgs = [] } = {}) {
  const bin = resolve(ROOT, binary);
  if (nodes > 1 && !databaseUrl) throw new Error("several nodes need a PostgreSQL database (databaseUrl)");
  const dataDirs = Array.from({ length: nodes }, () => mkdtempSync(join(tmpdir(), "sync-bench-quorum-")));
  // Without a database URL, SQLite even if the shell exports DATABASE_URL (undefined drops it).
  const env = databaseUrl ? { DATABASE_URL: databaseUrl, QUORUM_SECRETS_KEY: randomBytes(32).toString("hex") } : { DATABASE_URL: undefined };
  const cli = (...args) =>
    execFileSync(bin, [...args, "--data-dir", dataDirs[0]], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  cli("partnership", "add", "--name", "Bench Partnership");
  cli("user", "add", "--email", "bench@example.org", "--name", "Bench Editor", "--partnership", "Bench Partnership", "--role", "editor");
  const token = cli("token", "create", "--email", "bench@example.org", "--partnership", "Bench Partnership").split("\n").at(-1).trim();
  const launches = dataDirs.map((dataDir, i) => () =>
    spawnListening(
      bin,
      // Every client uses one token: lift the per-account connection limit for the benchmark.
      ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--dist-dir", dataDir, "--max-connections-per-account", "1000000", ...extraArgs],
      /quorum-server listening on (https?:\/\/\S+)/,
      nodes > 1 ? `quorum-server node ${i + 1}` : "quorum-server",
      { env },
    ));
  return restartable(launches, (url) => `${url.replace(/^http/, "ws")}/sync?token=${token}`, dataDirs);
}

/** Running servers (one, or several nodes) that can be restarted on their data dirs (on new ports). */
async function restartable(launches, syncUrl, dataDirs) {
  let running = [];
  const launchAll = async () => {
    // One after another: the first migrates a fresh database.
    running = [];
    for (const launch of launches) running.push(await launch());
  };
  const stopAll = () => Promise.all(running.map(({ child }) => stopChild(child)));
  try {
    await launchAll();
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    /** The first node's sync URL. */
    get url() {
      return syncUrl(running[0].url);
    },
    get urls() {
      return running.map(({ url }) => syncUrl(url));
    },
    get pid() {
      return running[0].child.pid;
    },
    get pids() {
      return running.map(({ child }) => child.pid);
    },
    restart: async () => {
      await stopAll();
      await launchAll();
    },
    stop: async () => {
      await stopAll();
      for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the load driver against `server` (its clients spread over `server.urls`, one node or
 * several); samples the server's CPU over the load window (every node's, summed), and with
 * `alsoCpuOf` (a function listing other processes, e.g. the database's) theirs as `otherCpuS`.
 */
export async function runLoad(server, latencyOnly = false, { alsoCpuOf } = {}) {
  const urls = server.urls ?? [server.url];
  const pids = server.pids ?? [server.pid];
  const cpuOrZero = (pid) => {
    try {
      return procCpuSeconds(pid);
    } catch {
      return 0; // it ended meanwhile
    }
  };
  const otherCpu = () => (alsoCpuOf ? sum(alsoCpuOf().map(cpuOrZero)) : NaN);
  let otherStart = NaN;
  let otherCpuS = NaN;
  const args = [fileURLToPath(import.meta.url), "--load", ...urls, ...(latencyOnly ? ["--latency-only"] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let cpuStart = 0;
  let cpu = NaN;
  let result;
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line === "window-start") {
      cpuStart = sum(pids.map(procCpuSeconds));
      otherStart = otherCpu();
    } else if (line === "window-end") {
      cpu = sum(pids.map(procCpuSeconds)) - cpuStart;
      otherCpuS = otherCpu() - otherStart;
    }
    else if (line.startsWith("{")) result = JSON.parse(line);
  }
  const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", r)));
  if (code !== 0 || !result) throw new Error(`load driver failed (exit ${code}) against ${urls.join(" ")}`);
  return { ...result, serverCpuS: cpu, otherCpuS, serverPeakRssMb: Math.max(...pids.map(peakRssMb)) };
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function range(values, digits = 1) {
  const v = values.filter(Number.isFinite);
  if (!v.length) return "n/a";
  const lo = Math.min(...v).toFixed(digits);
  const hi = Math.max(...v).toFixed(digits);
  return lo === hi ? lo : `${lo} – ${hi}`;
}

function printTable(servers, results, cold) {
  const asked = CLIENTS * RATE;
  const rows = [
    ["change A -> B latency p50 (ms), idle", (r) => r.latencyP50, 1],
    ["change A -> B latency p99 (ms), idle", (r) => r.latencyP99, 1],
    ["  of which the server's path (A sends -> B receives), p50", (r) => r.serverPathP50, 1],
    ["  of which the server's path, p99", (r) => r.serverPathP99, 1],
    ["  of which the clients' own time (p50 minus the server's)", (r) => r.latencyP50 - r.serverPathP50, 1],
    ["server -> client sync messages per change", (r) => r.serverToClient / r.changes, 2],
    ["  ... per change per interested peer", (r) => r.serverToClient / r.changes / PER_DOC, 2],
    ["client -> server sync messages per change", (r) => r.clientToServer / r.changes, 2],
    ["JS client CPU per change (ms)", (r) => r.clientCpuMs / r.changes, 1],
    [`changes made per second (of ${asked} asked)`, (r) => r.changes / SECONDS, 1],
    ["visibility lag p50 (ms)", (r) => r.lagP50, 1],
    ["visibility lag p99 (ms)", (r) => r.lagP99, 1],
    [`server CPU seconds per ${SECONDS} s`, (r) => r.serverCpuS, 2],
    ["server peak RSS (MB)", (r) => r.serverPeakRssMb, 1],
    [`documents converged (of ${CLIENTS / PER_DOC})`, (r) => r.converged, 0],
  ];
  const coldRows = [
    [`${COLD_CHANGES}-change document, first fetch after restart (ms)`, (r) => r.coldFetchMs, 0],
    ["  of which until the server's reply arrives", (r) => r.coldReplyMs, 0],
    ["  of which the client loading it (the rest)", (r) => r.coldFetchMs - r.coldReplyMs, 0],
    ["unknown document -> unavailable, p50 (ms)", (r) => r.unavailableP50, 1],
    ["  of which the server's (request sent -> answer received), p50", (r) => r.unavailableServerP50, 2],
    [`${SUBSCRIBERS} subscribers of one document, a change's arrival p50 (ms)`, (r) => r.fanoutP50, 1],
    [`${SUBSCRIBERS} subscribers of one document, a change's arrival p99 (ms)`, (r) => r.fanoutP99, 1],
  ];
  const names = { reference: "JS reference server", quorum: "quorum-server", baseline: "quorum (baseline)" };
  console.log(
    `\n== sync load: ${CLIENTS} clients, ${PER_DOC} per document, ${RATE} changes/s each, ${SECONDS} s; ` +
      `${ROUNDS} interleaved rounds (ranges are min – max); ${cpus().length} cores`,
  );
  const w0 = 56;
  const w = 22;
  console.log(["".padEnd(w0), ...servers.map((s) => (names[s] ?? s).padStart(w))].join(" "));
  for (const [label, f, digits] of rows) {
    const cells = servers.map((s) => range(results.filter((r) => r.server === s).map(f), digits).padStart(w));
    console.log([label.padEnd(w0), ...cells].join(" "));
  }
  for (const [label, f, digits] of coldRows) {
    const cells = servers.map((s) => range(cold.filter((r) => r.server === s).map(f), digits).padStart(w));
    console.log([label.padEnd(w0), ...cells].join(" "));
  }
  console.log(
    `(documents: ${CLIENTS / PER_DOC}; quorum-server binary: ${process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server"}` +
      `${process.env.QUORUM_BASELINE_BIN ? `; baseline: ${process.env.QUORUM_BASELINE_BIN}` : ""})`,
  );
}

// ---- load driver (child process) ------------------------------------------------------------

async function loadDriver(urls, latencyOnly) {
  const url = urls[0];
  const { Repo } = await import("@automerge/automerge-repo");
  const { WebSocketClientAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const counts = { sent: 0, received: 0, counting: false };
  const repos = [];
  // While an idle latency sample runs: when A first sent a sync message and B first got one.
  let sample = null;

  async function openRepo(name, at = url) {
    const adapter = new WebSocketClientAdapter(at, 1000);
    const send = adapter.send.bind(adapter);
    adapter.send = (message) => {
      if (sample && message.type === "sync" && name === sample.a) sample.aSent ??= performance.now();
      if (counts.counting && SYNC_TYPES.has(message.type)) counts.sent++;
      return send(message);
    };
    adapter.on("message", (message) => {
      if (sample && message.type === "sync" && name.startsWith(sample.b) && sample.aSent !== undefined) sample.bGot ??= performance.now();
      if (counts.counting && SYNC_TYPES.has(message.type)) counts.received++;
    });
    const connected = new Promise((r) => adapter.once("peer-candidate", r));
    const repo = new Repo({ network: [adapter], peerId: `bench-${name}-${randomUUID()}`, isEphemeral: true });
    repos.push(repo);
    await withTimeout(connected, 20_000, `connecting ${name}`);
    return repo;
  }

  /** Finds `id` through the server, with a fresh repo per attempt while it is unavailable. */
  async function findThroughServer(name, id, at = url) {
    const end = Date.now() + 30_000;
    for (let attempt = 1; ; attempt++) {
      const repo = await openRepo(`${name}-${attempt}`, at);
      try {
        return await withTimeout(repo.find(id), 20_000, `finding ${id}`);
      } catch (err) {
        repos.splice(repos.indexOf(repo), 1);
        await repo.shutdown().catch(() => {});
        if (Date.now() > end) throw err;
        await delay(200);
      }
    }
  }

  // Idle latency: A changes, B sees it; one change at a time. With several nodes, also with
  // A on the first node and B on the second.
  // The server's part of each sample (A's sync message sent -> B's received) and the clients'
  // own (the rest: A's change -> its send, B's receipt -> its change event).
  const serverPath = [];
  const latencies = await idleLatency("lat", url, url);
  const crossNode = urls.length > 1 ? await idleLatency("lat-x", urls[0], urls[1]) : [];

  async function idleLatency(name, urlA, urlB) {
    const latencies = [];
    const parts = name === "lat" ? serverPath : [];
    const a = await openRepo(`${name}-a`, urlA);
    const ha = a.create({ n: 0 });
    const hb = await findThroughServer(`${name}-b`, ha.documentId, urlB);
    await delay(300);
    for (let i = 1; i <= LATENCY_SAMPLES; i++) {
      const seen = new Promise((r) => {
        const on = () => {
          if (hb.doc()?.n === i) {
            hb.off("change", on);
            r();
          }
        };
        hb.on("change", on);
      });
      sample = { a: `${name}-a`, b: `${name}-b` };
      const t0 = performance.now();
      ha.change((d) => {
        d.n = i;
      });
      await withTimeout(seen, 10_000, `latency sample ${i}`);
      latencies.push(performance.now() - t0);
      if (sample.bGot !== undefined) parts.push(sample.bGot - sample.aSent);
      sample = null;
      // Longer than the client's 100 ms sync throttle, so each sample starts idle.
      await delay(150);
    }
    return latencies;
  }

  if (latencyOnly) {
    const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
    console.log("window-start");
    console.log("window-end");
    console.log(JSON.stringify({
      changes: NaN,
      latencyP50: pct(latencies, 50),
      latencyP99: pct(latencies, 99),
      serverPathP50: pct(serverPath, 50),
      serverPathP99: pct(serverPath, 99),
      crossNodeLatencyP50: crossNode.length ? pct(crossNode, 50) : NaN,
      crossNodeLatencyP99: crossNode.length ? pct(crossNode, 99) : NaN,
    }));
    await Promise.race([Promise.all(repos.map((r) => r.shutdown().catch(() => {}))), delay(3000)]);
    process.exit(0);
  }

  // Load: CLIENTS clients, PER_DOC per document, spread over the nodes in turn.
  const nodeOf = (d, c) => urls[(d * PER_DOC + c) % urls.length];
  const docs = [];
  for (let d = 0; d < CLIENTS / PER_DOC; d++) {
    const repo = await openRepo(`d${d}-c0`, nodeOf(d, 0));
    const handle = repo.create({});
    docs.push([handle]);
  }
  await delay(500);
  await Promise.all(
    docs.map(async (members, d) => {
      for (let c = 1; c < PER_DOC; c++) members.push(await findThroughServer(`d${d}-c${c}`, members[0].documentId, nodeOf(d, c)));
    }),
  );
  await delay(1000);

  const lags = [];
  const windowEnd = { at: Infinity };
  for (const members of docs) {
    members.forEach((handle, me) => {
      const seen = new Array(PER_DOC).fill(0);
      handle.on("change", ({ doc }) => {
        const now = Date.now();
        for (let src = 0; src < PER_DOC; src++) {
          if (src === me) continue;
          const n = doc[`n${src}`] ?? 0;
          if (n > seen[src]) {
            seen[src] = n;
            const t = doc[`t${src}`];
            if (typeof t === "number" && t <= windowEnd.at) lags.push(now - t);
          }
        }
      });
    });
  }

  let changes = 0;
  const timers = [];
  const period = 1000 / RATE;
  console.log("window-start");
  counts.counting = true;
  const cpu0 = process.cpuUsage();
  const started = Date.now();
  for (const members of docs) {
    members.forEach((handle, me) => {
      let n = 0;
      const tick = () => {
        n++;
        changes++;
        handle.change((doc) => {
          doc[`n${me}`] = n;
          doc[`t${me}`] = Date.now();
        });
      };
      timers.push(
        setTimeout(() => {
          if (Date.now() - started < SECONDS * 1000) {
            tick();
            timers.push(setInterval(tick, period));
          }
        }, Math.random() * period),
      );
    });
  }
  await delay(SECONDS * 1000);
  timers.forEach((t) => clearInterval(t));
  windowEnd.at = Date.now();
  // Let the changes made settle: every document's clients hold the same heads.
  const settleEnd = Date.now() + SETTLE_MS;
  const same = (members) => {
    const h = members.map((m) => JSON.stringify([...(m.heads() ?? [])].sort()));
    return h.every((x) => x === h[0]);
  };
  while (Date.now() < settleEnd && !docs.every(same)) await delay(50);
  await delay(500);
  const cpu = process.cpuUsage(cpu0);
  counts.counting = false;
  console.log("window-end");
  const converged = docs.filter(same).length;

  const pct = (xs, p) => {
    if (!xs.length) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  };
  console.log(
    JSON.stringify({
      changes,
      serverToClient: counts.received,
      clientToServer: counts.sent,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      lagP50: pct(lags, 50),
      lagP95: pct(lags, 95),
      lagP99: pct(lags, 99),
      latencyP50: pct(latencies, 50),
      latencyP99: pct(latencies, 99),
      serverPathP50: pct(serverPath, 50),
      serverPathP99: pct(serverPath, 99),
      crossNodeLatencyP50: pct(crossNode, 50),
      crossNodeLatencyP99: pct(crossNode, 99),
      converged,
    }),
  );
  await Promise.race([Promise.all(repos.map((r) => r.shutdown().catch(() => {}))), delay(3000)]);
  process.exit(0);
}

async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
