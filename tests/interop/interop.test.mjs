// Interop with the official automerge-repo JS client: the real quorum-server binary, driven by
// tests/interop/peer.mjs (Repo + WebSocketClientAdapter 2.5.6).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { QuorumServer } from "../e2e/helpers/server.mjs";

const PEER = join(dirname(fileURLToPath(import.meta.url)), "peer.mjs");
const PEER_TIMEOUT_MS = 20_000;

/** Runs peer.mjs; resolves with its parsed JSON line, rejects with its stderr. */
function peer(server, command, ...args) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PEER, server.syncUrl, command, ...args],
      { timeout: PEER_TIMEOUT_MS + 5000, env: { ...process.env, QUORUM_PEER_TIMEOUT_MS: String(PEER_TIMEOUT_MS) } },
      (err, stdout, stderr) => {
        if (err) {
          const how = err.killed ? `killed after ${PEER_TIMEOUT_MS + 5000} ms` : `exit code ${err.code}`;
          reject(new Error(`peer.mjs ${command} failed (${how}) against ${server.syncUrl}\n${stderr.trim()}\n--- server log ---\n${server.logs()}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
        } catch {
          reject(new Error(`peer.mjs ${command} printed no JSON line: ${JSON.stringify(stdout)}\n${stderr}`));
        }
      },
    );
  });
}

let server;
before(async () => {
  server = new QuorumServer({ demo: false, requireDist: false });
  await server.start();
});
after(async () => {
  await server?.dispose();
});

test("two JS repos converge through quorum-server after concurrent edits", async () => {
  const result = await peer(server, "converge");
  assert.match(result.documentId, /^[1-9A-HJ-NP-Za-km-z]+$/, "documentId is bs58");
  assert.ok(Array.isArray(result.heads) && result.heads.length > 0, `heads: ${JSON.stringify(result.heads)}`);
});

test("a document created by one JS repo is read by another through quorum-server", async () => {
  const content = { name: "Leicester Safeguarding Children Board", quorum: 3, groups: ["Procedures"] };
  const { documentId } = await peer(server, "create", JSON.stringify(content));
  const { doc } = await peer(server, "read", documentId, "groups");
  assert.deepEqual(doc, content);
});

test("quorum-server keeps a JS client's document across a restart", async () => {
  const content = { kept: "across restart" };
  const { documentId } = await peer(server, "create", JSON.stringify(content));
  await server.restart({ samePort: false });
  const { doc } = await peer(server, "read", documentId, "kept");
  assert.deepEqual(doc, content);
});
