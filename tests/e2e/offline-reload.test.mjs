// With the server stopped, reloading the page still shows the last edit: the app shell comes
// from the service worker's cache and the document from IndexedDB.
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();

scenario("a reload with the server stopped still shows the edit", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("user", server);

  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships();
  const partnership = await list.open();

  // The first visit installs the service worker.
  await waitFor(
    () => page.evaluate(async () => Boolean((await navigator.serviceWorker?.getRegistration())?.active)),
    { what: "an active service worker after the first visit (is /sw.js registered?)" },
  );

  const newName = `Kept offline ${uniqueTag()}`;
  await partnership.rename(newName);
  await partnership.waitForName(newName, { who: "the user" });
  await partnership.status.waitFor("saved-server", { who: "the user (after renaming)" });

  await server.stop();

  try {
    await page.reload({ waitUntil: "load" });
  } catch (err) {
    throw new Error(`reloading ${page.url()} with the server stopped failed (the service worker should serve the app shell)\n  ${err.message.split("\n")[0]}`);
  }
  await partnership.waitForName(newName, { who: "the reloaded page (server stopped)" });
});
