// B loses its connection, edits offline while A edits online; when B reconnects both converge.
import { e2eSuite, uniqueTag } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();
const CONVERGE_TIMEOUT_MS = 45_000; // includes the app's reconnect backoff

scenario("offline edits in B and online edits in A converge when B reconnects", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server, { offlineSwitch: true });

  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships();
  const pageA = await list.open();
  const path = new URL(a.page.url()).pathname;
  const pageB = await new PartnershipPage(b.page).goto(path);
  await pageA.status.waitFor("saved-server", { who: "A" });
  await pageB.status.waitFor("saved-server", { who: "B" });

  // B goes offline: its /sync websocket is cut and refused, the context is offline.
  await b.cutter.goOffline();
  await pageB.status.waitFor("offline", { who: "B (cut off)" });

  const tag = uniqueTag();
  const offlineGroup = `Offline group ${tag}`;
  const offlineName = `Renamed offline by B ${tag}`;
  await pageB.addGroup(offlineGroup);
  await pageB.rename(offlineName);
  await pageB.waitForGroup(offlineGroup, { who: "B (offline)" });
  await pageB.waitForName(offlineName, { who: "B (offline)" });
  // Still not connected: "offline", or "saved-local" once the edits are in IndexedDB.
  await pageB.status.waitFor(["offline", "saved-local"], { who: "B (offline, after editing)" });

  // Meanwhile A edits online.
  const onlineGroup = `Online group ${tag}`;
  await pageA.addGroup(onlineGroup);
  await pageA.waitForGroup(onlineGroup, { who: "A" });
  await pageA.status.waitFor("saved-server", { who: "A (after its edit)" });

  // B comes back: both pages hold both edits, and B's edits reach the server.
  await b.cutter.goOnline();
  const timeout = CONVERGE_TIMEOUT_MS;
  await pageB.waitForGroup(onlineGroup, { who: "B (back online)", timeout });
  await pageA.waitForGroup(offlineGroup, { who: "A", timeout });
  await pageA.waitForName(offlineName, { who: "A", timeout });
  await pageB.waitForGroup(offlineGroup, { who: "B (back online)", timeout });
  await pageB.waitForName(offlineName, { who: "B (back online)", timeout });
  await pageB.status.waitFor("saved-server", { who: "B (back online)", timeout });
});
