// Two users in separate browser contexts: a rename made by one shows up for the other.
import { e2eSuite, uniqueTag } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();

scenario("a rename in one browser appears in another", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server);

  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships();
  const pageA = await list.open();
  const path = new URL(a.page.url()).pathname;

  const pageB = await new PartnershipPage(b.page).goto(path);
  await pageB.status.waitFor("saved-server", { who: "B" });

  const newName = `Renamed by A ${uniqueTag()}`;
  await pageA.rename(newName);
  await pageA.waitForName(newName, { who: "A" });
  await pageB.waitForName(newName, { who: "B" });
});
