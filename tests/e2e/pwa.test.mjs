// The installable app: the service worker's versioned precache controls the page after a first
// visit; with the server stopped the app starts from the cache and shows its data from
// IndexedDB; a new build waits and the page offers "A new version is available — Reload", and
// nothing reloads until the person clicks it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { e2eSuite, uniqueTag, waitFor, waitForServiceWorkerControl, TIMEOUT_MS } from "./helpers/harness.mjs";
import { REPO_ROOT, distDir } from "./helpers/server.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();

function versionOf(dist) {
  const m = /^const VERSION = "([^"]+)"; \/\/ build: version$/m.exec(readFileSync(join(dist, "sw.js"), "utf8"));
  if (!m || m[1] === "dev") throw new Error(`${dist}/sw.js has no build version (did the Trunk post_build hook run?)`);
  return m[1];
}

/** A copy of the build with a changed index.html and a new precache version: "the next release". */
function nextBuild() {
  const dir = mkdtempSync(join(tmpdir(), "quorum-e2e-dist2-"));
  cpSync(distDir(), dir, { recursive: true });
  const index = join(dir, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace("</head>", "<!-- next build --></head>"));
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts/sw-precache.mjs"), dir]);
  return dir;
}

async function controllingVersion(page) {
  return page.evaluate(async () => {
    if (!navigator.serviceWorker?.controller) return undefined;
    const keys = await caches.keys();
    return keys.filter((k) => k.startsWith("quorum-shell-")).map((k) => k.slice("quorum-shell-".length));
  });
}

/** A user's first visit: the partnerships list, and the service worker then controls the page. */
async function firstVisit(h) {
  const server = await h.startServer();
  const { page } = await h.newSession("user", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships();
  await waitForServiceWorkerControl(page, "after the first visit");
  return { server, page, list };
}

scenario("after a first visit the service worker controls the page and the app starts offline with its data", async (h) => {
  const version = versionOf(distDir());
  const { server, page, list } = await firstVisit(h);
  const cached = await waitFor(async () => {
    const v = await controllingVersion(page);
    return v?.length === 1 && v[0] === version ? v : undefined;
  }, { what: `one precache, quorum-shell-${version}` });
  const cachedUrls = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), `quorum-shell-${cached[0]}`);
  for (const needed of ["/", "/manifest.webmanifest"]) {
    if (!cachedUrls.includes(needed)) throw new Error(`the precache lacks ${needed}: ${cachedUrls.join(", ")}`);
  }
  for (const ext of [".wasm", ".js", ".css"]) {
    if (!cachedUrls.some((u) => u.endsWith(ext))) throw new Error(`the precache has no ${ext} file: ${cachedUrls.join(", ")}`);
  }

  const partnership = await list.open();
  const path = new URL(page.url()).pathname;
  const newName = `Offline start ${uniqueTag()}`;
  await partnership.rename(newName);
  await partnership.status.waitFor("saved-server", { who: "the user (after renaming)" });

  await server.stop();

  // A cold navigation (not a reload of a warm page) to a deep link, with the server gone.
  const started = Date.now();
  await page.goto("about:blank");
  await page.goto(path, { waitUntil: "commit" });
  const offlinePage = new PartnershipPage(page);
  await offlinePage.waitForName(newName, { who: "the page started with the server stopped" });
  const ms = Date.now() - started;
  const nav = await page.evaluate(() => {
    const [e] = performance.getEntriesByType("navigation");
    return e ? { responseEnd: Math.round(e.responseEnd), domContentLoaded: Math.round(e.domContentLoadedEventEnd), load: Math.round(e.loadEventEnd) } : undefined;
  });
  const line = `offline start (navigation to the partnership's name on screen, server stopped): ${ms} ms; navigation timing ${JSON.stringify(nav)}`;
  console.log(line);
  writeFileSync(join(REPO_ROOT, "tests/e2e/offline-start-ms.txt"), `${line}\n`);
  if (ms > TIMEOUT_MS) throw new Error(line);
});

scenario("a page loaded past the service worker (a hard reload) asks it to take over, and then starts offline", async (h) => {
  const { server, page, list } = await firstVisit(h);

  // A hard reload bypasses the worker: the new page starts uncontrolled, as one does that was
  // still loading when the first worker activated and claimed the pages open then.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.reload", { ignoreCache: true });
  await waitFor(() => page.evaluate(() => performance.getEntriesByType("navigation")[0]?.workerStart === 0), { what: "the reloaded page fetched past the worker" });
  await list.waitForPartnerships();
  await waitForServiceWorkerControl(page, "after the hard reload");

  // Controlled again, the next start works with the server gone.
  await server.stop();
  await page.goto("about:blank");
  await new PartnershipsPage(page).goto();
  await list.waitForPartnerships();
});

