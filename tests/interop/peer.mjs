#!/usr/bin/env node
// JS interop peer: drives the official automerge-repo client (Repo + WebSocketClientAdapter, no
// storage) against a sync server, to prove the server speaks the same protocol as the JS one.
//
//   node tests/interop/peer.mjs <ws-url> create '<json object>'
//       A creates a doc with that content; a second, fresh repo B fetches it through the server
//       and must see the same content. Prints {"documentId":"…"}.
//   node tests/interop/peer.mjs <ws-url> read <documentId> [expectedKey]
//       Finds the doc through the server; with expectedKey (a top-level key, or a dotted path)
//       waits up to 10 s until it is present. Prints {"doc": <json>}.
//   node tests/interop/peer.mjs <ws-url> converge
//       A creates, B finds it through the server, both edit different keys and the same list
//       concurrently; waits until both hold the same heads and content (and a third fresh repo
//       reads that merged state from the server). Prints {"documentId":"…","heads":[…]}.
//   node tests/interop/peer.mjs <ws-url> unavailable <documentId>
//       Asks the server for the doc once; succeeds when the server answers that it is
//       unavailable (as for a document the token may not read) and nothing of it arrived.
//       Prints {"unavailable":true}.
//
// The server authenticates `/sync`: pass an API token in the URL (`…/sync?token=<token>`).
//
// Exit code 0 on success with one JSON line on stdout; 1 with a message on stderr on failure;
// 2 on a usage error. Every wait is bounded: QUORUM_PEER_TIMEOUT_MS (default 20000) for the
// whole command. Set QUORUM_PEER_DEBUG=1 for progress on stderr (DEBUG=automerge-repo:* for the
// library's own logs).
import { isDeepStrictEqual, inspect } from "node:util";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const USAGE = `usage: node tests/interop/peer.mjs <ws-url> create '<json object>'
       node tests/interop/peer.mjs <ws-url> read <documentId> [expectedKey]
       node tests/interop/peer.mjs <ws-url> converge
       node tests/interop/peer.mjs <ws-url> unavailable <documentId>`;

const TIMEOUT_MS = positiveInt(process.env.QUORUM_PEER_TIMEOUT_MS, 20_000);
const READ_KEY_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
const RETRY_MS = 250;
const DEBUG = Boolean(process.env.QUORUM_PEER_DEBUG);

class UsageError extends Error {}

/** Every repo opened, so they can all be shut down whatever happens. */
const openRepos = new Set();

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function debug(...args) {
  if (DEBUG) console.error("[peer]", ...args);
}

/** A deadline shared by every step of one command. */
function makeDeadline(ms) {
  const end = Date.now() + ms;
  return {
    ms,
    remaining: () => Math.max(0, end - Date.now()),
    expired: () => Date.now() >= end,
  };
}

/** Rejects with `timed out after … <what>` if `promise` does not settle in `ms`. */
async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns a truthy value; the error says what was awaited and the last state. */
async function waitUntil(check, ms, what, describeState = () => "") {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() >= end) {
      const state = describeState();
      throw new Error(`timed out after ${ms} ms ${what}${state ? `\n${state}` : ""}`);
    }
    await delay(POLL_MS);
  }
}

/** Plain JSON view of an automerge document (or undefined before it is loaded). */
function toJson(handle) {
  const doc = handle.doc();
  return doc === undefined ? undefined : JSON.parse(JSON.stringify(doc));
}

function sortedHeads(handle) {
  return [...(handle.heads() ?? [])].sort();
}

function show(value) {
  return inspect(value, { depth: 6, breakLength: Infinity });
}

function getPath(obj, path) {
  if (obj !== null && typeof obj === "object" && Object.hasOwn(obj, path)) return { found: true, value: obj[path] };
  let cur = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, part)) return { found: false };
    cur = cur[part];
  }
  return { found: true, value: cur };
}

/**
 * A repo with one WebSocketClientAdapter and no storage, connected: resolves once the server
 * answered our `join` with `peer`.
 */
