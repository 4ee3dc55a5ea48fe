// Interop with the official automerge-repo JS client: the real quorum-server binary, driven by
// tests/interop/peer.mjs (Repo + WebSocketClientAdapter 2.5.6), connecting with API tokens made
// by the server's CLI (`partnership add`, `user add`, `token create`) on the same data dir.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { QuorumServer, serverBinary } from "../e2e/helpers/server.mjs";

const PEER = join(dirname(fileURLToPath(import.meta.url)), "peer.mjs");
const PEER_TIMEOUT_MS = 20_000;

/** Runs the server's CLI on its data dir; returns what it printed. */
function cli(server, ...args) {
  return execFileSync(serverBinary(), [...args, "--data-dir", server.dataDir], { encoding: "utf8" }).trim();
}

/** An API token for a new editor of a new partnership named `name`. */
function tokenFor(server, name) {
  cli(server, "partnership", "add", "--name", name);
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.org`;
  cli(server, "user", "add", "--email", email, "--name", `Editor of ${name}`, "--partnership", name, "--role", "editor");
  const token = cli(server, "token", "create", "--email", email, "--partnership", name).split("\n").at(-1).trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, "the CLI prints a token");
  return token;
}

/** Runs peer.mjs with `token`; resolves with its parsed JSON line, rejects with its stderr. */
function peer(server, command, ...args) {
  return peerWith(server, token, command, ...args);
}

function peerWith(server, withToken, command, ...args) {
  const url = `${server.syncUrl}?token=${withToken}`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PEER, url, command, ...args],
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
let token;
before(async () => {
  server = new QuorumServer({ demo: false, requireDist: false });
  await server.start();
  token = tokenFor(server, "Interop Partnership");
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

test("a token of another partnership cannot fetch the document (doc-unavailable)", async () => {
  const { documentId } = await peer(server, "create", JSON.stringify({ secret: "Leicester only" }));
  const outsider = tokenFor(server, "Another Partnership");
  const answer = await peerWith(server, outsider, "unavailable", documentId);
  assert.deepEqual(answer, { unavailable: true });
  // The owner's token still reads it.
  const { doc } = await peer(server, "read", documentId, "secret");
  assert.deepEqual(doc, { secret: "Leicester only" });
});

test("without a valid token the websocket is refused before the upgrade", async () => {
  assert.equal(await upgradeStatus(`${server.url}/sync`), 401);
  assert.equal(await upgradeStatus(`${server.url}/sync?token=${"x".repeat(43)}`), 401);
  assert.equal(await upgradeStatus(`${server.url}/sync?token=${token}`), 101);
});

/** The HTTP status answering a websocket upgrade request to `url`. */
function upgradeStatus(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}
