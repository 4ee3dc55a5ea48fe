#!/usr/bin/env node
// The reference JS sync server, built as the official automerge-repo sync-server package builds
// it (automerge-repo 2.5.6 + network-websocket's server adapter + nodefs storage, share policy
// "never announce"), for tests/bench/sync_load.mjs to measure quorum-server against.
//
//   node tests/bench/reference_server.mjs <data-dir> [port]
//
// Prints `reference-sync-server listening on ws://127.0.0.1:<port>` once it accepts
// connections (port 0, the default, picks a free one). Stops on SIGTERM / SIGINT.
import http from "node:http";
import { hostname } from "node:os";
import { WebSocketServer } from "ws";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";

const [dataDir, portArg = "0"] = process.argv.slice(2);
if (!dataDir) {
  console.error("usage: node tests/bench/reference_server.mjs <data-dir> [port]");
  process.exit(2);
}

const socket = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("reference automerge-repo sync server\n");
});
const repo = new Repo({
  network: [new WebSocketServerAdapter(socket)],
  storage: new NodeFSStorageAdapter(dataDir),
  peerId: `storage-server-${hostname()}`,
  // Like the official sync server: never announce documents to clients unasked.
  sharePolicy: async () => false,
});

server.on("upgrade", (request, sock, head) => {
  socket.handleUpgrade(request, sock, head, (ws) => socket.emit("connection", ws, request));
});

server.listen(Number(portArg), "127.0.0.1", () => {
  console.log(`reference-sync-server listening on ws://127.0.0.1:${server.address().port}`);
});

async function stop() {
  socket.close();
  server.close();
  await repo.shutdown().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
