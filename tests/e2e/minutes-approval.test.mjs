// Minutes approved at the next meeting (issue 12): the Leicester admin writes the draft minutes
// of a Board meeting; on the next meeting's "Minutes of the last meeting" item, "Approve the
// minutes of <date>" appears only once that meeting is quorate (attendance); the approval form
// has a GOV.UK error summary and records the chair's sign-off; the first meeting's minutes
// then say "Approved at the meeting of <date>", are read-only, and change only by a recorded
// amendment (its form checks itself too); all of it survives a reload. The print view holds the
// agenda pack (details, attendance, agenda with leads and papers) and the minutes with the
// decisions, opens offline, and prints without the navigation. axe at 360 and 1280 px.
// With QUORUM_SCREENSHOTS=1 it saves docs/screenshots/minutes-approval-{1280,360}.png (the
// approval form) and meeting-print-1280.png (the print view as printed).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const DRAFT = "# Escalation policy\n\nThe Board adopted the escalation policy, 7 votes to 3.";
const AMENDED = "# Escalation policy\n\nThe Board adopted the escalation policy, 7 votes to 2.";

async function addMeeting(page, day, month, year) {
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill(day);
  await form.getByLabel("Month").fill(month);
  await form.getByLabel("Year").fill(year);
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("12:30");
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  return new MeetingPage(page).waitForLoaded();
}

async function waitForText(locator, re) {
  await waitFor(async () => re.test(await locator.innerText()), { what: `text ${re}`, describe: () => locator.innerText() });
}

