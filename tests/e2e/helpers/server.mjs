// Starts the real `quorum-server` binary for a test: ephemeral port, fresh data dir, the Trunk
// build in <repo>/dist, demo seeds. The bound address is read from the one line the server prints
// on stdout once listening (no sleeps, no fixed ports). Stop (SIGTERM), kill (SIGKILL) and restart
// on the same data dir (and, by default, the same port so open pages reconnect).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const LISTENING = /quorum-server listening on (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES_KEPT = 400;

export function serverBinary() {
  const bin = process.env.QUORUM_SERVER_BIN ?? "target/debug/quorum-server";
  return resolve(REPO_ROOT, bin);
}

export function distDir() {
  return resolve(REPO_ROOT, process.env.QUORUM_DIST_DIR ?? "dist");
}

/** Why the e2e prerequisites are missing, or undefined when they are all there. */
export function missingPrerequisites({ needDist = true } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    return `quorum-server binary not found at ${bin} (build it: cargo build -p quorum-server, or set QUORUM_SERVER_BIN)`;
  }
  if (needDist && !existsSync(join(distDir(), "index.html"))) {
    return `no app build at ${distDir()}/index.html (build it: trunk build --release --offline)`;
  }
  return undefined;
}

export class QuorumServer {
  /** @type {import("node:child_process").ChildProcess | undefined} */
  #child;
  #logs = [];
  #exited;
  url = "";
  port = 0;

  constructor({ dataDir, demo = true, requireDist = true, extraArgs = [], env = {}, dist } = {}) {
    /** The app build it serves; change it before `restart()` to serve another build. */
    this.distDir = dist ?? distDir();
    this.ownsDataDir = !dataDir;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), "quorum-e2e-data-"));
    this.demo = demo;
    this.requireDist = requireDist;
    this.extraArgs = extraArgs;
    this.env = env;
  }

  /** ws(s)://host:port/sync */
  get syncUrl() {
    return `${this.url.replace(/^http/, "ws")}/sync`;
  }

  get running() {
    return Boolean(this.#child) && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last lines the server wrote (stdout and stderr), for failure messages. */
  logs() {
    return this.#logs.join("\n");
  }

  #log(stream, line) {
    this.#logs.push(`[${stream}] ${line}`);
    if (this.#logs.length > LOG_LINES_KEPT) this.#logs.splice(0, this.#logs.length - LOG_LINES_KEPT);
    if (process.env.QUORUM_E2E_SERVER_LOGS) process.stderr.write(`[quorum-server ${stream}] ${line}\n`);
  }

  /** Spawns the binary and resolves once it printed its "listening on" line. */
  async start({ port = 0 } = {}) {
    if (this.running) throw new Error("quorum-server is already running");
    const missing = missingPrerequisites({ needDist: false }) ??
      (this.requireDist && !existsSync(join(this.distDir, "index.html")) ? `no app build at ${this.distDir}/index.html (build it: trunk build --release --offline)` : undefined);
    if (missing) throw new Error(missing);
    const bin = serverBinary();
    const args = [
      "--host", "127.0.0.1",
      "--port", String(port),
      "--data-dir", this.dataDir,
      "--dist-dir", this.distDir,
      ...(this.demo ? ["--demo"] : []),
      ...this.extraArgs,
    ];
    const child = spawn(bin, args, {
      cwd: REPO_ROOT,
      env: { RUST_LOG: "info", ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    this.#exited = new Promise((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal })));
    createInterface({ input: child.stderr }).on("line", (line) => this.#log("stderr", line));
    const stdout = createInterface({ input: child.stdout });

    const command = `${bin} ${args.join(" ")}`;
    const url = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`quorum-server printed no "quorum-server listening on <url>" line within ${START_TIMEOUT_MS} ms\n  command: ${command}\n  last output:\n${this.logs()}`));
      }, START_TIMEOUT_MS);
      const done = (fn, value) => {
        clearTimeout(timer);
        fn(value);
      };
      child.once("error", (err) => done(reject, new Error(`could not spawn ${command}: ${err.message}`)));
      // "close" (not "exit"): by then all of its output has been read into the log.
      child.once("close", (code, signal) =>
        done(reject, new Error(`quorum-server exited (code ${code}, signal ${signal}) before listening\n  command: ${command}\n  last output:\n${this.logs()}`)),
      );
      stdout.on("line", (line) => {
        this.#log("stdout", line);
        const m = LISTENING.exec(line);
        if (m) done(resolveUrl, m[1].replace(/\/+$/, ""));
      });
    });
    this.url = url;
    this.port = Number(new URL(url).port);
    return this;
  }

  /** SIGTERM (graceful shutdown); SIGKILL if it has not exited within the timeout. */
  async stop({ timeoutMs = STOP_TIMEOUT_MS } = {}) {
    if (!this.running) return;
    this.#child.kill("SIGTERM");
    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)));
    const result = await Promise.race([this.#exited, timedOut]);
    clearTimeout(timer);
    if (result === "timeout") {
      this.#log("test", `no exit within ${timeoutMs} ms of SIGTERM; sending SIGKILL`);
      await this.kill();
      throw new Error(`quorum-server did not shut down within ${timeoutMs} ms of SIGTERM\n${this.logs()}`);
    }
    return result;
  }

  /** SIGKILL: a crash, no graceful shutdown. */
  async kill() {
    if (!this.running) return;
    this.#child.kill("SIGKILL");
    return this.#exited;
  }

  /** Starts again on the same data dir (and by default the same port, so pages can reconnect). */
  async restart({ samePort = true } = {}) {
    await this.stop();
    return this.start({ port: samePort ? this.port : 0 });
  }

  /** Stops the server and removes the data dir if this helper created it. */
  async dispose() {
    try {
      await this.stop();
    } finally {
      if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

/** Starts a quorum-server on a fresh data dir (unless `dataDir` is given). */
export async function startServer(options = {}) {
  const server = new QuorumServer(options);
  try {
    return await server.start({ port: options.port ?? 0 });
  } catch (err) {
    await server.dispose().catch(() => {});
    throw err;
  }
}
