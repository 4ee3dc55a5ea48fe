// Two people rename the same group while one is offline: when they reconnect, the group page
// shows the conflict with both values; one is kept and both browsers converge on it.
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { GroupPage } from "./pages/group-page.mjs";

const scenario = e2eSuite();
const CONVERGE_TIMEOUT_MS = 45_000;

scenario("a conflicting rename of a group is shown with both values and resolved", async (h) => {
  const server = await h.startServer();
  // Two editors of Leicestershire & Rutland (the same demo account, in two browsers).
  const a = await h.newSession("A", server, { account: ACCOUNTS.lrscpEditor });
  const b = await h.newSession("B", server, { offlineSwitch: true, account: ACCOUNTS.lrscpEditor });

  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships({ containing: "Leicestershire" });
  const lrscp = await list.open("Leicestershire");
  const groupA = await lrscp.openGroup("Case Review Group");
  const path = new URL(a.page.url()).pathname;
  const groupB = await new GroupPage(b.page).goto(path);
  await groupA.status.waitFor("saved-server", { who: "A" });
  await groupB.status.waitFor("saved-server", { who: "B" });

  await b.cutter.goOffline();
  await groupB.status.waitFor("offline", { who: "B (cut off)" });
  const tag = uniqueTag();
  const nameA = `Case Review Group A ${tag}`;
  const nameB = `Case Review Group B ${tag}`;
  await groupB.rename(nameB);
  await groupB.waitForName(nameB, { who: "B (offline)" });
  await groupA.rename(nameA);
  await groupA.waitForName(nameA, { who: "A" });
  await groupA.status.waitFor("saved-server", { who: "A (after its edit)" });

  await b.cutter.goOnline();
  const timeout = CONVERGE_TIMEOUT_MS;
  for (const [who, page] of [["A", groupA], ["B", groupB]]) {
    await page.waitForConflict("Name", [nameA, nameB], { who, timeout });
  }
  await groupA.keep("Name", nameB);
  await groupA.waitForName(nameB, { who: "A" });
  await groupB.waitForName(nameB, { who: "B", timeout });
  for (const [who, page] of [["A", groupA], ["B", groupB]]) {
    await waitFor(async () => (await page.conflictValues("Name")).length === 0, {
      what: `${who} to show no conflict on the name once one value is kept`,
      timeout,
      describe: () => page.describe(),
    });
  }
});