scenario("a new build shows 'A new version is available' and nothing reloads until Reload is clicked", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("user", server);
  const v1 = versionOf(distDir());
  const dist2 = nextBuild();
  const v2 = versionOf(dist2);
  try {
    if (v1 === v2) throw new Error("the next build has the same version");
    const list = await new PartnershipsPage(page).goto();
    await list.waitForPartnerships();
    await waitForServiceWorkerControl(page, "after the first visit");
    const partnership = await list.open();

    // Full page loads only: renaming moves between the home and its form page inside the app
    // (same-document history navigations), which is not a reload.
    let navigations = 0;
    page.on("load", () => {
      navigations += 1;
    });
    await page.evaluate(() => { window.__sameDocument = true; });

    // Release the next build and let the browser check for it (it also checks on navigation,
    // on `online`, when the tab becomes visible and every 30 minutes).
    await server.stop();
    server.distDir = dist2;
    await server.start({ port: server.port });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const banner = page.getByTestId("update-banner");
    await banner.waitFor({ state: "visible" });
    const text = (await banner.innerText()).replace(/\s+/g, " ");
    if (!text.includes("A new version is available — Reload")) throw new Error(`banner text: ${text}`);

    // The new version waits; the person keeps editing; nothing reloads.
    const name = `Edited during an update ${uniqueTag()}`;
    await partnership.rename(name);
    await partnership.status.waitFor("saved-server", { who: "the user (editing while an update waits)" });
    await delay(2000);
    const still = await page.evaluate(() => window.__sameDocument === true);
    if (!still || navigations !== 0) throw new Error(`the page reloaded by itself (navigations: ${navigations})`);
    const waiting = await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
    if (!waiting) throw new Error("the new service worker is not waiting");
    const before = await controllingVersion(page);
    if (!before.includes(v1)) throw new Error(`the old version ${v1} should still serve the page: caches ${before}`);

    // Accepting reloads once, into the new version.
    await Promise.all([
      page.waitForEvent("framenavigated", { predicate: (f) => f === page.mainFrame() }),
      page.getByTestId("update-reload").click(),
    ]);
    await waitFor(() => page.evaluate(() => window.__sameDocument === undefined), { what: "the reload after clicking Reload" });
    await new PartnershipPage(page).waitForName(name, { who: "the page after the update" });
    await waitFor(async () => {
      const v = await controllingVersion(page);
      return v?.length === 1 && v[0] === v2;
    }, { what: `only the new cache quorum-shell-${v2} (old caches removed on activate)`, describe: async () => JSON.stringify(await controllingVersion(page)) });
    const after = await page.getByTestId("update-banner").count();
    if (after !== 0) throw new Error("the update banner is still shown after updating");
  } finally {
    rmSync(dist2, { recursive: true, force: true });
  }
});

scenario("settings show storage use, persistence and the app version; Install app appears when the browser offers it", async (h) => {
  const { page } = await firstVisit(h);

  // The footer links to the settings page.
  await page.getByRole("contentinfo").getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Settings", exact: true }).waitFor();
  const usage = page.getByTestId("storage-usage");
  await waitFor(async () => /(bytes|KB|MB|GB) of .* available to this site/.test(await usage.innerText()), {
    what: "storage use from navigator.storage.estimate()",
    describe: async () => await usage.innerText(),
  });
  const persisted = await page.getByTestId("storage-persisted").innerText();
  if (!/^(Yes|Not yet)/.test(persisted)) throw new Error(`persisted: ${persisted}`);
  const version = versionOf(distDir());
  await waitFor(async () => (await page.getByTestId("app-version").innerText()) === version, {
    what: `app version ${version}`,
    describe: async () => await page.getByTestId("app-version").innerText(),
  });

  // Headless Chromium never offers installation: simulate the browser's event.
  const install = page.getByTestId("install-app");
  if (await install.count()) throw new Error("Install app shown before the browser offered it");
  await page.evaluate(() => {
    const event = new Event("beforeinstallprompt", { cancelable: true });
    event.prompt = async () => { window.__installPrompted = true; };
    event.userChoice = Promise.resolve({ outcome: "accepted" });
    window.dispatchEvent(event);
  });
  await install.waitFor({ state: "visible" });
  await install.click();
  await waitFor(() => page.evaluate(() => window.__installPrompted === true), { what: "the browser's install prompt" });
  await install.waitFor({ state: "detached" });

  // The accessibility statement is linked from the footer too.
  await page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Accessibility statement for Quorum", exact: true }).waitFor();
});
