// The partnership's action tracker and "Plan the year" (issue 12). The Leicester admin adds two
// actions on a new Board meeting (one overdue, one whose text a spreadsheet would run as a
// formula), follows "N overdue actions" from the partnership's home to the tracker filtered to
// overdue actions, filters by owner with the filter form (kept in the address across a
// reload), and downloads the CSV, built in the browser; then plans the Board's year: the
// proposed dates are checked with an error summary, one is changed and one left out, and the
// meetings created are on the meetings list, and still there after a reload.
// axe-core at 360 and 1024 px on both pages. With QUORUM_SCREENSHOTS=1 it saves both pages at
// 1280 and 360 px into docs/screenshots/.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { BOARD, LEICESTER, MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();

async function openLeicester(h, label) {
  const server = await h.startServer();
  const { page } = await h.newSession(label, server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);
  return { page, leicester, homePath: new URL(page.url()).pathname };
}

async function openBoardMeetings(page, leicester) {
  return MeetingsPage.fromPartnership(page, leicester);
}

async function addMeeting(page, day, month, year) {
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill(day);
  await form.getByLabel("Month").fill(month);
  await form.getByLabel("Year").fill(year);
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("12:00");
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  return new MeetingPage(page).waitForLoaded();
}

async function addAction(page, meeting, { description, owner, day, month, year }) {
  const meetingPath = new URL(page.url()).pathname;
  await page.getByTestId("agenda-item").first().getByTestId("add-action").click();
  const form = page.getByTestId("action-form");
  await form.waitFor();
  await form.getByLabel("What is the action?").fill(description);
  await form.getByLabel("Owner").fill(owner);
  await form.getByLabel("Day").fill(day);
  await form.getByLabel("Month").fill(month);
  await form.getByLabel("Year").fill(year);
  await page.getByTestId("save-action").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  await page.getByTestId("action-row").filter({ hasText: description }).waitFor();
  return meeting;
}

