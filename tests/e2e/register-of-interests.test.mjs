// A member's standing register of interests (issue 12): the Leicester admin opens the
// Independent Chair's register from the directory, the form checks itself (GOV.UK error
// summary), two interests are added and one of them ended (the register keeps it under
// "Interests that have ended"), and the annual declaration is recorded; all of it is still
// there after a reload. At a new Board meeting, the attendance table shows the chair's
// current interest beside their seat (not the ended one), and the declaration form shows
// their register once they are chosen. Axe on the register at 360 and 1024 px; with
// QUORUM_SCREENSHOTS=1 it is saved to docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const CHAIR = "Independent Chair (demo)";
const KEPT = "Trustee of a local children's charity";
const ENDED = "Spouse works for a residential care provider";

/** With QUORUM_SCREENSHOTS=1, saves the page at 1280 and 360 px to docs/screenshots/. */
async function screenshots(page, name) {
  if (process.env.QUORUM_SCREENSHOTS !== "1") return;
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function waitForText(locator, re, what) {
  await waitFor(async () => re.test(await locator.innerText()), { what: what ?? `text ${re}`, describe: () => locator.innerText() });
}

async function addInterest(page, kind, description) {
  const form = page.getByTestId("interest-form");
  await form.getByLabel(kind, { exact: true }).check();
  await form.getByLabel("The interest", { exact: true }).fill(description);
  await form.getByTestId("add-interest").click();
  await waitForText(page.getByTestId("current-interests"), new RegExp(description.replace(/[()']/g, ".")), `the interest "${description}" to be listed`);
}

scenario("the business office keeps a member's register of interests, and the meeting shows it beside their seat", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("admin", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);
  const directory = await leicester.openDirectory();
  await directory.waitForPerson(CHAIR);
  const row = directory.rows.filter({ hasText: CHAIR }).first();
  await waitForText(row.getByTestId("person-interests"), /None registered; no annual declaration recorded/);
  await row.getByTestId("register-link").click();
  await page.waitForURL((url) => url.pathname.endsWith("/interests"));
  await page.getByRole("heading", { level: 1, name: "Register of interests" }).waitFor();
  assert.match(await page.locator(".govuk-caption-l").innerText(), /Independent Chair \(demo\)/);
  assert.match(await page.getByTestId("declaration-status").innerText(), /No annual declaration recorded\s+Due/);
  assert.match(await page.getByTestId("current-interests").innerText(), /No interests registered/);

  // The form checks itself.
  await page.getByTestId("add-interest").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Select the kind of interest[\s\S]*Describe the interest/);
  assert.match(await page.title(), /^Error: /);
  await summary.getByRole("link", { name: "Select the kind of interest" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("value")), "personal", "the summary link moves focus to the first choice");

  // Two interests; one ends and stays on the register.
  await addInterest(page, "Personal", KEPT);
  assert.equal(await summary.count(), 0, "the errors go once the form is right");
  await addInterest(page, "Family", ENDED);
  assert.match(await page.getByTestId("interests-status").innerText(), /Interest added/);
  await page.getByTestId("interest-row").filter({ hasText: ENDED }).getByTestId("end-interest").click();
  await waitFor(async () => (await page.getByTestId("interest-row").count()) === 1, { what: "one current interest left" });
  await waitForText(page.getByTestId("former-interests"), /Family\s+Spouse works for a residential care provider/);

  // The annual declaration, dated today.
  const today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  await page.getByTestId("record-declaration").click();
  await waitForText(page.getByTestId("declaration-status"), new RegExp(`^Declared on ${today}; next due by `));

  // Kept on the device and in the document: a reload shows it all again.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Register of interests" }).waitFor();
  await waitForText(page.getByTestId("current-interests"), new RegExp(`Personal\\s+${KEPT.replace("'", ".")}`));
  assert.match(await page.getByTestId("former-interests").innerText(), /Spouse works/);
  assert.doesNotMatch(await page.getByTestId("declaration-status").innerText(), /Due/);
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(page, `${width} px register of interests`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshots(page, "register-of-interests");

  // The directory sums it up.
  await page.getByRole("link", { name: "Back to the directory of people" }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/directory"));
  await waitForText(directory.rows.filter({ hasText: CHAIR }).first().getByTestId("person-interests"), /1 interest; declared on/);

  // A new Board meeting shows the chair's current interest beside their seat.
  const meetings = await MeetingsPage.open(page);
  void meetings;
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill("9");
  await form.getByLabel("Month").fill("6");
  await form.getByLabel("Year").fill("2031");
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("12:00");
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  await new MeetingPage(page).waitForLoaded();
  const chairRow = page.getByTestId("attendance-row").filter({ hasText: CHAIR }).first();
  const cell = chairRow.getByTestId("registered-interests");
  await waitForText(cell, new RegExp(`Personal: ${KEPT.replace("'", ".")}`), "the chair's interest beside their seat");
  assert.doesNotMatch(await cell.innerText(), /Spouse|declaration due/, "an ended interest is not shown, and the declaration is up to date");

  // The declaration form shows the chosen member's register.
  await page.getByTestId("declare-interest").first().click();
  const declaration = page.getByTestId("declaration-form");
  await declaration.waitFor();
  assert.equal((await page.getByTestId("member-register").innerText()).trim(), "", "nothing until a member is chosen");
  const option = declaration.getByLabel("Member").locator("option", { hasText: CHAIR }).first();
  await declaration.getByLabel("Member").selectOption(await option.getAttribute("value"));
  await waitForText(page.getByTestId("member-register"), new RegExp(`Their register of interests:\\s+Personal: ${KEPT.replace("'", ".")}`));
});
