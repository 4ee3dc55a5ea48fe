// Compliance rules per partnership and the partnership's dashboard (issue 12). The Leicester
// admin follows "What needs attention" to the dashboard, where the demo's seats are flagged
// under Leicester's rules (a DBS check older than 3 years, a lay member who signed an earlier
// version of the agreement, one who has not signed); opens the compliance rules, is refused
// a DBS validity of 11 years by an error summary that takes focus, stops asking lay members
// for a DBS check (their DBS flags go) and asks again, then sets 5 years, stops
// asking lay members to sign and moves the agreement to a new version: the dashboard's flags
// change accordingly. Attendance by organisation downloads as CSV. A viewer reads the rules
// without a form. axe-core at 360 and 1024 px on both pages; with QUORUM_SCREENSHOTS=1 both
// pages are saved at 1280 and 360 px into docs/screenshots/.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axeViolations } from "./helpers/axe.mjs";
import { ACCOUNTS, e2eSuite, waitFor } from "./helpers/harness.mjs";
import { CompliancePage, DashboardPage } from "./pages/compliance-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const BOARD = "Leicester Safeguarding Children Board (Board)";

async function openLeicester(h, label, account) {
  const server = await h.startServer();
  const { page } = await h.newSession(label, server, account ? { account } : {});
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);
  return { page, leicester, homePath: new URL(page.url()).pathname };
}

