// A database of its own for one test (or benchmark) on the throw-away PostgreSQL cluster that
// scripts/postgres.sh starts (it exports QUORUM_TEST_DATABASE_URL): made with the cluster's own
// `createdb` and dropped with `dropdb`, so several quorum-server nodes can share it and nothing
// is left behind. Without the variable, callers skip with `noClusterReason()`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

const PG_LIB = "/usr/lib/postgresql";

/** The test cluster's URL (`postgres://user@host:port/db`), or undefined. */
export function testClusterUrl() {
  return process.env.QUORUM_TEST_DATABASE_URL || undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function noClusterReason() {
  if (!testClusterUrl()) {
    return "QUORUM_TEST_DATABASE_URL is not set: no PostgreSQL test cluster (scripts/test.sh starts one with scripts/postgres.sh)";
  }
  return undefined;
}

/** A PostgreSQL client program: the newest installed server's bin dir first (as postgres.sh), else PATH. */
function pgTool(name) {
  if (existsSync(PG_LIB)) {
    const versions = readdirSync(PG_LIB)
      .filter((v) => existsSync(join(PG_LIB, v, "bin", name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(PG_LIB, versions[0], "bin", name);
  }
  return name;
}

function connectionArgs(url) {
  const u = new URL(url);
  const args = ["-h", u.hostname, "-p", u.port || "5432"];
  if (u.username) args.push("-U", decodeURIComponent(u.username));
  return args;
}

function run(tool, args, env) {
  try {
    return execFileSync(pgTool(tool), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  } catch (err) {
    throw new Error(`${tool} ${args.join(" ")} failed: ${String(err.stderr ?? err.message).trim()}`);
  }
}

/**
 * Creates an empty database named after `label` on the test cluster; returns its URL and
 * `drop()` (which ends any connection left to it first).
 */
export function freshDatabase(label) {
  const cluster = testClusterUrl();
  if (!cluster) throw new Error(noClusterReason());
  const name = `${label.toLowerCase().replace(/[^a-z0-9]+/g, "_")}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const u = new URL(cluster);
  const env = u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {};
  run("createdb", [...connectionArgs(cluster), name], env);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: u.toString(),
    drop() {
      if (dropped) return;
      dropped = true;
      run("dropdb", [...connectionArgs(cluster), "--if-exists", "--force", name], env);
    },
  };
}
