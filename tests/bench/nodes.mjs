#!/usr/bin/env node
// Several nodes benchmark (issue 13, "outgrow one machine"): one quorum-server on SQLite, one on
// PostgreSQL and two nodes on one PostgreSQL, on the same machine in the same run, with the load
// of tests/bench/sync_load.mjs (official automerge-repo JS clients, its load driver and
// measurements): change A -> B latency p50/p99 with A and B on the same node and on different
// nodes; CLIENTS clients x RATE changes/s (PER_DOC per document, SECONDS s): server CPU seconds
// (every node's, summed) and sync messages per change; each node's RSS when idle (just started,
// no clients); a COLD_CHANGES-change document's first fetch after every node restarted (through
// the last node, which did not write it). Each goal for one node is printed beside its number.
//
//   eval "$(scripts/postgres.sh start)"   # QUORUM_TEST_DATABASE_URL: a throw-away cluster
//   QUORUM_SERVER_BIN=target/server/quorum-server node tests/bench/nodes.mjs
//
// Each setup gets a fresh database of its own on that cluster (dropped after). Without
// QUORUM_TEST_DATABASE_URL only the SQLite column is measured, and the output says so.
// Environment: as sync_load.mjs (CLIENTS, PER_DOC, RATE, SECONDS, ROUNDS, LATENCY_SAMPLES,
// COLD_CHANGES), and SETUPS (default "sqlite,postgres,two-nodes").
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { freshDatabase, noClusterReason } from "../e2e/helpers/postgres.mjs";
import {
  buildBigDocument,
  coldFetch,
  CLIENTS,
  COLD_CHANGES,
  PER_DOC,
  RATE,
  ROUNDS,
  rssMb,
  runLoad,
  SECONDS,
  startQuorum,
} from "./sync_load.mjs";

const BIN = process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server";
/** How long a just-started node is left alone before its idle RSS is read. */
const IDLE_SETTLE_MS = 2000;

const SETUPS = {
  sqlite: { title: "one node, SQLite", nodes: 1, postgres: false },
  postgres: { title: "one node, PostgreSQL", nodes: 1, postgres: true },
  "two-nodes": { title: "two nodes, one PostgreSQL", nodes: 2, postgres: true },
};

/** Each row: label, value of one run, digits, the goal for one node (or relay), and whether the value meets it. */
const LOAD_ROWS = [
  ["change A -> B latency p50 (ms), same node, idle", (r) => r.latencyP50, 1],
  ["change A -> B latency p99 (ms), same node, idle", (r) => r.latencyP99, 1],
  ["change A -> B latency p50 (ms), different nodes", (r) => r.crossNodeLatencyP50, 1, "≤ 50 (relay)", (v) => v <= 50],
  ["change A -> B latency p99 (ms), different nodes", (r) => r.crossNodeLatencyP99, 1],
  // The goal is 1.0 CPU second per 10 s of that load.
  [`server CPU seconds per ${SECONDS} s (all nodes)`, (r) => r.serverCpuS, 2, `≤ ${(SECONDS / 10).toFixed(1)}`, (v) => v <= SECONDS / 10],
  [`  PostgreSQL's own CPU seconds per ${SECONDS} s`, (r) => r.otherCpuS, 2],
  ["server -> client sync messages per change", (r) => r.serverToClient / r.changes, 2],
  ["  ... per change per interested peer", (r) => r.serverToClient / r.changes / PER_DOC, 2, "≤ 2", (v) => v <= 2],
  ["client -> server sync messages per change", (r) => r.clientToServer / r.changes, 2],
  [`changes made per second (of ${CLIENTS * RATE} asked)`, (r) => r.changes / SECONDS, 1],
  ["visibility lag p50 (ms)", (r) => r.lagP50, 1],
  ["visibility lag p99 (ms)", (r) => r.lagP99, 1],
  [`documents converged (of ${CLIENTS / PER_DOC})`, (r) => r.converged, 0],
  ["RSS per node, idle (MB; the largest node)", (r) => Math.max(...r.idleRssMb), 1, "≤ 20", (v) => v <= 20],
  ["peak RSS under load (MB; the largest node)", (r) => r.serverPeakRssMb, 1],
];
const COLD_ROWS = [
  [`${COLD_CHANGES}-change document, first fetch after restart (ms)`, (r) => r.coldFetchMs, 0, "≤ 150", (v) => v <= 150],
];

