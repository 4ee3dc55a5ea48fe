// Three quorum-server nodes on one PostgreSQL (issue 13, "outgrow one machine"): the official
// JS automerge-repo client on one node and the app in headless Chromium on another edit the
// same joint group (the LLR procedures sub group of the demo seeds) and converge, and a third
// person on the third node sees both edits. Then the browser's node is killed (kill -9): the
// browser, behind a small TCP round robin in front of the two nodes it may use, reaches the
// surviving one and converges again after an edit made while it could reach no node.
// Needs the throw-away cluster scripts/test.sh starts (QUORUM_TEST_DATABASE_URL); skipped,
// saying so, without it.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import * as Automerge from "@automerge/automerge";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { freshDatabase, noClusterReason } from "./helpers/postgres.mjs";
import { serverBinary } from "./helpers/server.mjs";
import { TcpProxy } from "./helpers/tcp-proxy.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { GroupPage } from "./pages/group-page.mjs";

const JOINT = "LLR Joint Procedures & Development Sub Group";
const LRSCP = "Leicestershire & Rutland Safeguarding Children Partnership";
const CONVERGE_TIMEOUT_MS = 45_000;

const skip = noClusterReason();
if (skip) {
  test("three nodes on one PostgreSQL: a JS client and two browsers converge, and survive a node's death", { skip }, () => {});
} else {
  const databases = [];
  after(() => {
    for (const db of databases) db.drop();
  });
  const scenario = e2eSuite();

  scenario("three nodes on one PostgreSQL: a JS client and two browsers converge, and survive a node's death", async (h) => {
    const db = freshDatabase("nodes_e2e");
    databases.push(db);
    // Every node on one database, with one secrets key (as the README's "Running several nodes" says).
    const env = { DATABASE_URL: db.url, QUORUM_SECRETS_KEY: randomBytes(32).toString("hex") };
    // A node is ready once it serves (after migrating, and seeding with --demo), not once it listens.
    const serving = (node, what) => waitFor(() => /\bserving\b/.test(node.logs()), { what, describe: () => node.logs() });
    const node1 = await h.startServer({ demo: true, env });
    await serving(node1, "node 1 to seed the demo and serve");
    const node2 = await h.startServer({ demo: false, env });
    const node3 = await h.startServer({ demo: false, env });
    const nodes = [node1, node2, node3];
    await serving(node2, "node 2 to serve");
    await serving(node3, "node 3 to serve");

    // The two later nodes start cleanly on the seeded database, without seeding it again.
    for (const [i, node] of nodes.entries()) {
      const health = await fetch(`${node.url}/healthz`);
      assert.equal(health.status, 200, `node ${i + 1}'s /healthz: ${await health.text()}`);
      const errors = node.logs().split("\n").filter((line) => /\b(ERROR|panicked)\b/.test(line));
      assert.deepEqual(errors, [], `node ${i + 1} logged errors at start`);
    }
    assert.match(node1.logs(), /seeded the demo/, "node 1 seeds the demo");
    for (const node of [node2, node3]) assert.doesNotMatch(node.logs(), /seeded the demo/, "only the first node seeds");

    // The browser reaches nodes 2 and 3 through a round robin; which one holds its websocket
    // is that node ("the browser's node"); the third person uses the other one directly.
    const proxy = await new TcpProxy([node2, node3].map((n) => ({ host: "127.0.0.1", port: n.port }))).start();
    try {
      const a = await h.newSession("A-behind-proxy", { url: proxy.url }, { account: ACCOUNTS.lrscpEditor });
      const list = await new PartnershipsPage(a.page).goto();
      await list.waitForPartnerships({ containing: "Leicestershire" });
      const lrscp = await list.open("Leicestershire");
      const groupA = await lrscp.openGroup(JOINT);
      await groupA.status.waitFor("saved-server", { who: "A" });
      const path = new URL(a.page.url()).pathname;
      const documentId = path.split("/")[2];
      const browserNode = await waitFor(() => {
        const open = proxy.openSync.flatMap((n, i) => Array(n).fill(i));
        return open.length === 1 ? { index: open[0] } : undefined;
      }, { what: "the browser to hold one /sync websocket through the proxy", describe: () => `open /sync per node: ${proxy.openSync}` });
      const [nodeB, nodeC] = browserNode.index === 0 ? [node2, node3] : [node3, node2];
      const nameOf = (node) => `node ${nodes.indexOf(node) + 1}`;

      // Leicester's admin (the group's other owner) on the third node, in a second browser.
      const c = await h.newSession("C-third-node", nodeC, { account: ACCOUNTS.leicesterAdmin });
      const me = await (await c.context.request.get(`${nodeC.url}/api/me`)).json();
      const partnershipNames = me.partnerships.map((p) => p.name);
      assert.equal(new Set(partnershipNames).size, partnershipNames.length, `each partnership seeded once: ${partnershipNames}`);
      const groupC = await new GroupPage(c.page).goto(path);
      await groupC.waitForName(JOINT, { who: `C on ${nameOf(nodeC)}` });

      // The official JS client on node 1, with an API token made by the server's CLI.
      const js = await JsClient.open(node1, env, documentId);
      try {
        assert.equal(js.name(), JOINT, "the JS client reads the joint group from node 1");

        // Concurrent edits: the JS client appends to the purpose, the browser adds a function.
        // (Each on its own page of the group: the details form also holds the purpose.)
        const tag = uniqueTag();
        const note1 = ` A note from the JS client on node 1 (${tag}).`;
        const fn1 = `Review the joint procedures across three nodes (${tag})`;
        js.appendToPurpose(note1);
        await groupA.addFunction(fn1);
        await waitForPurposeWith(groupA, note1, `A on ${nameOf(nodeB)}`);
        await js.waitForFunction(fn1, "the JS client on node 1 to hold the browser's new function");
        await groupC.waitForTerms(fn1, { who: `C on ${nameOf(nodeC)}`, timeout: CONVERGE_TIMEOUT_MS });
        await waitForPurposeWith(groupC, note1, `C on ${nameOf(nodeC)}`);
        assert.ok(js.purpose().endsWith(note1), `the JS client keeps its own note: ${js.purpose()}`);
        await groupA.status.waitFor("saved-server", { who: "A (after converging)" });

        // The browser's node dies. Until the proxy lets it through again, the browser reaches no
        // node: it edits meanwhile, and so does the JS client on node 1.
        proxy.refusing = true;
        const refusedBefore = proxy.refused;
        await nodeB.kill();
        await waitFor(() => proxy.openSync[browserNode.index] === 0, {
          what: `the browser's websocket to ${nameOf(nodeB)} to close when the node is killed`,
          describe: () => `open /sync per node: ${proxy.openSync}`,
        });
        await groupA.status.waitFor(["offline", "connecting", "saved-local"], { who: "A (its node killed)" });
        const fn2 = `Agree the procedures while a node is down (${tag})`;
        await groupA.addFunction(fn2);
        await groupA.waitForTerms(fn2, { who: "A (no node reachable)" });
        const unsynced = await groupA.status.state();
        assert.notEqual(unsynced, "saved-server", "an edit made while no node is reachable is not shown as saved on the server");
        const note2 = ` A second note while the browser reconnects (${tag}).`;
        js.appendToPurpose(note2);
        await waitFor(() => proxy.refused > refusedBefore, {
          what: "the browser to try to reconnect (and be refused) while no node is reachable",
          describe: () => `refused ${proxy.refused - refusedBefore} since the kill`,
        });

        proxy.refusing = false;
        const survivor = browserNode.index === 0 ? 1 : 0;
        await waitFor(() => proxy.openSync[survivor] === 1, {
          what: `the browser to reconnect through the proxy to ${nameOf(nodeC)}`,
          timeout: CONVERGE_TIMEOUT_MS,
          describe: () => `open /sync per node: ${proxy.openSync}; ${proxy.refused} refused`,
        });
        await waitForPurposeWith(groupA, note2, `A (now on ${nameOf(nodeC)})`);
        await js.waitForFunction(fn2, "the JS client on node 1 to hold the function added while the browser reconnected");
        await groupC.waitForTerms(fn2, { who: `C on ${nameOf(nodeC)}`, timeout: CONVERGE_TIMEOUT_MS });
        await waitForPurposeWith(groupC, note2, `C on ${nameOf(nodeC)}`);
        await groupA.status.waitFor("saved-server", { who: "A (after reconnecting)" });
        const purpose = js.purpose();
        assert.ok(purpose.includes(note1) && purpose.endsWith(note2), `both notes, in order: ${purpose}`);
        const functions = js.functions();
        assert.ok(functions.indexOf(fn1) >= 0 && functions.indexOf(fn2) > functions.indexOf(fn1), `both functions, in order: ${functions}`);

        // The surviving node holds exactly what the JS client holds: a fresh client reads it there.
        const reader = await JsClient.open(nodeC, env, documentId);
        try {
          await waitFor(() => sameHeads(reader.heads(), js.heads()), {
            what: `a fresh JS client on ${nameOf(nodeC)} to read the same heads as the JS client on node 1`,
            timeout: CONVERGE_TIMEOUT_MS,
            describe: () => `${nameOf(nodeC)}: ${reader.heads()}; node 1: ${js.heads()}`,
          });
          assert.equal(reader.purpose(), purpose);
          assert.deepEqual(reader.functions(), functions);
        } finally {
          await reader.close();
        }
      } finally {
        await js.close();
      }
    } finally {
      await proxy.stop();
    }
  }, { timeout: 300_000 });
}

