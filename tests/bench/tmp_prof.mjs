import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { startQuorum } from "./sync_load.mjs";
const server = await startQuorum(process.env.QUORUM_SERVER_BIN ?? "target/server/quorum-server", {});
const times = () => { const f = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" "); return [Number(f[11]), Number(f[12])]; };
const child = spawn(process.execPath, ["tests/bench/sync_load.mjs", "--load", server.url], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, CLIENTS: "50", PER_DOC: "5", RATE: "2", SECONDS: "10", LATENCY_SAMPLES: "1" } });
let t0, t1;
const perf = spawn("perf", ["record", "-F", "2999", "-o", "/tmp/perf.data", "-p", String(server.pid)], { stdio: "ignore" });
for await (const line of (await import("node:readline")).createInterface({ input: child.stdout })) {
  if (line === "window-start") t0 = times();
  if (line === "window-end") t1 = times();
  if (line.startsWith("{")) { const r = JSON.parse(line); console.log(`changes ${r.changes} lag p50 ${r.lagP50} p99 ${r.lagP99}`); }
}
perf.kill("SIGINT"); await new Promise((r) => perf.once("exit", r));
console.log(`server user ${(t1[0]-t0[0])/100} s, system ${(t1[1]-t0[1])/100} s`);
await server.stop();
process.exit(0);
