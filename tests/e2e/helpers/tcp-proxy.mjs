// A tiny TCP load balancer for the multi-node tests: one loopback port in front of several
// quorum-server nodes. Each new connection goes to the targets in turn (round robin); a target
// that refuses it (a dead node) is skipped for the next, so clients reach whichever nodes are
// alive. Bytes are piped both ways untouched, websockets included; when either side closes,
// so does the other, as behind a real load balancer. It counts the `/sync` websockets each
// target took and holds open, so a test can tell which node a browser's websocket is on.
import { createConnection, createServer } from "node:net";

export class TcpProxy {
  #server;
  #next = 0;
  #open = new Set();
  /** While true, new connections are closed at once (every node unreachable). */
  refusing = false;
  /** Per target index: how many `/sync` websockets it took, and how many of them are open. */
  syncConnections;
  openSync;
  /** How many connections were closed because no target (or `refusing`) took them. */
  refused = 0;

  /** @param {{ host: string, port: number }[]} targets */
  constructor(targets) {
    this.targets = targets;
    this.syncConnections = targets.map(() => 0);
    this.openSync = targets.map(() => 0);
  }

  /** `http://127.0.0.1:<port>` once listening. */
  url = "";

  async start() {
    this.#server = createServer((client) => this.#accept(client));
    await new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", resolve);
    });
    this.url = `http://127.0.0.1:${this.#server.address().port}`;
    return this;
  }

  #accept(client) {
    this.#open.add(client);
    client.once("close", () => this.#open.delete(client));
    client.on("error", () => {});
    client.pause();
    if (this.refusing) {
      this.refused += 1;
      client.destroy();
      return;
    }
    const start = this.#next;
    this.#next = (this.#next + 1) % this.targets.length;
    this.#connect(client, start, 0);
  }

  #connect(client, index, tried) {
    if (tried === this.targets.length || client.destroyed) {
      this.refused += 1;
      client.destroy();
      return;
    }
    const i = (index + tried) % this.targets.length;
    const upstream = createConnection(this.targets[i]);
    this.#open.add(upstream);
    upstream.once("close", () => this.#open.delete(upstream));
    // Refused (a dead node) or reset before connecting: try the next target.
    const failed = () => {
      upstream.destroy();
      this.#connect(client, index, tried + 1);
    };
    upstream.once("error", failed);
    upstream.once("connect", () => {
      upstream.off("error", failed);
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      client.once("data", (first) => {
        if (!/^GET \/sync[ ?]/.test(first.subarray(0, 16).toString("latin1"))) return;
        this.syncConnections[i] += 1;
        this.openSync[i] += 1;
        client.once("close", () => (this.openSync[i] -= 1));
      });
      client.pipe(upstream);
      upstream.pipe(client);
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
      client.resume();
    });
  }

  /** Closes the listening socket and every connection through it. */
  async stop() {
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
    if (this.#server) await new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
