// The app renders (not a blank page): the partnerships list shows the demo partnerships seeded
// by `quorum-server --demo`, and the sync status reaches "saved-server".
import { e2eSuite } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();

scenario("the partnerships list shows the demo partnerships and syncs with the server", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("visitor", server);

  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  await list.status.waitFor("saved-server", { who: "the visitor" });
});
