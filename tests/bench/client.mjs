#!/usr/bin/env node
// Client benchmark: the real quorum-server (--demo, fresh data dir) serving the app build in
// dist/ (bench.sh makes a release build), headless Chromium through playwright-core.
//
// Prints, one line each:
// - first open of a group page on a new device (fresh browser profile, signed in, nothing
//   stored): until the group's name shows, and until everything arrived (no "Loading…" left,
//   every seat shown, the sync status "saved-server");
// - save latency: "Save group" pressed → the page shows the saved purpose, p50/p95;
// - with the group's document grown to ~5,000 changes and ~50 other documents held:
//   keystroke-to-visible latency in the purpose field, p50/p95, and save latency again;
// - a remote change to another document: how often the page re-read the group's document
//   (goal 0) and how many document reads it caused in all (the app counts reads per document
//   in `window.__quorumReads` and change notices in `window.__quorumChanges`, which it asks
//   for with `window.__quorumCount`).
//
// Environment: QUORUM_SERVER_BIN (default target/debug/quorum-server), QUORUM_DIST_DIR (dist),
// CHROMIUM_BIN (/usr/bin/chromium), BENCH_SAVES (25), BENCH_KEYS (60), BENCH_OPENS (5),
// BENCH_CHANGES (5000), BENCH_DOCS (50).
import { execFileSync } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { chromium } from "playwright-core";
import * as A from "@automerge/automerge";
import { Repo, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { QuorumServer, serverBinary } from "../e2e/helpers/server.mjs";
import { pct, timedKeystrokes, until } from "./measure.mjs";

const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const PASSWORD = "quorum-demo-password";
const ADMIN = "leicester.admin@example.org";
const PARTNERSHIP = "Leicester Safeguarding Children Board";
const GROUP = "Leicester Safeguarding Children Board (Board)";
const SAVES = Number(process.env.BENCH_SAVES ?? 25);
const KEYS = Number(process.env.BENCH_KEYS ?? 60);
const OPENS = Number(process.env.BENCH_OPENS ?? 5);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 5000);
const DOCS = Number(process.env.BENCH_DOCS ?? 50);
const TIMEOUT = 60_000;


function line(label, values) {
  const f = (v) => v.toFixed(1).padStart(8);
  console.log(`${label.padEnd(62)} p50 ${f(pct(values, 50))} ms  p95 ${f(pct(values, 95))} ms  (n=${values.length})`);
}


async function newContext(browser, server) {
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: "block" });
  const res = await context.request.post(`${server.url}/api/session`, {
    data: { email: ADMIN, password: PASSWORD },
    headers: { Origin: server.url },
  });
  if (res.status() !== 200) throw new Error(`bench: signing in answered ${res.status()}`);
  return context;
}

