// Pages are split into wasm modules loaded on demand (scripts/build-wasm.sh,
// app/src/lazy_pages.rs). A module that cannot be fetched shows a clear page with "Try again",
// never a dead app; once the network is back, "Try again" opens the page.
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();

scenario("a page whose module cannot be fetched says so, and Try again opens it once the network is back", async (h) => {
  const server = await h.startServer();
  const { page, context } = await h.newSession("member", server);
  // Every request for the partnership pages' module fails (the service worker's precache too).
  const blocked = [];
  await context.route(/\/split_partnership\.wasm$/, (route) => {
    blocked.push(route.request().url());
    return route.abort("internetdisconnected");
  });

  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  await list.link("Leicester").click();
  const heading = page.getByRole("heading", { level: 1, name: "Sorry, this page could not be opened" });
  await heading.waitFor();
  if (!blocked.length) throw new Error("the partnership page opened without fetching its module");
  // The app is alive: the header's link back to the list still works.
  const title = await page.title();
  if (!title.startsWith("Sorry, this page could not be opened")) throw new Error(`page title: ${title}`);

  await context.unroute(/\/split_partnership\.wasm$/);
  await page.getByRole("link", { name: "Try again" }).click();
  await new PartnershipPage(page).waitForLoaded();
  await waitFor(async () => !(await heading.isVisible()), { what: "the error page to go" });
});
