// Two people edit the same terms of reference while one of them is offline: the purpose (one
// Automerge text) and one function of the ordered list. When the offline browser reconnects,
// both edits survive character by character and the two browsers show the same terms.
import { e2eSuite, uniqueTag } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { GroupPage } from "./pages/group-page.mjs";

const scenario = e2eSuite();
const CONVERGE_TIMEOUT_MS = 45_000; // includes the app's reconnect backoff
const JOINT = "LLR Joint Procedures & Development Sub Group";

scenario("offline and online edits to one group's purpose and function merge character by character", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server, { offlineSwitch: true });

  const list = await new PartnershipsPage(a.page).goto();
  // The joint group, opened from Leicester (one of its two owners).
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const groupA = await leicester.openGroup(JOINT);
  const path = new URL(a.page.url()).pathname;
  const groupB = await new GroupPage(b.page).goto(path);
  await groupA.status.waitFor("saved-server", { who: "A" });
  await groupB.status.waitFor("saved-server", { who: "B" });

  const purpose = await groupA.text(groupA.purpose);
  const [firstFunction] = await groupA.functionTexts();
  if (!purpose || !firstFunction) throw new Error(`the demo joint group has no purpose or functions: ${await groupA.describe()}`);

  await b.cutter.goOffline();
  await groupB.status.waitFor("offline", { who: "B (cut off)" });

  const tag = uniqueTag();
  // B (offline) writes at the start of both texts; A (online) at the end.
  const bPrefix = `Offline ${tag}: `;
  const aSuffix = ` (reviewed online ${tag})`;
  await groupB.setPurpose(bPrefix + purpose);
  await groupB.waitForPurpose(bPrefix + purpose, { who: "B (offline)" });
  await groupB.editFunction(0, bPrefix + firstFunction);
  await groupB.waitForFunction(0, bPrefix + firstFunction, { who: "B (offline)" });

  await groupA.setPurpose(purpose + aSuffix);
  await groupA.waitForPurpose(purpose + aSuffix, { who: "A" });
  await groupA.editFunction(0, firstFunction + aSuffix);
  await groupA.waitForFunction(0, firstFunction + aSuffix, { who: "A" });
  await groupA.status.waitFor("saved-server", { who: "A (after its edits)" });

  await b.cutter.goOnline();
  const timeout = CONVERGE_TIMEOUT_MS;
  const mergedPurpose = bPrefix + purpose + aSuffix;
  const mergedFunction = bPrefix + firstFunction + aSuffix;
  for (const [who, page] of [["A", groupA], ["B", groupB]]) {
    await page.waitForPurpose(mergedPurpose, { who, timeout });
    await page.waitForFunction(0, mergedFunction, { who, timeout });
  }
  const [functionsA, functionsB] = [await groupA.functionTexts(), await groupB.functionTexts()];
  if (JSON.stringify(functionsA) !== JSON.stringify(functionsB)) {
    throw new Error(`the browsers list different functions:\nA ${JSON.stringify(functionsA)}\nB ${JSON.stringify(functionsB)}`);
  }
  if (functionsA.length < 2) throw new Error(`functions were lost: ${JSON.stringify(functionsA)}`);

  // Reordering keeps every function once, with its text, in both browsers.
  await groupB.moveFunctionUp(1);
  const reordered = [functionsA[1], functionsA[0], ...functionsA.slice(2)];
  for (const [who, page] of [["B", groupB], ["A", groupA]]) {
    for (const [i, text] of reordered.entries()) await page.waitForFunction(i, text, { who: `${who} (after Move up)`, timeout });
  }
});
