// Test harness for the end-to-end specs: headless Chromium through playwright-core (the system
// /usr/bin/chromium, never a downloaded browser), one browser per spec file, one fresh browser
// context per simulated user, a real quorum-server per test, and on failure a screenshot, the
// page's console and the server's log in tests/e2e/artifacts/.
import { after, before, test } from "node:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { chromium } from "playwright-core";
import { REPO_ROOT, startServer } from "./server.mjs";

export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
export const ARTIFACTS_DIR = join(REPO_ROOT, "tests/e2e/artifacts");
/** Default wait for one expectation (a locator, a status, a synced edit). */
export const TIMEOUT_MS = Number(process.env.QUORUM_E2E_TIMEOUT_MS ?? 20_000);
/** Whole-test budget (node:test timeout). */
export const TEST_TIMEOUT_MS = Number(process.env.QUORUM_E2E_TEST_TIMEOUT_MS ?? 180_000);

// Flags that work as root in a container. Playwright adds --headless, --no-sandbox (chromiumSandbox
// defaults to false) and a fresh --user-data-dir per launch itself.
const CHROMIUM_FLAGS = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The demo accounts `quorum-server --demo` creates (docs/access-control.md). */
export const DEMO_PASSWORD = "quorum-demo-password";
export const ACCOUNTS = {
  leicesterAdmin: "leicester.admin@example.org",
  leicesterViewer: "leicester.viewer@example.org",
  lrscpAdmin: "lrscp.admin@example.org",
  lrscpEditor: "lrscp.editor@example.org",
  ddscpAdmin: "ddscp.admin@example.org",
};
/** Whom `newSession` signs in as unless told otherwise. */
export const DEFAULT_ACCOUNT = ACCOUNTS.leicesterAdmin;

/**
 * Signs a browser context in through the API (`POST /api/session`, same-origin): the session
 * cookie lands in the context's cookie jar, so its pages start signed in.
 */
export async function signInContext(context, server, email, password = DEMO_PASSWORD) {
  const res = await context.request.post(`${server.url}/api/session`, {
    data: { email, password },
    headers: { Origin: server.url },
    failOnStatusCode: false,
  });
  if (res.status() !== 200) {
    throw new Error(`signing in as ${email} answered ${res.status()}: ${await res.text().catch(() => "")}`);
  }
  return res.json();
}

/** A short random tag so each run's edits are unique and recognisable. */
export function uniqueTag() {
  return randomBytes(3).toString("hex");
}

/**
 * Polls `check` (sync or async) until it returns a truthy value, Playwright `expect.poll` style;
 * a check that throws counts as "not yet". The timeout error names what was awaited and, via
 * `describe`, what was seen last.
 */
