// Presence while online (issue 11): in two browsers, LRSCP's editor sees that Leicester's
// admin is editing one section ("… is editing this section", in words, in that section
// only); it goes when Leicester's admin leaves the text, comes back when they return, and
// goes when they leave the page, well before the 30 s expiry (the "left" message, not
// silence). With QUORUM_SCREENSHOTS=1 the draft showing it is saved at 1280 and 360 px.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { DraftPage } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const LRSCP = "Leicestershire & Rutland Safeguarding Children Partnership";
const MISSING = "Children missing from home or care";
const SECTION = "Reporting a child missing";
const OTHER = "Return interviews";
const SHOTS = process.env.QUORUM_SCREENSHOTS === "1";
// Well under the 30 s after which a silent page is forgotten: what removes it is a message.
const GONE_WITHIN_MS = 10_000;

/** The presence line of the section headed `heading` ("" when there is none). */
async function presenceIn(page, heading) {
  const section = page.getByTestId("draft-section").filter({ has: page.locator("h3", { hasText: heading }) });
  // allInnerTexts does not wait: the line may go between two looks.
  return (await section.getByTestId("presence").allInnerTexts()).join(" ").trim();
}

scenario("LRSCP sees Leicester editing a section, and it goes when Leicester leaves", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const b = await h.newSession("LRSCP", server, { account: ACCOUNTS.lrscpEditor });

  // Leicester is already editing when LRSCP opens the page: LRSCP's hello is answered at
  // once (no wait for the 12 s refresh).
  const da = await DraftPage.open(a.page, LEICESTER, MISSING);
  await da.status.waitFor("saved-server", { who: "Leicester" });
  await da.editor(SECTION).click();
  const db = await DraftPage.open(b.page, LRSCP, MISSING);
  await db.status.waitFor("saved-server", { who: "LRSCP" });
  const expected = `Leicester Admin (${LEICESTER}) is editing this section`;
  const t0 = Date.now();
  await waitFor(async () => (await presenceIn(b.page, SECTION)) === expected, {
    what: "LRSCP to see Leicester editing the section",
    timeout: 11_000,
    describe: async () => JSON.stringify(await presenceIn(b.page, SECTION)),
  });
  const seenAfter = Date.now() - t0;
  assert.equal(await presenceIn(b.page, OTHER), "", "only in the section being edited");
  assert.equal(await presenceIn(a.page, SECTION), "", "nobody is shown themselves");
  // A screen reader hears it with the field, not as an announcement.
  const describedBy = await db.editor(SECTION).getAttribute("aria-describedby");
  assert.ok(describedBy?.split(" ").some((id) => id.endsWith("-presence")), `aria-describedby: ${describedBy}`);
  assert.equal(await b.page.locator("[data-testid=presence][aria-live], [data-testid=presence] [aria-live]").count(), 0);

  if (SHOTS) {
    for (const width of [1280, 360]) {
      await b.page.setViewportSize({ width, height: 900 });
      await b.page.getByTestId("presence").scrollIntoViewIfNeeded();
      await b.page.screenshot({ path: `docs/screenshots/procedure-presence-${width}.png` });
    }
    await b.page.setViewportSize({ width: 1280, height: 900 });
  }
  await expectNoSeriousAxeViolations(b.page, "draft with someone editing");

  // Leicester leaves the text (focus elsewhere): gone; back into it: shown again; then
  // typing in the other section moves it there.
  await a.page.getByTestId("procedure-title").click();
  await waitFor(async () => (await presenceIn(b.page, SECTION)) === "", { what: "presence gone on blur", timeout: GONE_WITHIN_MS });
  await da.editor(SECTION).click();
  await waitFor(async () => (await presenceIn(b.page, SECTION)) === expected, { what: "presence back", timeout: GONE_WITHIN_MS });
  await da.typeAtEnd(OTHER, " Noted.");
  await waitFor(async () => (await presenceIn(b.page, OTHER)) === expected && (await presenceIn(b.page, SECTION)) === "", {
    what: "presence moved to the other section",
    timeout: GONE_WITHIN_MS,
  });

  // Leicester leaves the page (to the published version): gone from LRSCP's page at once.
  await a.page.getByRole("link", { name: "Read the published version" }).click();
  const t1 = Date.now();
  await waitFor(async () => (await presenceIn(b.page, OTHER)) === "", { what: "presence gone after leaving", timeout: GONE_WITHIN_MS });
  console.log(`presence: shown ${seenAfter} ms after opening the page; gone ${Date.now() - t1} ms after leaving`);
});
