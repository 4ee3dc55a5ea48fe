// Child processes for the benchmarks: start a server and wait for the line announcing its
// URL; stop it (SIGTERM, then SIGKILL after 10 s). Shared by sync_load.mjs and idle_sockets.mjs.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Spawns `cmd` in the repository root (with `env` added to this process's environment);
 * resolves `{ child, url }` once stdout matches `pattern` (its group 1 is the URL).
 */
export function spawnListening(cmd, args, pattern, what, { env = {} } = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { RUST_LOG: "warn", ...process.env, ...env } });
  const log = [];
  createInterface({ input: child.stderr }).on("line", (l) => log.push(l) > 50 && log.shift());
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${log.join("\n")}`)), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before listening:\n${log.join("\n")}`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveUrl({ child, url: m[1].replace(/\/+$/, "") });
      }
    });
  });
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(t);
}