/** Waits until the group page's purpose contains `text`. */
async function waitForPurposeWith(groupPage, text, who) {
  await waitFor(async () => ((await groupPage.text(groupPage.purpose)) ?? "").includes(text), {
    what: `${who} to show ${JSON.stringify(text.trim())} in the purpose`,
    timeout: CONVERGE_TIMEOUT_MS,
    describe: () => groupPage.describe(),
  });
}

function sameHeads(a, b) {
  return a.length > 0 && JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/**
 * The official automerge-repo client (Repo + WebSocketClientAdapter, no storage) holding one
 * document through one node, with an API token of LRSCP's editor made by `quorum-server token
 * create` against the shared database.
 */
class JsClient {
  static async open(node, env, documentId) {
    const token = createToken(env, ACCOUNTS.lrscpEditor, LRSCP);
    const adapter = new WebSocketClientAdapter(`${node.syncUrl}?token=${token}`, 1000);
    const repo = new Repo({ network: [adapter], isEphemeral: true, peerId: `nodes-e2e-${uniqueTag()}` });
    let handle;
    try {
      handle = await Promise.race([
        repo.find(documentId),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`the JS client found no ${documentId} through ${node.syncUrl} within 20 s`)), 20_000)),
      ]);
    } catch (err) {
      await repo.shutdown().catch(() => {});
      throw err;
    }
    return new JsClient(repo, handle);
  }

  constructor(repo, handle) {
    this.repo = repo;
    this.handle = handle;
  }

  name() {
    return String(this.handle.doc().name);
  }

  purpose() {
    return String(this.handle.doc().terms.purpose);
  }

  /** The functions' texts, in order. */
  functions() {
    return (this.handle.doc().terms.functions ?? []).map((item) => String(item.text));
  }

  heads() {
    return [...(this.handle.heads() ?? [])];
  }

  appendToPurpose(text) {
    this.handle.change((d) => Automerge.splice(d, ["terms", "purpose"], d.terms.purpose.length, 0, text));
    assert.ok(this.purpose().endsWith(text), `the JS client's own document holds its change: ${this.purpose()}`);
  }

  async waitForFunction(text, what) {
    await waitFor(() => this.functions().includes(text), { what, timeout: CONVERGE_TIMEOUT_MS, describe: () => `functions ${JSON.stringify(this.functions())}` });
  }

  async close() {
    await Promise.race([this.repo.shutdown(), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => {});
  }
}

/** `quorum-server token create` against the nodes' database, from a data dir of its own. */
function createToken(env, email, partnership) {
  const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-cli-"));
  try {
    const out = execFileSync(serverBinary(), ["token", "create", "--email", email, "--partnership", partnership, "--data-dir", dataDir], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const token = out.trim().split("\n").at(-1).trim();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, `the CLI prints a token: ${JSON.stringify(out)}`);
    return token;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