export async function waitFor(check, { what, timeout = TIMEOUT_MS, interval = 100, describe } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= end) break;
    await delay(Math.min(interval, Math.max(0, end - Date.now())));
  }
  let seen = "";
  if (describe) {
    try {
      seen = `\n  last seen: ${await describe()}`;
    } catch (err) {
      seen = `\n  (could not describe the state: ${firstLine(err)})`;
    }
  }
  const cause = lastError ? `\n  last error: ${firstLine(lastError)}` : "";
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${seen}${cause}`);
}

/**
 * Waits until the service worker controls `page`: not only `active`, which is set as the worker
 * starts activating, before its `clients.claim()` (a fetch from a page not yet controlled
 * bypasses the worker). `who` names the moment in the timeout message.
 */
export async function waitForServiceWorkerControl(page, who) {
  await waitFor(() => page.evaluate(() => Boolean(navigator.serviceWorker?.controller)), {
    what: `${who}: the service worker to control the page`,
    // Installing precaches the whole app (some 5 MB): on a busy two-core machine that has
    // taken over 20 s.
    timeout: 60_000,
  });
}

function firstLine(err) {
  return String(err?.message ?? err).split("\n")[0];
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80);
}

/**
 * Cuts one browser context off the sync server and lets it back, like a train going through a
 * tunnel: every `/sync` websocket of the context goes through a Playwright route that forwards
 * to the real server while online; going offline closes the open ones (code 1006, abnormal
 * closure) and refuses new ones, and puts the context offline (navigator.onLine = false, fetches
 * fail). `context.setOffline` alone does not close an open websocket, hence the route.
 */
export class SyncCutter {
  #live = new Set();
  offline = false;
  refused = 0;

  static async install(context) {
    const cutter = new SyncCutter(context);
    await context.routeWebSocket(/\/sync(\?.*)?$/, (ws) => cutter.#route(ws));
    return cutter;
  }

  constructor(context) {
    this.context = context;
  }

  #route(ws) {
    if (this.offline) {
      this.refused += 1;
      ws.close({ code: 1006, reason: "offline (test)" }).catch(() => {});
      return;
    }
    ws.connectToServer();
    this.#live.add(ws);
    ws.onClose(() => this.#live.delete(ws));
  }

  async goOffline() {
    this.offline = true;
    await this.context.setOffline(true);
    const open = [...this.#live];
    this.#live.clear();
    await Promise.all(open.map((ws) => ws.close({ code: 1006, reason: "offline (test)" }).catch(() => {})));
  }

  async goOnline() {
    this.offline = false;
    await this.context.setOffline(false);
  }

  /** Cuts only the sync websocket (HTTP requests still work): changes stay unsent. */
  async cutSyncOnly() {
    this.offline = true;
    const open = [...this.#live];
    this.#live.clear();
    await Promise.all(open.map((ws) => ws.close({ code: 1006, reason: "sync cut (test)" }).catch(() => {})));
  }
}

/** One simulated user: a fresh browser context (own IndexedDB, service worker, cookies) and a page. */
class Session {
  constructor(label, context, page) {
    this.label = label;
    this.context = context;
    this.page = page;
    this.console = [];
    this.pageErrors = [];
    const stamp = () => new Date().toISOString().slice(11, 23);
    page.on("console", (msg) => this.console.push(`${stamp()} [${msg.type()}] ${msg.text()}`));
    page.on("pageerror", (err) => {
      this.pageErrors.push(firstLine(err));
      this.console.push(`${stamp()} [pageerror] ${err.stack ?? err.message}`);
    });
    page.on("requestfailed", (req) => this.console.push(`${stamp()} [requestfailed] ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ""}`));
    page.on("crash", () => this.console.push(`${stamp()} [crash] the page crashed`));
  }
}

/** Per-test resources, disposed after the test; artifacts saved if it failed. */
export class Harness {
  sessions = [];
  servers = [];

  constructor(browser, testName) {
    this.browser = browser;
    this.testName = testName;
  }

  /** Starts a real quorum-server (fresh data dir, --demo) that this test owns. */
  async startServer(options = {}) {
    const server = await startServer(options);
    this.servers.push(server);
    return server;
  }

  /**
   * A new user with its own browser context, pointed at `server`, signed in as `account` (a
   * demo account's email; `null` for nobody). `offlineSwitch` installs a SyncCutter.
   */
  async newSession(label, server, { offlineSwitch = false, account = DEFAULT_ACCOUNT } = {}) {
    const context = await this.browser.newContext({ baseURL: server.url, serviceWorkers: "allow" });
    context.setDefaultTimeout(TIMEOUT_MS);
    context.setDefaultNavigationTimeout(TIMEOUT_MS);
    const cutter = offlineSwitch ? await SyncCutter.install(context) : undefined;
    if (account) await signInContext(context, server, account);
    const page = await context.newPage();
    const session = new Session(label, context, page);
    session.cutter = cutter;
    session.account = account ?? undefined;
    this.sessions.push(session);
    return session;
  }

  /** Screenshots, console logs and server logs for a failed test; returns a summary for the error. */
  async saveArtifacts() {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const base = slug(this.testName);
    const saved = [];
    for (const s of this.sessions) {
      const png = join(ARTIFACTS_DIR, `${base}--${s.label}.png`);
      try {
        if (!s.page.isClosed()) {
          await s.page.screenshot({ path: png, fullPage: true, timeout: 5000 });
          saved.push(png);
        }
      } catch (err) {
        s.console.push(`[harness] screenshot failed: ${firstLine(err)}`);
      }
      const log = join(ARTIFACTS_DIR, `${base}--${s.label}.console.log`);
      writeFileSync(log, `url: ${s.page.isClosed() ? "(closed)" : s.page.url()}\n${s.console.join("\n")}\n`);
      saved.push(log);
    }
    this.servers.forEach((server, i) => {
      const log = join(ARTIFACTS_DIR, `${base}--server${i ? i + 1 : ""}.log`);
      writeFileSync(log, `${server.url} data dir ${server.dataDir}\n${server.logs()}\n`);
      saved.push(log);
    });
    const errors = this.sessions
      .filter((s) => s.pageErrors.length)
      .map((s) => `  page ${s.label} threw: ${s.pageErrors.slice(-3).join(" | ")}`);
    return [`artifacts:`, ...saved.map((p) => `  ${p}`), ...errors].join("\n");
  }

  async dispose() {
    await Promise.allSettled(this.sessions.map((s) => s.context.close()));
    await Promise.allSettled(this.servers.map((s) => s.dispose()));
  }
}

let sharedBrowser;

/**
 * Declares a spec file's browser lifecycle and returns `scenario(name, body)`, which registers one
 * node:test test whose body gets a fresh Harness. Failures are rethrown with the artifact paths.
 */
export function e2eSuite() {
  before(async () => {
    sharedBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 60_000,
    });
  });
  after(async () => {
    await sharedBrowser?.close();
    sharedBrowser = undefined;
  });
  return function scenario(name, body, { timeout = TEST_TIMEOUT_MS } = {}) {
    test(name, { timeout }, async () => {
      if (!sharedBrowser) throw new Error(`Chromium did not launch (${CHROMIUM})`);
      const harness = new Harness(sharedBrowser, name);
      try {
        await body(harness);
      } catch (err) {
        let summary;
        try {
          summary = await harness.saveArtifacts();
        } catch (saveErr) {
          summary = `(saving artifacts failed: ${firstLine(saveErr)})`;
        }
        // A new error (the original's stack may already be formatted with the old message).
        const wrapped = new Error(`${err?.message ?? String(err)}\n${summary}`, { cause: err });
        const frames = String(err?.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
        wrapped.stack = [`Error: ${wrapped.message}`, ...frames].join("\n");
        throw wrapped;
      } finally {
        await harness.dispose();
      }
    });
  };
}