async function openRepo(url, name, deadline) {
  const adapter = new WebSocketClientAdapter(url, 1000);
  const peerId = `quorum-interop-${name}-${randomUUID()}`;
  const connected = new Promise((resolve) => adapter.once("peer-candidate", ({ peerId: server }) => resolve(server)));
  const repo = new Repo({ network: [adapter], peerId, isEphemeral: true });
  openRepos.add(repo);
  const serverPeer = await withTimeout(
    connected,
    deadline.remaining(),
    `waiting for repo ${name} to connect: no \`peer\` answer to \`join\` from ${url} (is the server running and speaking automerge-repo protocol v1 on that path?)`,
  );
  debug(`repo ${name} (${peerId}) connected to server peer ${serverPeer}`);
  return repo;
}

async function closeRepo(repo) {
  if (!openRepos.delete(repo)) return;
  try {
    await withTimeout(repo.shutdown(), 2000, "shutting a repo down");
  } catch (err) {
    debug(`shutdown: ${err.message}`);
  }
}

/**
 * Finds `documentId` through the server in a fresh repo. A server that has not received the
 * document yet answers `doc-unavailable`, so retry with a fresh repo until the deadline.
 */
async function findThroughServer(url, name, documentId, deadline) {
  let attempt = 0;
  let lastError;
  while (!deadline.expired()) {
    attempt += 1;
    const repo = await openRepo(url, `${name}${attempt > 1 ? `-retry${attempt}` : ""}`, deadline);
    try {
      const handle = await withTimeout(
        repo.find(documentId),
        deadline.remaining(),
        `waiting for repo ${name} to find document ${documentId} through ${url}`,
      );
      debug(`repo ${name} found ${documentId} (attempt ${attempt})`);
      return { repo, handle };
    } catch (err) {
      lastError = err;
      await closeRepo(repo);
      if (!/unavailable/i.test(err.message)) throw err;
      debug(`repo ${name}: ${documentId} unavailable (attempt ${attempt}), retrying`);
      await delay(Math.min(RETRY_MS, deadline.remaining()));
    }
  }
  throw new Error(
    `repo ${name} could not find document ${documentId} through ${url} within ${deadline.ms} ms ` +
      `(${attempt} attempts; last error: ${lastError?.message ?? "none"})`,
  );
}

function parseObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`create: the content is not valid JSON: ${err.message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError("create: the content must be a JSON object");
  }
  return value;
}

async function create(url, [contentText, ...rest], deadline) {
  if (contentText === undefined || rest.length) throw new UsageError("create takes exactly one argument: '<json object>'");
  const content = parseObject(contentText);
  const a = await openRepo(url, "A", deadline);
  const handleA = a.create(content);
  const documentId = handleA.documentId;
  debug(`repo A created ${documentId}`);
  const expected = toJson(handleA);
  if (!isDeepStrictEqual(expected, content)) {
    throw new Error(`repo A stored ${show(expected)} instead of ${show(content)}`);
  }
  const { handle: handleB } = await findThroughServer(url, "B", documentId, deadline);
  await waitUntil(
    () => isDeepStrictEqual(toJson(handleB), content),
    deadline.remaining(),
    `waiting for repo B to receive the content of ${documentId} through ${url}`,
    () => `  expected: ${show(content)}\n  repo B has: ${show(toJson(handleB))}`,
  );
  return { documentId };
}

async function read(url, [documentId, expectedKey, ...rest], deadline) {
  if (!documentId || rest.length) throw new UsageError("read takes <documentId> [expectedKey]");
  const { handle } = await findThroughServer(url, "reader", documentId, deadline);
  if (expectedKey !== undefined) {
    const ms = Math.min(READ_KEY_TIMEOUT_MS, deadline.remaining());
    await waitUntil(
      () => getPath(toJson(handle), expectedKey).found,
      ms,
      `waiting for key ${JSON.stringify(expectedKey)} in document ${documentId}`,
      () => `  the document is: ${show(toJson(handle))}`,
    );
  }
  return { doc: toJson(handle) };
}

async function converge(url, args, deadline) {
  if (args.length) throw new UsageError("converge takes no arguments");
  const a = await openRepo(url, "A", deadline);
  const handleA = a.create({ title: "interop converge", items: ["seed"] });
  const documentId = handleA.documentId;
  debug(`repo A created ${documentId}`);

  const { handle: handleB } = await findThroughServer(url, "B", documentId, deadline);
  const state = () =>
    `  repo A heads ${show(sortedHeads(handleA))} doc ${show(toJson(handleA))}\n` +
    `  repo B heads ${show(sortedHeads(handleB))} doc ${show(toJson(handleB))}`;
  await waitUntil(
    () => isDeepStrictEqual(sortedHeads(handleA), sortedHeads(handleB)),
    deadline.remaining(),
    "waiting for repo B to hold repo A's initial document",
    state,
  );

  // Concurrent edits: both are made in the same tick, before either side can see the other's.
  handleA.change((d) => {
    d.fromA = "edited by A";
    d.items.push("a");
  });
  handleB.change((d) => {
    d.fromB = "edited by B";
    d.items.push("b");
  });
  debug("both edited concurrently");

  const merged = await waitUntil(
    () => {
      const docA = toJson(handleA);
      const docB = toJson(handleB);
      const same = isDeepStrictEqual(sortedHeads(handleA), sortedHeads(handleB)) && isDeepStrictEqual(docA, docB);
      return same && docA.fromA && docA.fromB ? docA : undefined;
    },
    deadline.remaining(),
    "waiting for repos A and B to converge (same heads and content, both edits present)",
    state,
  );
  const items = [...merged.items].sort();
  if (!isDeepStrictEqual(items, ["a", "b", "seed"])) {
    throw new Error(`converged list lost an insertion: ${show(merged.items)} (expected seed, a and b)`);
  }
  const heads = handleA.heads();

  // The server itself holds the merged state: a third, fresh repo reads it.
  const { handle: handleC } = await findThroughServer(url, "C", documentId, deadline);
  await waitUntil(
    () => isDeepStrictEqual(sortedHeads(handleC), [...heads].sort()),
    deadline.remaining(),
    "waiting for a fresh repo C to read the merged document from the server",
    () => `  expected heads ${show([...heads].sort())} doc ${show(merged)}\n  repo C heads ${show(sortedHeads(handleC))} doc ${show(toJson(handleC))}`,
  );
  return { documentId, heads };
}

async function unavailable(url, [documentId, ...rest], deadline) {
  if (!documentId || rest.length) throw new UsageError("unavailable takes <documentId>");
  const repo = await openRepo(url, "outsider", deadline);
  let handle;
  try {
    handle = await withTimeout(
      repo.find(documentId),
      deadline.remaining(),
      `waiting for the server to answer a request for ${documentId}`,
    );
  } catch (err) {
    if (/unavailable/i.test(err.message)) return { unavailable: true };
    throw err;
  }
  throw new Error(`the server gave document ${documentId} to this token: ${show(toJson(handle))}`);
}

const COMMANDS = { create, read, converge, unavailable };

async function main(argv) {
  const [url, command, ...args] = argv;
  if (!url || !command) throw new UsageError("missing <ws-url> or <command>");
  if (!/^wss?:\/\//.test(url)) throw new UsageError(`<ws-url> must start with ws:// or wss://, got ${JSON.stringify(url)}`);
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const deadline = makeDeadline(TIMEOUT_MS);
  return withTimeout(run(url, args, deadline), TIMEOUT_MS + 1000, `running ${command} against ${url}`);
}

async function finish(code, message) {
  if (message) process.stderr.write(`${message}\n`);
  await Promise.all([...openRepos].map(closeRepo));
  process.exit(code);
}

let failing = false;
function fatal(err) {
  if (failing) return;
  failing = true;
  const command = process.argv[3] ?? "";
  if (err instanceof UsageError) {
    void finish(2, `peer.mjs: ${err.message}\n${USAGE}`);
  } else {
    const detail = DEBUG && err?.stack ? err.stack : (err?.message ?? String(err));
    void finish(1, `peer.mjs ${command}: FAILED: ${detail}`);
  }
}

// The websocket adapter throws from its socket error handler on anything but ECONNREFUSED
// (e.g. a 404 on the upgrade): report it as a failure instead of a raw crash.
process.on("uncaughtException", (err) => {
  const e = new Error(`client error talking to ${process.argv[2]}: ${err?.message ?? err}`);
  e.stack = err?.stack;
  fatal(e);
});
process.on("unhandledRejection", fatal);

main(process.argv.slice(2)).then(
  async (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await finish(0);
  },
  fatal,
);
