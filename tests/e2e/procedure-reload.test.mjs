// What a person typed is saved on the device even when the page goes at once: typing into a
// section with sync cut (so the server cannot hold it), then reloading right after the last
// keystroke, shows every character typed. Saving waits for the frame after a keystroke (it
// is kept off the input path), so this proves the page saves what is held when it is left.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { DraftPage } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const MISSING = "Children missing from home or care";
const SECTION = "Reporting a child missing";

scenario("a reload right after typing, with sync cut, keeps every character typed", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin, offlineSwitch: true });
  const draft = await DraftPage.open(s.page, LEICESTER, MISSING);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const before = await draft.text(SECTION);

  await s.cutter.cutSyncOnly();
  const typed = ` Kept on reload ${uniqueTag()}.`;
  await draft.typeAtEnd(SECTION, typed, { delay: 0 });
  await s.page.reload({ waitUntil: "load" });

  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  const text = await waitFor(async () => {
    const t = await again.text(SECTION);
    return t.length >= before.length + typed.length ? t : undefined;
  }, { what: `the section with ${JSON.stringify(typed)} after the reload`, describe: () => again.text(SECTION) });
  assert.equal(text, before + typed, "every character typed, in order, nothing else");
});
