// Case reviews' action plans (issue 12): from Leicester's Serious Incident Review Group, the
// business office sees the demo's serious case review and its plan, starts the plan of a new
// review (the form checks itself), adds a recommendation, adds an action answering it on its
// own page (checked too), and moves the action on; the partnership's action tracker shows the
// action with the review and the recommendation it answers. A viewer reads the plan with no
// forms. axe-core finds no serious or critical violations at 360 and 1024 px; with
// QUORUM_SCREENSHOTS=1 the plan is saved at 1280 and 360 px into docs/screenshots/.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const SIRG = "Serious Incident Review Group";
const DEMO_REVIEW = "Serious Case Review: Child C";

/** The group's case reviews, through the app's own links. */
async function openCaseReviews(page) {
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const home = await list.open(LEICESTER);
  await home.openGroup(SIRG);
  await page.getByTestId("group-case-reviews-link").click();
  await page.getByRole("heading", { level: 1, name: "Case reviews and action plans" }).waitFor();
  return home;
}

async function axeAt(page, label) {
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(page, `${label} (${width} px)`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function shots(page, name) {
  if (process.env.QUORUM_SCREENSHOTS !== "1") return;
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

scenario("the business office starts a review's action plan, answers a recommendation with an action, and the tracker shows which", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("business-office", server);
  const tag = uniqueTag();
  await openCaseReviews(page);
  const partnershipPath = await page.evaluate(() => [...document.querySelectorAll(".govuk-breadcrumbs__link")].map((a) => new URL(a.href).pathname).find((p) => p.startsWith("/partnerships/")));

  // The demo's review, with how far its plan has got.
  const demoRow = page.getByTestId("case-review-row").filter({ hasText: DEMO_REVIEW });
  await demoRow.waitFor();
  assert.match(await demoRow.innerText(), /Serious case review/);
  assert.match(await demoRow.innerText(), /3 recommendations; 1 of 4 actions done, 1 overdue; 1 recommendation has no action yet/);
  await axeAt(page, "case reviews");

  // Starting a plan: the form checks itself.
  await page.getByTestId("start-review").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the name of the review/);
  assert.match(await page.title(), /^Error: /);
  const title = `Child Safeguarding Practice Review: Child D ${tag}`;
  await page.getByLabel("Name of the review").fill(title);
  await page.getByLabel("Rapid review").check();
  await page.getByTestId("start-review").click();
  await page.waitForURL((url) => url.pathname.startsWith("/case-reviews/"));
  const reviewPath = new URL(page.url()).pathname;
  await waitFor(async () => (await page.getByTestId("review-title").innerText()) === title, { what: "the new review's page" });
  assert.equal(await page.getByTestId("review-summary").innerText(), "No recommendations recorded yet");

  // A recommendation, checked first.
  const addRec = page.getByTestId("add-recommendation-form");
  await page.getByTestId("add-recommendation").click();
  await summary.getByText("Enter the recommendation").waitFor();
  const recText = `Schools share attendance concerns with children's social care within one week ${tag}.`;
  await addRec.getByLabel("The recommendation, as the review's report words it").fill(recText);
  await page.getByTestId("add-recommendation").click();
  const rec = page.getByTestId("recommendation").filter({ hasText: recText });
  await rec.getByRole("heading", { level: 2, name: "Recommendation 1" }).waitFor();
  assert.equal(await rec.getByTestId("recommendation-progress").innerText(), "No actions yet");
  assert.equal(await summary.count(), 0, "the error summary has gone");

  // An action answering it, on its own page.
  await rec.getByTestId("add-plan-action").click();
  await page.getByRole("heading", { level: 1, name: "Add an action for recommendation 1" }).waitFor();
  assert.match(await page.getByTestId("recommendation-answered").innerText(), new RegExp(tag));
  await page.getByTestId("save-plan-action").click();
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter what the action is/);
  assert.match(await summary.innerText(), /Enter who owns the action/);
  await axeAt(page, "action form with errors");
  const form = page.getByTestId("plan-action-form");
  const action = `Remind every school of the attendance protocol ${tag}`;
  const owner = `Education Safeguarding Team ${tag}`;
  await form.getByLabel("What will be done?").fill(action);
  await form.getByLabel("Owner").fill(owner);
  await form.getByLabel("Day").fill("15");
  await form.getByLabel("Month").fill("1");
  await form.getByLabel("Year").fill("2026");
  await page.getByTestId("save-plan-action").click();
  await page.waitForURL((url) => url.pathname === reviewPath);
  await waitFor(async () => /Action added to recommendation 1/.test(await page.getByTestId("review-flash").innerText().catch(() => "")), { what: "the banner" });
  const row = page.getByTestId("plan-action").filter({ hasText: action });
  await row.waitFor();
  assert.equal(await row.getAttribute("data-overdue"), "true");
  assert.match(await row.innerText(), /Open, overdue/);
  assert.equal(await rec.getByTestId("recommendation-progress").innerText(), "1 action, not done yet, 1 overdue");
  await axeAt(page, "action plan");
  await shots(page, "case-review");

  // The partnership's tracker shows the action, with the review and the recommendation.
  await page.goto(`${partnershipPath}/actions?owner=${encodeURIComponent(tag)}`);
  const trackerRow = page.getByTestId("tracker-row").filter({ hasText: action });
  await trackerRow.waitFor({ timeout: 20_000 });
  assert.equal(await trackerRow.getByTestId("from-review").innerText(), `Case review: ${title}`);
  assert.equal(await trackerRow.getByTestId("answers").innerText(), "Recommendation 1");
  assert.equal(await trackerRow.getByTestId("overdue").count(), 1);
  await trackerRow.getByTestId("from-review").click();
  await page.waitForURL((url) => url.pathname === reviewPath);

  // Done: no longer overdue.
  const doneRow = page.getByTestId("plan-action").filter({ hasText: action });
  await doneRow.getByLabel(`Status of “${action}”`).selectOption("Done");
  await doneRow.getByRole("button", { name: `Update the status of “${action}”` }).click();
  await waitFor(async () => (await doneRow.getAttribute("data-overdue")) === "false", { what: "the action done" });
  assert.match(await doneRow.innerText(), /Done/);
  assert.equal(await page.getByTestId("recommendation").filter({ hasText: recText }).getByTestId("recommendation-progress").innerText(), "Its action is done");

  // A viewer reads the plan, with no form to change it.
  const v = await h.newSession("viewer", server, { account: ACCOUNTS.leicesterViewer });
  await v.page.goto(reviewPath);
  await v.page.getByTestId("plan-action").filter({ hasText: action }).waitFor({ timeout: 30_000 });
  for (const testid of ["add-recommendation-form", "plan-status-form", "add-plan-action"]) {
    assert.equal(await v.page.getByTestId(testid).count(), 0, `a viewer has no ${testid}`);
  }
});