async function main() {
  const wanted = (process.env.SETUPS ?? "sqlite,postgres,two-nodes").split(",").map((s) => s.trim());
  for (const name of wanted) if (!SETUPS[name]) throw new Error(`unknown setup ${JSON.stringify(name)} (known: ${Object.keys(SETUPS)})`);
  const skipped = noClusterReason();
  const setups = wanted.filter((name) => !(SETUPS[name].postgres && skipped));
  if (skipped && setups.length < wanted.length) console.error(`[nodes] ${skipped}: measuring SQLite only`);

  const results = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of setups) {
      await withSetup(name, async (server) => {
        await delay(IDLE_SETTLE_MS);
        const idleRssMb = server.pids.map(rssMb);
        const alsoCpuOf = SETUPS[name].postgres ? postgresPids : undefined;
        const r = { setup: name, round, idleRssMb, ...(await runLoad(server, false, { alsoCpuOf })) };
        console.error(`[nodes] round ${round} ${name}: ${JSON.stringify(r)}`);
        results.push(r);
      });
    }
  }
  const cold = [];
  for (const name of setups) {
    await withSetup(name, async (server) => {
      const documentId = await buildBigDocument(server.url);
      for (let round = 1; round <= ROUNDS; round++) {
        await server.restart();
        const r = { setup: name, round, ...(await coldFetch(server.urls.at(-1), documentId)) };
        console.error(`[nodes] cold round ${round} ${name}: ${JSON.stringify(r)}`);
        cold.push(r);
      }
    });
  }
  printTable(setups, results, cold, skipped);
}

/**
 * The test cluster's processes (its postmaster, from QUORUM_TEST_PGDIR/data/postmaster.pid, and
 * the postmaster's children: one backend per connection, and its workers), or none if unknown.
 */
function postgresPids() {
  const dir = process.env.QUORUM_TEST_PGDIR;
  const pidFile = dir && join(dir, "data", "postmaster.pid");
  if (!pidFile || !existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const children = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) children.push(Number(entry));
    } catch {
      // It ended meanwhile.
    }
  }
  return [postmaster, ...children];
}

/** Starts setup `name` (on a fresh database of its own for PostgreSQL), runs `body`, and removes it all. */
async function withSetup(name, body) {
  const { nodes, postgres } = SETUPS[name];
  const database = postgres ? freshDatabase(`bench_${name}`) : undefined;
  try {
    const server = await startQuorum(BIN, { databaseUrl: database?.url, nodes });
    try {
      await body(server);
    } finally {
      await server.stop();
    }
  } finally {
    database?.drop();
  }
}

function range(values, digits) {
  const v = values.filter(Number.isFinite);
  if (!v.length) return "n/a";
  const lo = Math.min(...v).toFixed(digits);
  const hi = Math.max(...v).toFixed(digits);
  return lo === hi ? lo : `${lo} – ${hi}`;
}

function printTable(setups, results, cold, skipped) {
  const [one, five, fifteen] = loadavg().map((x) => x.toFixed(2));
  console.log(
    `\n== several nodes: ${setups.map((s) => SETUPS[s].title).join(" / ")}; ` +
      `${CLIENTS} clients, ${PER_DOC} per document, ${RATE} changes/s each, ${SECONDS} s; ${ROUNDS} interleaved rounds ` +
      `(ranges are min – max); ${cpus().length} cores, load average ${one} ${five} ${fifteen}`,
  );
  const w0 = 56;
  const w = 24;
  const goalW = 14;
  console.log(["".padEnd(w0), ...setups.map((s) => SETUPS[s].title.padStart(w)), "goal".padStart(goalW)].join(" "));
  const line = (label, rows, f, digits, goal, meets) => {
    const cells = setups.map((s) => {
      const values = rows.filter((r) => r.setup === s).map(f);
      const text = range(values, digits);
      // The goals are for one node (the relay's for different nodes): mark the runs that miss them.
      const missed = meets && values.some((v) => Number.isFinite(v) && !meets(v));
      const judged = meets && (SETUPS[s].nodes === 1 || label.includes("different nodes"));
      return `${text}${judged && missed ? " (!)" : ""}`.padStart(w);
    });
    console.log([label.padEnd(w0), ...cells, (goal ?? "").padStart(goalW)].join(" "));
  };
  for (const [label, f, digits, goal, meets] of LOAD_ROWS) line(label, results, f, digits, goal, meets);
  for (const [label, f, digits, goal, meets] of COLD_ROWS) line(label, cold, f, digits, goal, meets);
  console.log(
    `((!) marks a number that misses its goal; goals are for one node, the relay's for different nodes. ` +
      `Server CPU is every node's, summed; PostgreSQL's is apart (its backends alive over the window; n/a without QUORUM_TEST_PGDIR). quorum-server binary: ${BIN}` +
      `${skipped ? `; PostgreSQL columns skipped: ${skipped}` : ""})`,
  );
}

await main();
