// Two tabs of one browser share documents safely: one tab (the Web Lock holder) holds the
// server connection; with the network off, an edit in one tab appears live in the other
// (BroadcastChannel + the shared IndexedDB), concurrent writes from both tabs both survive, and
// once back online the server has both and both tabs say so.
import { e2eSuite, uniqueTag } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();

scenario("two tabs write concurrently offline: both edits survive and both tabs show them", async (h) => {
  const server = await h.startServer();
  const session = await h.newSession("tab-a", server, { offlineSwitch: true });
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships();
  const path = await list.pathOf();
  const a = await list.open();
  await a.status.waitFor("saved-server", { who: "tab A" });

  const sockets = { a: 0, b: 0 };
  session.page.on("websocket", (ws) => { if (ws.url().endsWith("/sync")) sockets.a += 1; });
  const pageB = await session.context.newPage();
  pageB.on("websocket", (ws) => { if (ws.url().endsWith("/sync")) sockets.b += 1; });
  h.sessions.push({ ...session, label: "tab-b", page: pageB, console: [], pageErrors: [] });
  const b = await new PartnershipPage(pageB).goto(path);
  await b.waitForLoaded();

  await b.status.waitFor("saved-server", { who: "tab B (through tab A's connection)" });

  await session.cutter.goOffline();
  const tag = uniqueTag();

  // One tab's edit appears live in the other, with no server.
  const first = `Tab A offline ${tag}`;
  await a.rename(first);
  await b.waitForName(first, { who: "tab B (offline, edit made in tab A)" });

  // Both write at the same time.
  const name = `Tab A again ${tag}`;
  const group = `Tab B group ${tag}`;
  await Promise.all([a.rename(name), b.addGroup(group)]);
  await a.waitForGroup(group, { who: "tab A" });
  await b.waitForName(name, { who: "tab B" });
  await a.waitForName(name, { who: "tab A" });
  await b.waitForGroup(group, { who: "tab B" });

  await session.cutter.goOnline();
  await a.status.waitFor("saved-server", { who: "tab A (back online)" });
  await b.status.waitFor("saved-server", { who: "tab B (back online)" });

  // Only the leader tab (A, the first) holds a server connection.
  if (sockets.b !== 0) throw new Error(`tab B opened ${sockets.b} /sync websocket(s); only the leader tab should connect`);

  // Another person's browser gets both from the server.
  const other = await h.newSession("other-user", server);
  const c = await new PartnershipPage(other.page).goto(path);
  await c.waitForName(name, { who: "another browser" });
  await c.waitForGroup(group, { who: "another browser" });

  // When the leader's tab closes, the other tab takes the lock and connects itself.
  await session.page.close();
  const after = `Tab B alone ${tag}`;
  await b.rename(after);
  await b.status.waitFor("saved-server", { who: "tab B (after tab A closed)" });
  if (sockets.b === 0) throw new Error("tab B did not connect after the leader tab closed");
  await c.waitForName(after, { who: "another browser (edit from the new leader)" });
});
