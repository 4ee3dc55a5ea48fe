// A named version can carry an approval (issue 16, item 2): "Approved April 2007", approved by
// a body named in words, in a month without a day. The revision table shows who approved it and
// when, apart from when it was recorded and by whom: the signed-in person (the server's
// attribution of the naming change), not "device xxxx". A bad approval date is named against
// its field at the top of that form, and what was typed is kept. On the partnership page a
// version can be approved by one of the partnership's groups.
import assert from "node:assert/strict";
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const BOARD = "Leicester Safeguarding Children Board (Board)";
const BODY = "Leicester Safeguarding Children Board";

/** The revision rows' cells, as texts, keyed by column. */
async function revisionRows(page) {
  return page.getByTestId("revision-row").evaluateAll((rows) =>
    rows.map((r) => ({
      version: r.querySelector("th")?.innerText.trim(),
      approvedBy: r.querySelector('[data-testid="revision-approved-by"]')?.innerText.trim(),
      approvedOn: r.querySelector('[data-testid="revision-approved-on"]')?.innerText.trim(),
      recordedBy: r.querySelector('[data-testid="revision-recorded-by"]')?.innerText.trim(),
    })),
  );
}

scenario("a version named 'Approved April 2007' shows its approval and the person who recorded it", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("admin", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);
  const board = await leicester.openGroup(BOARD);
  const person = (await page.getByTestId("account-name").innerText()).trim();
  assert.ok(person && !/device/i.test(person), `the signed-in person has a name: ${person}`);

  const form = page.getByTestId("group-name-version-form");
  await page.getByTestId("group-timeline").locator("summary", { hasText: "Name this version" }).click();
  await form.getByLabel("Version, for example 7.7", { exact: true }).fill("Approved April 2007");
  await form.getByLabel("Or approved by another body", { exact: true }).fill(BODY);
  await form.getByLabel("Approval date", { exact: true }).fill("Smarch 2007");
  await form.getByTestId("name-version").click();
  const summary = form.locator(".govuk-error-summary");
  await waitFor(async () => (await summary.count()) === 1 && (await summary.innerText()).includes("Enter the approval date as a month and year"), {
    what: "the version form's own error summary to name the approval date",
  });
  assert.equal(await page.locator(".govuk-error-summary:visible").count(), 1, "one error summary shown: this form's");
  assert.equal(await form.getByLabel("Or approved by another body", { exact: true }).inputValue(), BODY, "what was typed is kept");
  await summary.getByRole("link", { name: /approval date/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "group-version-approved-on", "the summary links to the field");

  await form.getByLabel("Approval date", { exact: true }).fill("April 2007");
  await form.getByTestId("name-version").click();
  await waitFor(async () => (await form.locator(".govuk-error-summary").count()) === 0, { what: "the form's errors to clear when it succeeds" });
  await waitFor(
    async () =>
      (await revisionRows(page)).some(
        (r) => r.version === "Approved April 2007" && r.approvedBy === BODY && r.approvedOn === "April 2007" && r.recordedBy === person,
      ),
    {
      what: `the revision table to show the approval and ${person} as the recorder`,
      describe: async () => JSON.stringify(await revisionRows(page)),
      timeout: 30_000,
    },
  );
  const row = (await revisionRows(page)).find((r) => r.version === "Approved April 2007");
  assert.doesNotMatch(row.recordedBy, /device/i, "named after the person, not a device");
  const header = (await page.getByTestId("revision-table").locator("thead").innerText()).replace(/\s+/g, " ");
  for (const col of ["Approved by", "Approval date", "Recorded on", "Recorded by"]) assert.ok(header.includes(col), `${col} column`);
  assert.equal(await form.getByLabel("Version, for example 7.7", { exact: true }).inputValue(), "", "the form is cleared for the next version");

  // The partnership's own versions: approved by one of its groups, in a year.
  await page.goBack();
  await leicester.waitForLoaded();
  await leicester.openHistory();
  const pform = page.getByTestId("name-version-form");
  await pform.getByLabel("Version, for example 7.7", { exact: true }).fill("7.7");
  await pform.getByLabel("Approved by a group", { exact: true }).selectOption({ label: BOARD });
  await pform.getByLabel("Approval date", { exact: true }).fill("2018");
  await pform.getByTestId("name-version").click();
  await waitFor(async () => (await revisionRows(page)).some((r) => r.version === "7.7" && r.approvedBy === BOARD && r.approvedOn === "2018" && r.recordedBy === person), {
    what: "the partnership's revision table to show version 7.7 approved by the Board in 2018",
    describe: async () => JSON.stringify(await revisionRows(page)),
    timeout: 30_000,
  });
  void board;
});