async function axeProblems(page, pages) {
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path, ready] of pages) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      for (const v of await axeViolations(page)) {
        if (v.impact === "serious" || v.impact === "critical") problems.push(`${width}px ${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return problems;
}

const has = (flags, seat, owed) => flags.some((f) => f.startsWith(`${seat}: `) && f.includes(owed));

scenario("an admin changes the DBS validity, the agreement's seats and version, and the dashboard's flags follow", async (h) => {
  const { page, leicester, homePath } = await openLeicester(h, "compliance-admin");

  // From "What needs attention" to the dashboard.
  await page.getByTestId("attention").getByTestId("dashboard-link").click();
  await page.waitForURL((url) => url.pathname === `${homePath}/dashboard`);
  const dashboard = await new DashboardPage(page).waitForLoaded();
  let flags = await dashboard.waitForFlags(
    (f) => has(f, "Lay Member 1", "DBS check out of date") && has(f, "Lay Member 1", "Signed an earlier version") && has(f, "Lay Member 2", "agreement not signed"),
    "the demo's Leicester flags under a 3-year DBS rule and version 2.0 of the agreement",
  );
  assert.ok(!has(flags, "Independent Chair", "earlier version"), `the chair signed version 2.0: ${flags}`);
  // The Board's attendance rule over its held meetings flags a seat that missed them.
  flags = await dashboard.waitForFlags((f) => f.some((x) => /: (Missed the last \d+ meetings in a row: the chair writes to them|Attended \d+ of the last (meeting|\d+ meetings) \(\d+ expected\))$/.test(x)),
    "an attendance flag once the Board's meetings are on this device");
  assert.match(await dashboard.headline.innerText(), /^\d+ flags: \d+ overdue, \d+ due soon\.$/);
  // Each row names its group (a link), organisation and person.
  const lay = page.getByTestId("flag-row").filter({ hasText: "Lay Member 2" }).first();
  await waitFor(async () => /Lay Member \(demo\) 2/.test(await lay.innerText()), { what: "the lay member's name once their person document loads", describe: () => lay.innerText() });
  assert.match(await lay.getByRole("link").getAttribute("href"), /^\/groups\//);

  // Attendance by organisation, as CSV built in the browser.
  await page.getByTestId("rates-table").waitFor();
  assert.ok((await page.getByTestId("rate-row").count()) > 1, "several organisations");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-rates-csv").click()]);
  assert.match(download.suggestedFilename(), /^attendance-by-organisation-leicester-safeguarding-children-board-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n").filter(Boolean);
  assert.equal(lines[0], "Organisation,Seats,Seat-meetings expected,Attended,Sent a deputy or substitute,Apologies,Rate");
  assert.equal(lines.length - 1, await page.getByTestId("rate-row").count(), "a line per organisation shown");
  assert.ok(lines.slice(1).some((l) => /,\d+%$/.test(l)), `a rate from held meetings: ${lines.join(" | ")}`);

  // The rules, read first, then changed.
  await page.getByTestId("rules-link").click();
  await page.waitForURL((url) => url.pathname === `${homePath}/compliance`);
  const rules = await new CompliancePage(page).waitForLoaded();
  await waitFor(async () => (await rules.rules()).version === "2.0", { what: "Leicester's rules", describe: async () => JSON.stringify(await rules.rules()) });
  const every = "Core member, virtual member, papers only, advisor, participant observer, lay member and co-opted";
  assert.deepEqual(await rules.rules(), { dbs: "3 years", dbsCategories: every, categories: "Core member and lay member", title: "LSCB membership agreement", version: "2.0" });
  const changeLinks = await page.locator("main .govuk-summary-list__actions a").evaluateAll((links) => links.map((a) => new URL(a.href).hash));
  assert.deepEqual(changeLinks, ["#dbs-years", "#dbs-categories", "#agreement-categories", "#agreement-title", "#agreement-version"]);

  // Lay members need no DBS check here: their DBS flags go, their agreement flags stay.
  await rules.change({ dbsCategories: { "Lay member": false } });
  await waitFor(async () => !(await rules.rules()).dbsCategories.includes("lay member"), { what: "the summary to leave out lay members", describe: async () => JSON.stringify(await rules.rules()) });
  await page.getByTestId("dashboard-link").click();
  await page.waitForURL((url) => url.pathname === `${homePath}/dashboard`);
  await dashboard.waitForFlags(
    (f) => !has(f, "Lay Member 1", "DBS") && has(f, "Lay Member 1", "Signed an earlier version"),
    "no DBS flag for a lay member, who still owes the agreement",
  );
  await page.goto(`${homePath}/compliance`);
  await rules.waitForLoaded();

  await rules.change({ dbsYears: "11" });
  await waitFor(async () => (await rules.errorSummary.innerText()).includes("How long a DBS check stays valid must be between 1 and 10 years"), { what: "the error summary" });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), true, "the error summary takes focus");
  assert.equal(await rules.form.getByLabel("How many years a DBS check stays valid", { exact: true }).inputValue(), "11", "what was typed is kept");
  assert.equal((await rules.rules()).dbs, "3 years", "nothing saved");

  await rules.change({ dbsYears: "5", categories: { "Lay member": false }, dbsCategories: { "Lay member": true } });
  await waitFor(async () => (await rules.rules()).dbs === "5 years", { what: "the summary to read 5 years" });
  assert.equal((await rules.rules()).categories, "Core member");
  assert.equal((await rules.rules()).dbsCategories, every);
  assert.match(await rules.notice.innerText(), /Compliance rules saved/);
  assert.equal(await rules.errorSummary.isVisible(), false);

  await page.getByTestId("dashboard-link").click();
  await page.waitForURL((url) => url.pathname === `${homePath}/dashboard`);
  await dashboard.waitForFlags(
    (f) => !f.some((x) => /^Lay Member [12]: .*(DBS|agreement)/.test(x)),
    "no DBS or agreement flags for the lay members: a DBS check from 2022 is current under 5 years, and they no longer sign",
  );

  // A new version of the agreement: the chair, who signed 2.0, owes a signature again.
  await page.goto(`${homePath}/compliance`);
  await rules.waitForLoaded();
  await rules.change({ version: "3.0" });
  await waitFor(async () => (await rules.rules()).version === "3.0", { what: "version 3.0" });
  await page.goto(`${homePath}/dashboard`);
  await dashboard.waitForLoaded();
  await dashboard.waitForFlags((f) => has(f, "Independent Chair", "Signed an earlier version"), "the chair to owe a signature of version 3.0");

  // Recording the chair's new signature in the seat editor records version 3.0: the flag goes.
  await page.goto(homePath);
  await leicester.waitForLoaded();
  const board = await leicester.openGroup(BOARD);
  await board.waitForSeats(20);
  const editor = await board.editSeat("Independent Chair");
  const note = editor.getByTestId("agreement-version-note");
  await waitFor(async () => /Signed version 2\.0, recorded by .+\. This is an earlier version/.test(await note.innerText()), { what: "the note to say version 2.0 was signed", describe: () => note.innerText() });
  await editor.getByLabel("Partner agency agreement signed", { exact: true }).fill("2026-11-02");
  assert.equal(await note.innerText(), "Saving records that version 3.0 of the LSCB membership agreement was signed on this date.");
  await editor.getByTestId("save-seat").click();
  await page.waitForURL((url) => url.pathname.startsWith("/groups/") && !url.pathname.includes("/seats/"));
  await page.goto(`${homePath}/dashboard`);
  await dashboard.waitForLoaded();
  await dashboard.waitForFlags((f) => !has(f, "Independent Chair", "earlier version"), "the chair's signature of version 3.0 to clear the flag");

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, path, ready] of [["compliance-rules", `${homePath}/compliance`, "compliance-form"], ["compliance-dashboard", `${homePath}/dashboard`, "rates-table"]]) {
        await page.goto(path);
        await page.getByTestId(ready).waitFor();
        await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  assert.deepEqual(await axeProblems(page, [
    ["compliance rules", `${homePath}/compliance`, "compliance-form"],
    ["compliance dashboard", `${homePath}/dashboard`, "rates-table"],
  ]), []);
});

scenario("a viewer reads the compliance rules without a form", async (h) => {
  const { page, homePath } = await openLeicester(h, "compliance-viewer", ACCOUNTS.leicesterViewer);
  await page.getByTestId("compliance-link").click();
  await page.waitForURL((url) => url.pathname === `${homePath}/compliance`);
  const rules = await new CompliancePage(page).waitForLoaded();
  await waitFor(async () => (await rules.rules()).version === "2.0", { what: "Leicester's rules" });
  await page.getByTestId("compliance-read-only").waitFor();
  assert.equal(await rules.form.count(), 0, "no form");
  assert.equal(await page.locator("main .govuk-summary-list__actions a").filter({ visible: true }).count(), 0, "no Change links");
  assert.deepEqual(await axeProblems(page, [["compliance rules (viewer)", `${homePath}/compliance`, "compliance-summary"]]), []);
});