async function trackerRows(page) {
  return page.getByTestId("tracker-row").allInnerTexts();
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

scenario("the action tracker lists every action overdue first, filters in the address and downloads a CSV", async (h) => {
  const tag = uniqueTag();
  const owner = `Tracker owner ${tag}`;
  const overdueText = `Send the audit findings to every agency ${tag}`;
  const formulaText = `=1+2 budget review ${tag}`;
  const { page, leicester, homePath } = await openLeicester(h, "action-tracker");
  await openBoardMeetings(page, leicester);
  const meeting = await addMeeting(page, "12", "1", "2031");
  await addAction(page, meeting, { description: overdueText, owner, day: "1", month: "2", year: "2026" });
  await addAction(page, meeting, { description: formulaText, owner, day: "3", month: "3", year: "2031" });

  // The partnership's home counts the overdue actions and links to them.
  await page.goto(homePath);
  const link = page.getByTestId("overdue-actions-link");
  await link.waitFor();
  await waitFor(async () => /^[1-9]\d* overdue actions?$/.test(await link.innerText()), { what: "the overdue actions count", describe: () => link.innerText() });
  await link.click();
  await page.waitForURL((url) => url.pathname.endsWith("/actions") && url.searchParams.get("show") === "overdue");
  const trackerPath = new URL(page.url()).pathname;
  await page.getByRole("heading", { level: 1, name: "Action tracker" }).waitFor();
  await waitFor(async () => (await trackerRows(page)).some((t) => t.includes(overdueText)), { what: "the new overdue action in the tracker" });
  const overdueRows = page.getByTestId("tracker-row");
  const flags = await overdueRows.evaluateAll((rows) => rows.map((r) => r.dataset.overdue));
  assert.ok(flags.length > 0 && flags.every((f) => f === "true"), `only overdue actions: ${flags}`);
  assert.ok(!(await trackerRows(page)).some((t) => t.includes(formulaText)), "an action due in 2031 is not overdue");
  const row = overdueRows.filter({ hasText: overdueText });
  assert.match(await row.innerText(), new RegExp(`${owner}[\\s\\S]*1 February 2026[\\s\\S]*Open[\\s\\S]*Overdue[\\s\\S]*Meeting on 12 January 2031[\\s\\S]*${BOARD.replace(/[()]/g, "\\$&")}`));
  assert.equal(await page.getByRole("radio", { name: "Overdue actions" }).isChecked(), true, "the form shows the address's filter");
  // The meeting and group it came from are links.
  assert.match(await row.getByRole("link", { name: "Meeting on 12 January 2031" }).getAttribute("href"), /^\/meetings\//);
  assert.match(await row.getByRole("link", { name: BOARD }).getAttribute("href"), /^\/groups\//);

  // The filter form: every action of one owner, in the address.
  await page.getByRole("radio", { name: "All actions" }).check();
  await page.getByLabel("Owner").fill(tag);
  await page.getByLabel("Group").selectOption({ label: BOARD });
  await page.getByTestId("apply-filters").click();
  await page.waitForURL((url) => url.searchParams.get("owner") === tag && !url.searchParams.has("show") && url.searchParams.has("group"));
  await waitFor(async () => (await trackerRows(page)).length === 2, { what: "the owner's two actions", describe: () => trackerRows(page) });
  let texts = await trackerRows(page);
  assert.ok(texts[0].includes(overdueText) && texts[1].includes(formulaText), `overdue first: ${texts}`);
  assert.match(await page.getByTestId("tracker-count").innerText(), /^Showing 2 of \d+ actions$/);

  // A filtered view can be linked: a reload (or the link) shows the same.
  const filtered = page.url();
  await page.reload();
  await waitFor(async () => (await trackerRows(page)).length === 2, { what: "the filtered view after a reload", describe: () => trackerRows(page) });
  assert.equal(await page.getByLabel("Owner").inputValue(), tag);
  assert.equal(page.url(), filtered);

  // "Download as CSV": built in the browser from the rows shown; formulas neutralised.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
  assert.match(download.suggestedFilename(), /^actions-leicester-safeguarding-children-board-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "Group,Meeting,Action,Owner,Due,Status,Overdue,Case review,Recommendation");
  assert.equal(lines[1], `${BOARD},2031-01-12,${overdueText},${owner},2026-02-01,Open,Yes,,`);
  assert.equal(lines[2], `${BOARD},2031-01-12,'${formulaText},${owner},2031-03-03,Open,No,,`);
  assert.equal(lines.filter(Boolean).length, 3, "only the rows shown");
  // The file is built when the link is used, so "Save link as…" (the context menu) gets it too.
  const csvLink = page.getByTestId("download-csv");
  const used = await csvLink.getAttribute("href");
  await csvLink.dispatchEvent("contextmenu");
  const prepared = await csvLink.getAttribute("href");
  assert.match(prepared, /^blob:/, "the context menu prepares the file");
  assert.notEqual(prepared, used, "a fresh file, the last one released");

  // "Clear filters" shows every action again.
  await page.getByTestId("clear-filters").click();
  await page.waitForURL((url) => url.pathname === trackerPath && url.search === "");
  await waitFor(async () => (await trackerRows(page)).length > 2, { what: "every action" });

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${trackerPath}?show=open`);
      await page.getByTestId("tracker-table").waitFor();
      await page.screenshot({ path: `docs/screenshots/action-tracker-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  assert.deepEqual(await axeProblems(page, [
    ["tracker", trackerPath, "tracker-table"],
    ["tracker, overdue", `${trackerPath}?show=overdue`, "tracker-table"],
    ["home", homePath, "overdue-actions-link"],
  ]), []);
});

scenario("the business office plans the Board's year and the meetings are on its list after a reload", async (h) => {
  const { page, leicester } = await openLeicester(h, "plan-the-year");
  const meetings = await openBoardMeetings(page, leicester);
  const listPath = new URL(page.url()).pathname;
  const upcomingBefore = await page.getByTestId("upcoming-meetings").getByTestId("meeting-row").count();

  await page.getByTestId("plan-year").click();
  await page.waitForURL((url) => url.pathname.endsWith("/meetings/plan"));
  const form = page.getByTestId("plan-form");
  await form.waitFor();
  const planPath = new URL(page.url()).pathname;
  // The Board meets at least four times a year: four proposals, each on a working day.
  const rows = page.getByTestId("plan-row");
  assert.equal(await rows.count(), 4);
  for (let i = 1; i <= 4; i++) {
    assert.match(await page.locator(`#plan-date-${i}-hint`).innerText(), /^Proposed: (Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ \d{4}$/);
  }
  // The times of the Board's latest meeting are offered for every meeting.
  await waitFor(async () => (await page.getByLabel("Start time").inputValue()) === "10:00", { what: "the start time of the last meeting" });
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/plan-year-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  const proposed = [];
  for (let i = 1; i <= 4; i++) proposed.push(await page.getByLabel(`Date of meeting ${i}`).inputValue());
  assert.deepEqual([...proposed].sort(), proposed, "soonest first");

  // An empty date and a clash are refused with an error summary linking to the field.
  await page.getByLabel("Date of meeting 2").fill("");
  await page.getByLabel("Date of meeting 3").fill(proposed[0]);
  await page.getByTestId("save-plan").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the date of meeting 2/);
  assert.match(await summary.innerText(), /Meeting 3 is on the same day as meeting 1/);
  assert.match(await page.title(), /^Error: /);
  await summary.getByRole("link", { name: "Enter the date of meeting 2" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "plan-date-2");

  // Meeting 2 moves to a Wednesday in its month, meeting 3 is left out.
  const [y, m] = proposed[1].split("-").map(Number);
  let moved = new Date(Date.UTC(y, m - 1, 1));
  while (moved.getUTCDay() !== 3) moved = new Date(moved.getTime() + 86_400_000);
  const movedIso = moved.toISOString().slice(0, 10);
  await page.getByLabel("Date of meeting 2").fill(movedIso);
  await page.getByLabel("Date of meeting 3").fill(proposed[2]);
  await page.getByLabel("Add meeting 3").uncheck();
  assert.equal(await page.getByTestId("save-plan").innerText(), "Add 3 meetings");

  await page.getByTestId("save-plan").click();
  await page.waitForURL((url) => url.pathname === listPath);
  assert.match(await page.getByTestId("meetings-saved").innerText(), /3 meetings added/);
  const wanted = [proposed[0], movedIso, proposed[3]];
  const longDate = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const upcoming = page.getByTestId("upcoming-meetings");
  const listed = async () => (await upcoming.getByTestId("meeting-row").allInnerTexts()).join("\n");
  for (const iso of wanted) await waitFor(async () => (await listed()).includes(longDate(iso)), { what: `the meeting on ${iso}`, describe: listed });
  assert.ok(!(await listed()).includes(longDate(proposed[2])), "the unticked meeting is not created");

  // Still there after a reload; each is a meeting with the standing agenda.
  await page.reload();
  await meetings.waitForLoaded();
  for (const iso of wanted) await waitFor(async () => (await listed()).includes(longDate(iso)), { what: `the meeting on ${iso} after a reload`, describe: listed });
  assert.equal(await upcoming.getByTestId("meeting-row").count(), upcomingBefore + 3);
  assert.match(await upcoming.getByTestId("meeting-row").filter({ hasText: longDate(movedIso) }).innerText(), /10:00 to 12:00/);
  await upcoming.getByRole("link", { name: longDate(movedIso) }).click();
  const meeting = await new MeetingPage(page).waitForLoaded();
  assert.ok((await meeting.agendaTitles()).length > 0, "the standing items are on the agenda");

  // Planning again proposes the year after the last planned meeting.
  await page.goto(planPath);
  await form.waitFor();
  assert.ok((await page.getByLabel("Date of meeting 1").inputValue()) > proposed[3], "the next year follows on");

  assert.deepEqual(await axeProblems(page, [["plan the year", planPath, "plan-form"], ["meetings", listPath, "upcoming-meetings"]]), []);
});
