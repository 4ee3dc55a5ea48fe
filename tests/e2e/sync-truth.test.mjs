// The sync indicator tells the truth: with the server down it counts the changes the server
// does not have yet and says when the oldest was made; "Sync now" reconnects at once (without
// waiting for the backoff), and then it says "All changes on the server at HH:MM". While
// someone types, each keystroke's quick trip to the server changes its data-state, but not
// its words (a polite live region) or its dot.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { DraftPage } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const HHMM = /\d\d:\d\d/;

scenario("the indicator counts changes not yet on the server and 'Sync now' sends them", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("user", server);
  // Every websocket the page opens (or tries to): reconnect attempts while the server is down.
  let sockets = 0;
  page.on("websocket", () => { sockets += 1; });
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships();
  const partnership = await list.open();
  const status = partnership.status;
  await status.waitFor("saved-server", { who: "the user" });
  // The first sync comes in rounds (the documents the partnership lists follow it), so the
  // indicator may say "Syncing" again between them: wait for it to settle on the server.
  await waitFor(async () => /^All changes on the server at \d\d:\d\d$/.test((await status.text()) ?? "") || undefined, {
    what: `"All changes on the server at HH:MM"`,
    describe: () => status.describe(),
  });

  await server.stop();
  const socketsBefore = sockets;
  await waitFor(async () => (await status.state()) !== "saved-server", { what: "the indicator to notice the server went away", describe: () => status.describe() });
  const tag = uniqueTag();
  await partnership.rename(`Pending one ${tag}`);
  await partnership.rename(`Pending two ${tag}`);
  await status.waitFor("saved-local", { who: "the user (server down)" });
  const pending = await waitFor(async () => {
    const t = await status.text();
    return t?.includes("2 changes not yet on the server, oldest") && HHMM.test(t) ? t : undefined;
  }, { what: `"2 changes not yet on the server, oldest HH:MM"`, describe: () => status.describe() });
  const syncNow = page.getByTestId("sync-now");
  if (!(await syncNow.isVisible())) throw new Error(`no "Sync now" button while offline: ${pending}`);

  // Let the reconnect backoff grow (after three failed reconnects the next one waits at
  // least 2 s), then bring the server back and press "Sync now".
  await waitFor(async () => sockets - socketsBefore >= 3, {
    what: "three failed reconnect attempts",
    describe: async () => `${sockets - socketsBefore} reconnect attempts; ${await status.describe()}`,
  });
  await server.start({ port: server.port });
  const clicked = Date.now();
  await syncNow.click();
  await status.waitFor("saved-server", { who: "the user after Sync now" });
  const took = Date.now() - clicked;
  const after = await status.text();
  if (!/^All changes on the server at \d\d:\d\d$/.test(after)) throw new Error(`after Sync now: ${JSON.stringify(after)}`);
  console.log(`Sync now → all changes on the server in ${took} ms`);
});

scenario("typing does not make the indicator's words change on every keystroke", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await DraftPage.open(page, "Leicester Safeguarding Children Board", "Children missing from home or care");
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const area = draft.editor("Reporting a child missing");
  await area.click();
  await area.press("Control+End");
  // Every change of the words or the dot, and of data-state, while typing.
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="sync-status"]');
    window.__indicator = { words: [], states: [] };
    new MutationObserver((records) => {
      for (const r of records) {
        const at = Math.round(performance.now());
        if (r.type === "attributes" && r.attributeName === "data-state") window.__indicator.states.push(`${region.dataset.state} ${at}`);
        else if (r.target.closest?.(".app-sync-status__label, .app-sync-status__dot") || r.target.parentElement?.closest(".app-sync-status__label")) {
          window.__indicator.words.push(`${region.querySelector(".app-sync-status__label").textContent} ${at}`);
        }
      }
    }).observe(region, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-state", "class"] });
  });
  await page.keyboard.type(" Call the police on 101.", { delay: 40 });
  await draft.status.waitFor("saved-server", { who: "Leicester after typing" });
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    // The indicator at the top of the page, and the text just typed, at both widths.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.keyboard.type("!");
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `docs/screenshots/sync-while-typing-${width}.png` });
    }
  }
  const seen = await page.evaluate(() => window.__indicator);
  assert.ok(seen.states.some((s) => s.startsWith("syncing")), `the keystrokes went through syncing: ${JSON.stringify(seen.states)}`);
  assert.deepEqual(seen.words, [], `the words and the dot did not change while typing (data-state, with times: ${seen.states.join(", ")})`);
  assert.match(await draft.status.text(), /^All changes on the server at \d\d:\d\d$/);
});