async function seriousAxe(page, name, problems) {
  for (const v of await axeViolations(page)) {
    if (v.impact === "serious" || v.impact === "critical") problems.push(`${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
  }
}

scenario("the next meeting approves the minutes while quorate; approved minutes are read-only and amended on the record; the pack prints", async (h) => {
  const server = await h.startServer();
  const { page, cutter } = await h.newSession("minutes-approval", server, { offlineSwitch: true });
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const partnershipPath = new URL(page.url()).pathname;
  const meetings = await MeetingsPage.fromPartnership(page, leicester);
  const listPath = new URL(page.url()).pathname;

  // Meeting 1: draft minutes.
  const meeting = await addMeeting(page, "14", "3", "2030");
  const firstPath = new URL(page.url()).pathname;
  await page.getByTestId("write-minutes").click();
  const editor = page.getByLabel("Minutes (Markdown)");
  await editor.waitFor();
  await editor.fill(DRAFT);
  await waitForText(page.getByTestId("minutes-preview"), /7 votes to 3/);
  await page.getByTestId("minutes-done").click();
  await meeting.waitForLoaded();
  assert.match(await page.getByTestId("minutes-status").innerText(), /^Draft/);
  await waitForText(page.getByTestId("minutes"), /7 votes to 3/);

  // Meeting 2: an item with a lead and a paper, for the pack.
  await page.goto(listPath);
  await meetings.waitForLoaded();
  await addMeeting(page, "11", "4", "2030");
  const secondPath = new URL(page.url()).pathname;
  await meeting.addItem({ title: "Annual report", lead: "Independent Chair", purpose: "For decision", minutes: 15 });
  await meeting.agendaItem("Annual report").getByTestId("add-paper").click();
  await page.getByTestId("paper-form").waitFor();
  await page.getByLabel("Upload a file").setInputFiles({ name: "Annual report 2029-30.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% Annual report\n%%EOF\n") });
  await page.getByTestId("save-paper").click();
  await page.waitForURL((url) => url.pathname === secondPath);
  await meeting.waitForLoaded();

  // Not quorate yet: the minutes item says so and offers no approval.
  const minutesItem = meeting.agendaItem("Minutes of the last meeting");
  await waitForText(minutesItem.getByTestId("minutes-offer"), /The draft minutes of 14 March 2030 can be approved once the meeting is quorate/);
  assert.equal(await minutesItem.getByTestId("approve-minutes").count(), 0);

  // Quorate: "Approve the minutes of 14 March 2030".
  await meeting.markEverySeat("Present");
  await meeting.waitForQuorate(true);
  const approve = minutesItem.getByTestId("approve-minutes");
  await approve.waitFor();
  assert.equal((await approve.innerText()).trim(), "Approve the minutes of 14 March 2030");
  await approve.click();
  const form = page.getByTestId("approve-form");
  await form.waitFor();
  assert.match(await page.locator("h1").innerText(), /Approve the minutes of 14 March 2030/);
  assert.match(await page.getByTestId("draft-to-approve").innerText(), /7 votes to 3/);
  const approvePath = new URL(page.url()).pathname;

  const problems = [];
  if (process.env.QUORUM_SCREENSHOTS === "1") await form.getByLabel("Chair signing the minutes off").fill("Independent Chair of the Board");
  for (const width of [1280, 1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await seriousAxe(page, `${width}px approve form`, problems);
    if (process.env.QUORUM_SCREENSHOTS === "1" && width !== 1024) await page.screenshot({ path: `docs/screenshots/minutes-approval-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The form checks itself: a GOV.UK error summary linking to the field.
  const chair = form.getByLabel("Chair signing the minutes off");
  await chair.fill("");
  await page.getByTestId("save-approval").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the name of the chair who signs the minutes off/);
  assert.match(await page.title(), /^Error: /);
  await summary.getByRole("link").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "approve-chair");

  for (const width of [1280, 1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await seriousAxe(page, `${width}px approve form with an error`, problems);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await chair.fill("Independent Chair of the Board");
  await page.getByTestId("save-approval").click();
  await page.waitForURL((url) => url.pathname === secondPath);
  assert.match(await meeting.saved(), /The minutes of 14 March 2030 are approved/);
  const approval = meeting.decisions.filter({ hasText: "approved as a true record" });
  assert.match(await approval.innerText(), /That the minutes of the meeting on 14 March 2030 are approved as a true record[\s\S]*Carried[\s\S]*signed by Independent Chair of the Board/);
  await waitForText(minutesItem.getByTestId("minutes-offer"), /The minutes of 14 March 2030: approved at the meeting of 11 April 2030/);
  assert.equal(await minutesItem.getByTestId("approve-minutes").count(), 0, "approved once");

  // A declaration of interest on meeting 2, for the register of interests.
  await meeting.agendaItem("Annual report").getByTestId("declare-interest").click();
  const declaration = page.getByTestId("declaration-form");
  await declaration.waitFor();
  const member = declaration.getByLabel("Member").locator("option", { hasText: "Leicestershire Police" }).first();
  await declaration.getByLabel("Member").selectOption(await member.getAttribute("value"));
  await declaration.getByLabel("The interest").fill("=Trustee of a charity named in the report");
  await declaration.getByLabel(/The chair excludes them/).check();
  await page.getByTestId("save-declaration").click();
  await page.waitForURL((url) => url.pathname === secondPath);

  // Meeting 1's minutes: approved, read-only, with "Record an amendment".
  await page.goto(firstPath);
  await meeting.waitForLoaded();
  await waitForText(page.getByTestId("minutes-status"), /^Approved at the meeting of 11 April 2030, signed by Independent Chair of the Board/);
  assert.equal(await page.getByTestId("write-minutes").count(), 0);
  await page.goto(`${firstPath}/minutes`);
  await page.getByTestId("minutes-read-only").waitFor();
  assert.equal(await page.getByLabel("Minutes (Markdown)").count(), 0, "no editor on approved minutes");
  assert.match(await page.getByTestId("minutes-preview").innerText(), /7 votes to 3/);

  // An amendment: the form checks itself, then it is recorded with its reason.
  await page.getByTestId("record-amendment").click();
  const amend = page.getByTestId("amend-form");
  await amend.waitFor();
  const amendPath = new URL(page.url()).pathname;
  await page.getByTestId("save-amendment").click();
  await summary.waitFor();
  assert.match(await summary.innerText(), /Change the minutes to record an amendment[\s\S]*Enter why the approved minutes are amended/);
  for (const width of [1280, 1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await seriousAxe(page, `${width}px amend form with errors`, problems);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await amend.getByLabel("The minutes as amended (Markdown)").fill(AMENDED);
  await amend.getByLabel("Why are the minutes amended?").fill("Agreed at the meeting of 9 May 2030: the vote was 7 to 2");
  await page.getByTestId("save-amendment").click();
  await page.waitForURL((url) => url.pathname === firstPath);
  assert.match(await meeting.saved(), /Amendment to the approved minutes recorded/);
  await waitForText(page.getByTestId("minutes"), /7 votes to 2/);
  assert.match(await page.getByTestId("amendment").innerText(), /Agreed at the meeting of 9 May 2030: the vote was 7 to 2 \(recorded by .+ on \d+ \w+ \d{4}\)/);

  // Everything is in the documents: a reload shows it.
  await page.reload();
  await meeting.waitForLoaded();
  await waitForText(page.getByTestId("minutes-status"), /Approved at the meeting of 11 April 2030/);
  await waitForText(page.getByTestId("minutes"), /7 votes to 2/);
  assert.equal(await page.getByTestId("amendment").count(), 1);
  assert.equal(await page.getByTestId("write-minutes").count(), 0);
  await page.goto(`${firstPath}/minutes`);
  await page.getByTestId("minutes-read-only").waitFor();
  assert.equal(await page.getByLabel("Minutes (Markdown)").count(), 0);

  // The print view, offline: built from the documents on this device.
  await page.goto(secondPath);
  await meeting.waitForLoaded();
  await cutter.goOffline();
  await page.getByTestId("print-link").click();
  const pack = page.getByTestId("meeting-print");
  await pack.waitFor();
  const printPath = new URL(page.url()).pathname;
  assert.equal(printPath, `${secondPath}/print`);
  assert.match(await page.getByTestId("print-details").innerText(), /11 April 2030[\s\S]*10:00 to 12:30/);
  assert.match(await page.getByTestId("print-attendance").innerText(), /Present[\s\S]*Leicestershire Police/);
  const agenda = await page.getByTestId("print-agenda").innerText();
  assert.match(agenda, /Apologies and substitutes[\s\S]*Minutes of the last meeting[\s\S]*Annual report\s+For decision · Lead: Independent Chair · 15 minutes[\s\S]*Annual report 2029-30\.pdf \(\d+ bytes\)/);
  assert.match(await page.getByTestId("print-decisions").innerText(), /That the minutes of the meeting on 14 March 2030 are approved as a true record[\s\S]*Carried/);
  assert.match(await page.getByTestId("print-minutes-status").innerText(), /Draft minutes: not yet approved/);
  await cutter.goOnline();
  for (const width of [1280, 1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await seriousAxe(page, `${width}px print view`, problems);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Printed: no navigation chrome, no buttons.
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".app-header", ".app-footer", ".govuk-breadcrumbs", "[data-testid=print-button]", "[data-testid=back-to-meeting]"]) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  assert.ok(await pack.isVisible());
  if (process.env.QUORUM_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/meeting-print-1280.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  assert.ok(await page.getByTestId("print-button").isVisible());

  // The first meeting's pack carries its approved, amended minutes.
  await page.goto(`${firstPath}/print`);
  await pack.waitFor();
  await waitForText(page.getByTestId("print-minutes-status"), /Approved at the meeting of 11 April 2030; signed by Independent Chair of the Board/);
  assert.match(await page.getByTestId("print-minutes").innerText(), /7 votes to 2/);

  // The register of interests lists the declaration, with a CSV that neutralises formulas.
  await page.goto(partnershipPath);
  await page.getByTestId("interests-link").click();
  const interest = page.getByTestId("interest-row").filter({ hasText: "Trustee of a charity" });
  await interest.waitFor();
  assert.match(await interest.innerText(), /Leicestershire Police[\s\S]*11 April 2030[\s\S]*Annual report[\s\S]*=Trustee of a charity named in the report[\s\S]*Excluded from the item/);
  const interestsPath = new URL(page.url()).pathname;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-interests-csv").click()]);
  assert.match(download.suggestedFilename(), /^interests-leicester-safeguarding-children-board-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
  assert.match(csv, /^Member,Group,Meeting,Item,Interest,Action taken\r\n/);
  assert.match(csv, /,2030-04-11,Annual report,'=Trustee of a charity named in the report,Excluded from the item \(no vote on it\)\r\n/);

  // Filters: by member (chosen by keyboard) and by group; the address keeps them; the CSV is
  // the rows shown; "Clear filters" shows the whole register again.
  const allRows = await page.getByTestId("interest-row").count();
  const memberSelect = page.getByLabel("Member", { exact: true });
  const police = await memberSelect.locator("option", { hasText: "Leicestershire Police" }).first().getAttribute("value");
  const options = await memberSelect.locator("option").evaluateAll((os) => os.map((o) => o.value));
  await memberSelect.focus();
  for (let i = 0; i < options.indexOf(police); i++) await page.keyboard.press("ArrowDown");
  assert.equal(await memberSelect.inputValue(), police, "chosen by keyboard");
  assert.equal(new URL(page.url()).search, "", "nothing applies until the form is submitted");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "apply-interests-filters");
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.searchParams.get("member") === police);
  await waitFor(async () => {
    const texts = await page.getByTestId("interest-row").allInnerTexts();
    return texts.length > 0 && texts.every((t) => t.includes(police));
  }, { what: "only the police member's declarations" });
  const shown = await page.getByTestId("interest-row").count();
  assert.match(await page.getByTestId("interests-count").innerText(), new RegExp(`^Showing ${shown} of ${allRows} declarations? of interest\\.$`));
  assert.match(await page.title(), /Register of interests \(filtered\)/);
  const groupSelect = page.getByLabel("Group", { exact: true });
  const boardValue = await groupSelect.locator("option", { hasText: "Leicester Safeguarding Children Board" }).first().getAttribute("value");
  await groupSelect.selectOption(boardValue);
  await page.getByTestId("apply-interests-filters").click();
  await page.waitForURL((url) => url.searchParams.get("group") === boardValue && url.searchParams.get("member") === police);
  assert.equal(await memberSelect.inputValue(), police, "the form shows what the address says");
  const [filteredDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-interests-csv").click()]);
  const filteredCsv = (await readFile(await filteredDownload.path(), "utf8")).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
  assert.equal(filteredCsv.length - 1, await page.getByTestId("interest-row").count(), "the CSV is the rows shown");
  await page.getByTestId("clear-interests-filters").click();
  await page.waitForURL((url) => url.search === "");
  await waitFor(async () => (await page.getByTestId("interest-row").count()) === allRows, { what: "the whole register again" });
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/interests-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  // axe on the meeting pages and the read-only minutes.
  for (const width of [360, 1024, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path, ready] of [
      ["approved meeting", firstPath, "quorum-panel"],
      ["approving meeting", secondPath, "quorum-panel"],
      ["read-only minutes", `${firstPath}/minutes`, "minutes-read-only"],
      ["amend form", amendPath, "amend-form"],
      ["approve page once approved", approvePath, "approve-state"],
      ["register of interests", interestsPath, "interests-table"],
    ]) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      await seriousAxe(page, `${width}px ${name}`, problems);
    }
  }
  assert.deepEqual(problems, []);
});