/** Records, from navigation start, when the group's name first shows and when everything has. */
const FIRST_OPEN_PROBE = `
(() => {
  const marks = (window.__benchFirstOpen = {});
  const check = () => {
    const name = document.querySelector('[data-testid="group-name"]');
    if (name && name.textContent.trim() && marks.name === undefined) marks.name = performance.now();
    const state = document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state');
    const seats = document.querySelectorAll('[data-testid="seat-row"]').length;
    const loading = document.body && document.body.innerText.includes('Loading');
    if (marks.name !== undefined && marks.all === undefined && state === 'saved-server' && seats >= (window.__benchSeats || 1) && !loading) {
      marks.all = performance.now();
    }
    if (marks.all === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function firstOpen(browser, server, path, seats) {
  const context = await newContext(browser, server);
  await context.addInitScript(`window.__benchSeats = ${seats};`);
  await context.addInitScript(FIRST_OPEN_PROBE);
  const page = await context.newPage();
  await page.goto(path);
  const marks = await until(async () => {
    const m = await page.evaluate(() => window.__benchFirstOpen);
    return m && m.all !== undefined ? m : undefined;
  }, "a fresh profile to show the whole group page");
  await context.close();
  return marks;
}

/** Opens the group's details form (its "Change" link for the purpose, inside the app). */
async function openDetailsForm(page) {
  await page.getByTestId("change-purpose").click();
  await page.getByTestId("group-edit").getByLabel("Purpose", { exact: true }).waitFor({ timeout: TIMEOUT });
}

/**
 * On the details form: types `value` into the purpose field, presses Save and times until the
 * group page it returns to shows it (the next frame after the DOM has it), then opens the form
 * again for the next save.
 */
async function timedSave(page, value) {
  await page.getByTestId("group-edit").getByLabel("Purpose", { exact: true }).fill(value);
  const ms = await page.evaluate(
    (value) =>
      new Promise((resolve) => {
        const shown = () => document.querySelector('[data-testid="group-purpose"]')?.textContent.trim() === value;
        const t0 = performance.now();
        const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        const observer = new MutationObserver(() => {
          if (shown()) {
            observer.disconnect();
            done();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        document.querySelector('[data-testid="save-group"]').click();
        if (shown()) {
          observer.disconnect();
          done();
        }
      }),
    value,
  );
  await openDetailsForm(page);
  return ms;
}

/** Prints where the time went (the app's `window.__quorumTimings`, on with `__quorumProfile`). */
async function breakdown(page) {
  const timings = await page.evaluate(() => {
    const t = window.__quorumTimings ?? {};
    window.__quorumTimings = {};
    return t;
  });
  for (const [label, values] of Object.entries(timings).sort()) {
    if (values.length) line(`  of which ${label}`, values);
  }
}

async function saves(page, n, tag) {
  await openDetailsForm(page);
  await page.evaluate(() => (window.__quorumTimings = {}));
  const times = [];
  for (let i = 0; i < n; i++) {
    times.push(await timedSave(page, `Benchmark purpose ${tag} ${i} ${Date.now()}`));
    await delay(100);
  }
  await page.getByTestId("back-to-group").click();
  await page.getByTestId("group-name").waitFor({ timeout: TIMEOUT });
  return times;
}

/** Presses keys in the purpose field; each timed from keydown to the frame after its input. */
async function keystrokes(page, n) {
  await openDetailsForm(page);
  const field = page.getByTestId("group-edit").getByLabel("Purpose", { exact: true });
  await field.focus();
  await page.keyboard.press("End");
  const times = await timedKeystrokes(page, n);
  // Leaves the form unsaved.
  await page.getByTestId("back-to-group").click();
  await page.getByTestId("group-name").waitFor({ timeout: TIMEOUT });
  return times;
}

async function openSyncRepo(server, token) {
  const adapter = new WebSocketClientAdapter(`${server.syncUrl}?token=${token}`, 1000);
  const repo = new Repo({ network: [adapter], peerId: `bench-${Date.now()}`, isEphemeral: true });
  await new Promise((resolve) => adapter.once("peer-candidate", resolve));
  return repo;
}

async function findDoc(repo, id) {
  const handle = await repo.find(id);
  await handle.whenReady();
  return handle;
}

/** Grows the group's document by `n` changes (one letter of its purpose each), as one sync. */
function growDocument(handle, n) {
  handle.update((doc) => {
    let d = doc;
    const now = Math.floor(Date.now() / 1000) - n;
    for (let i = 0; i < n; i++) {
      d = A.change(d, { message: "Edit the group", time: now + i }, (g) => {
        const len = g.terms.purpose.length;
        A.splice(g, ["terms", "purpose"], len > 0 ? len - 1 : 0, len > 0 ? 1 : 0, String.fromCharCode(97 + (i % 26)));
      });
    }
    return d;
  });
}

async function main() {
  const server = new QuorumServer();
  await server.start();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let repo;
  try {
    // The demo group's address, from a signed-in browser that has loaded everything.
    const context = await newContext(browser, server);
    await context.addInitScript("window.__quorumProfile = true; window.__quorumCount = true;");
    const page = await context.newPage();
    const me = await (await context.request.get(`${server.url}/api/me`)).json();
    const partnership = me.partnerships.find((p) => p.name === PARTNERSHIP);
    await page.goto(`/partnerships/${partnership.documentId}`);
    const link = page.getByTestId("group-item").filter({ hasText: GROUP }).first().getByRole("link");
    await link.waitFor({ timeout: TIMEOUT });
    await link.click();
    await page.waitForURL((url) => url.pathname.startsWith("/groups/"));
    const path = new URL(page.url()).pathname;
    const groupId = path.split("/")[2];
    await page.getByTestId("group-name").waitFor({ timeout: TIMEOUT });
    await until(async () => (await page.getByTestId("sync-status").getAttribute("data-state")) === "saved-server", "saved-server");
    const seats = await until(async () => {
      const n = await page.getByTestId("seat-row").count();
      return n >= 20 ? n : undefined;
    }, "the board's seats");

    console.log(`\n== client benchmark (headless Chromium, ${process.env.QUORUM_DIST_DIR ?? "dist"}, ${serverBinary()})`);
    const names = [];
    const alls = [];
    for (let i = 0; i < OPENS; i++) {
      const m = await firstOpen(browser, server, path, seats);
      names.push(m.name);
      alls.push(m.all);
    }
    line("first open, fresh profile: group name shown", names);
    line("first open, fresh profile: everything arrived", alls);

    line("save (Save details → group page shows the purpose), demo group", await saves(page, SAVES, "a"));
    await breakdown(page);

    // Grow the data: ~5,000 changes on the group, ~50 more documents listed by the partnership.
    const token = execFileSync(serverBinary(), ["token", "create", "--email", ADMIN, "--partnership", PARTNERSHIP, "--data-dir", server.dataDir], { encoding: "utf8" })
      .trim()
      .split("\n")
      .at(-1)
      .trim();
    repo = await openSyncRepo(server, token);
    const group = await findDoc(repo, groupId);
    const partnershipDoc = await findDoc(repo, partnership.documentId);
    const listed = partnershipDoc.doc().group_documents.map((g) => String(g.document)).filter((g) => g !== groupId);
    const other = await findDoc(repo, listed[0]);
    const copies = [];
    const heldBefore = await page.evaluate(() => Object.keys(window.__quorumChanges ?? {}).length);
    for (let i = 0; i < Math.max(0, DOCS - heldBefore + 1); i++) {
      // Claimed by its first change: the API token may create documents under any id
      // (a signed-in session may register only ids minted for its own account).
      const docId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
      const copy = repo.import(A.save(other.doc()), { docId });
      copy.change((g) => {
        g.name = new A.ImmutableString(`${g.name} (benchmark copy ${i + 1})`);
      });
      copies.push(copy.documentId);
    }
    partnershipDoc.change((p) => {
      for (const id of copies) p.group_documents.push({ document: new A.ImmutableString(id) });
    });
    growDocument(group, CHANGES);
    const finalPurpose = A.toJS(group.doc()).terms.purpose;
    await until(
      async () => (await page.getByTestId("group-purpose").innerText()).trim() === finalPurpose.trim(),
      `the page to show the grown document (${CHANGES} changes)`,
      180_000,
    );
    await until(async () => (await page.getByTestId("sync-status").getAttribute("data-state")) === "saved-server", "saved-server");
    const held = await page.evaluate(() => Object.keys(window.__quorumChanges ?? {}).length);
    const changes = await page.evaluate(() => window.__quorumChanges);
    console.log(`(group document: ${A.getAllChanges(group.doc()).length} changes; documents held by the page: ${held})`);
    void changes;

    line("keystroke in the purpose field → next frame, 5,000 changes", await keystrokes(page, KEYS));
    line("save, group document of 5,000 changes", await saves(page, Math.min(SAVES, 20), "b"));
    await breakdown(page);

    // A remote change to another document.
    await delay(500);
    const before = await page.evaluate(() => ({ reads: { ...(window.__quorumReads ?? {}) }, changes: { ...(window.__quorumChanges ?? {}) } }));
    const target = copies[0] ?? listed[1];
    const targetHandle = await findDoc(repo, target);
    targetHandle.change((g) => A.splice(g, ["terms", "purpose"], 0, 0, "Remote. "));
    await until(
      () => page.evaluate(([t, n]) => (window.__quorumChanges?.[t] ?? 0) > n, [target, before.changes[target] ?? 0]),
      "the remote change to arrive",
      180_000, // on a loaded two-core machine the copies' first sync can take over a minute
    );
    await delay(1000);
    const after = await page.evaluate(() => ({ ...(window.__quorumReads ?? {}) }));
    const groupReads = (after[groupId] ?? 0) - (before.reads[groupId] ?? 0);
    const totalReads = Object.keys(after).reduce((sum, k) => sum + (after[k] - (before.reads[k] ?? 0)), 0);
    console.log(`${"remote change to another document: group document re-reads".padEnd(62)} ${groupReads}`);
    console.log(`${"remote change to another document: document reads in all".padEnd(62)} ${totalReads}`);
    await context.close();
  } finally {
    if (repo) await repo.shutdown().catch(() => {});
    await browser.close();
    await server.stop().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
