// A person is added to a partnership and appointed to a seat with dates: the membership table
// names them and shows obligation badges in words. The seat editor names each problem and keeps
// what was typed. A named version appears in the revision table; an earlier version opens read
// only, with a link back. Erasing the person leaves the seat reading "Person erased".
import assert from "node:assert/strict";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const BOARD = "Leicester Safeguarding Children Board (Board)";
const SEAT = "Designated Nurse for Safeguarding";

scenario("appoint a new person to a seat, see the badges, name a version and view an earlier one", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("editor", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  await waitFor(async () => (await leicester.sectionHeadings()).some((h) => h === "16 – Quoracy"), {
    what: "the Leicester constitution to list section 16, Quoracy",
    describe: async () => JSON.stringify((await leicester.sectionHeadings()).slice(0, 20)),
  });

  const people = await leicester.openDirectory();
  const name = `Designated Nurse (test ${uniqueTag()})`;
  await people.add({ name: " ", jobTitle: "Designated Nurse" });
  await waitFor(async () => (await page.locator(".govuk-error-summary").innerText()).includes("Enter the person's full name"), {
    what: "the error summary to ask for the person's name",
  });
  assert.equal(await people.form.getByLabel("Job title", { exact: true }).inputValue(), "Designated Nurse", "what was typed is kept");
  await people.add({ name, jobTitle: "Designated Nurse", email: "nurse@example.org" });
  await people.waitForPerson(name);

  await page.goBack();
  await leicester.waitForLoaded();
  const board = await leicester.openGroup(BOARD);
  await board.waitForSeats(20);
  let editor = await board.editSeat(SEAT);
  await editor.getByLabel("Holder", { exact: true }).selectOption({ label: `${name} (Designated Nurse)` });
  await editor.getByLabel("Tenure starts", { exact: true }).fill("2026-01-01");
  await editor.getByLabel("Tenure ends", { exact: true }).fill("2025-01-01");
  await editor.getByLabel("DBS check date", { exact: true }).fill("2020-01-01");
  await editor.getByTestId("save-seat").click();
  await waitFor(async () => (await page.locator(".govuk-error-summary").innerText()).includes("Tenure end must be after its start"), {
    what: "the error summary to name the tenure end problem",
  });
  assert.equal(await editor.getByLabel("DBS check date", { exact: true }).inputValue(), "2020-01-01", "what was typed is kept");
  await editor.getByLabel("Tenure ends", { exact: true }).fill("2028-01-01");
  await editor.getByTestId("save-seat").click();
  await waitFor(async () => {
    const s = await board.seatSummary(SEAT);
    return s.holder.includes(name) && s.badges.some((b) => b.includes("DBS check out of date")) && s.badges.some((b) => b.includes("Partner agency agreement not signed"));
  }, {
    what: `the ${SEAT} seat to name its holder and show the DBS and agreement badges in words`,
    describe: async () => JSON.stringify(await board.seatSummary(SEAT)),
  });

  // Name this version, then change the group; the earlier version still reads as it was.
  const history = board.page.getByTestId("group-timeline");
  await history.locator("summary", { hasText: "Name this version" }).click();
  await history.getByLabel("Version, for example 7.7", { exact: true }).fill("7.8");
  await history.getByLabel("Note, for example CBC review", { exact: true }).fill("Appointed the nurse");
  await history.getByTestId("name-version").click();
  await waitFor(async () => (await page.getByTestId("revision-row").allInnerTexts()).some((r) => r.includes("7.8") && r.includes("Appointed the nurse")), {
    what: "the revision table to list version 7.8",
  });
  const original = await board.text(board.purpose);
  await board.setPurpose(`${original} Changed after 7.8.`);
  await board.waitForPurpose(`${original} Changed after 7.8.`);
  await page.getByTestId("revision-row").filter({ hasText: "7.8" }).getByRole("link").click();
  await page.getByTestId("read-only-version").waitFor();
  assert.equal((await page.getByTestId("group-purpose").innerText()).trim(), original);
  assert.equal(await page.locator("#group-purpose-field").count(), 0, "the earlier version has no edit form");
  await page.getByTestId("back-to-current").click();
  await board.waitForPurpose(`${original} Changed after 7.8.`);

  // Erase the person: the seat keeps its reference and says so.
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Leicester Safeguarding Children Board" }).click();
  await leicester.waitForLoaded();
  const again = await leicester.openDirectory();
  await again.waitForPerson(name);
  await again.erase(name);
  await again.waitForPerson("Person erased");
  await page.goBack();
  await leicester.waitForLoaded();
  const boardAgain = await leicester.openGroup(BOARD);
  await waitFor(async () => (await boardAgain.seatSummary(SEAT)).holder.includes("Person erased"), {
    what: "the seat to read Person erased",
    describe: async () => JSON.stringify(await boardAgain.seatSummary(SEAT)),
  });
});
