// Meetings (issue 12): the Leicester admin opens the Board's meetings and a held meeting (its
// quorum panel and a decision), records attendance so the quorum panel flips from quorate to
// not quorate and back, adds a meeting through a form with a GOV.UK error summary, and
// axe-core finds no serious or critical violations on the meetings pages at 360 and 1024 px.
// With QUORUM_SCREENSHOTS=1 it saves the pages to docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const BOARD = "Leicester Safeguarding Children Board (Board)";

async function axeProblems(page, label) {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
}

async function openBoardMeetings(h, label) {
  const server = await h.startServer();
  const { page } = await h.newSession(label, server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const board = await leicester.openGroup(BOARD);
  await board.waitForSeats(20);
  await page.getByTestId("group-meetings-link").click();
  await page.waitForURL((url) => url.pathname.endsWith("/meetings"));
  return { page, meetings: await new MeetingsPage(page).waitForLoaded() };
}

/** The first held meeting (latest first) that is quorate and recorded a decision. */
async function quorateMeetingWithDecision(page, meetings) {
  const meeting = new MeetingPage(page);
  for (const href of await meetings.pastHrefs("Held")) {
    await meeting.goto(href);
    if ((await meeting.quorate()) && (await meeting.decisions.count()) > 0) return { href, meeting };
  }
  throw new Error("no held, quorate meeting with a decision in the demo");
}

scenario("a held meeting shows its quorum and decisions; attendance flips the quorum panel", async (h) => {
  const { page, meetings } = await openBoardMeetings(h, "meetings");
  const { meeting } = await quorateMeetingWithDecision(page, meetings);
  assert.match(await meeting.title.innerText(), /^Meeting on \d{1,2} \w+ \d{4}$/);
  assert.match(await meeting.quorum.innerText(), /Quorate: \d+ of \d+ voting members present/);
  const decision = meeting.decisions.first();
  assert.match(await decision.innerText(), /Carried|Not carried/);
  assert.match(await decision.innerText(), /\d+ entitled to vote/);
  assert.ok((await page.getByTestId("agenda-item").count()) >= 4, "the agenda lists its items");
  assert.match(await page.getByTestId("agenda-item").first().innerText(), /Apologies and substitutes/);

  const seats = await meeting.markEverySeat("Apologies");
  assert.equal(seats, await meeting.attendanceRows.count(), "one radio group per seat");
  await meeting.waitForQuorate(false);
  assert.match(await meeting.quorum.innerText(), /Not quorate: 0 of \d+ voting members present/);
  assert.match(await meeting.quorum.innerText(), /missing: .*Leicester/, "the missing required organisations are named");
  assert.equal(await meeting.attendanceRows.filter({ hasText: "Apologies" }).count(), seats);

  await meeting.markEverySeat("Present");
  await meeting.waitForQuorate(true);
  assert.match(await meeting.quorum.innerText(), /^Quorate/);
  // The marks were saved to the document: a reload shows them.
  await page.reload();
  await meeting.waitForLoaded();
  await meeting.waitForQuorate(true);
  assert.equal(await meeting.attendanceRows.filter({ hasText: "Present" }).count(), seats);
});

scenario("adding a meeting checks the form, then lists and opens the new meeting", async (h) => {
  const { page, meetings } = await openBoardMeetings(h, "add-meeting");
  const before = await meetings.upcoming.getByTestId("meeting-row").count();
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await page.getByTestId("save-meeting").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the date of the meeting/);
  assert.match(await summary.innerText(), /Enter the start time/);
  assert.match(await page.title(), /^Error: /);
  await summary.getByRole("link", { name: "Enter the start time" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "meeting-start");

  await form.getByLabel("Day").fill("30");
  await form.getByLabel("Month").fill("2");
  await form.getByLabel("Year").fill("2030");
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("09:00");
  await page.getByTestId("save-meeting").click();
  await waitForText(summary, /must be a real date/);
  assert.match(await summary.innerText(), /The end time must be after the start time/);

  await form.getByLabel("Day").fill("14");
  await form.getByLabel("Month").fill("3");
  await form.getByLabel("End time").fill("12:30");
  await form.getByLabel("Venue (optional)").fill("City Hall, Committee Room 2");
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  const meeting = await new MeetingPage(page).waitForLoaded();
  assert.equal(await meeting.title.innerText(), "Meeting on 14 March 2030");
  const summaryList = await page.getByTestId("meeting-summary").innerText();
  assert.match(summaryList, /10:00 to 12:30/);
  assert.match(summaryList, /City Hall, Committee Room 2/);
  assert.match(summaryList, /Scheduled/);
  assert.match(await page.getByTestId("agenda-item").first().innerText(), /Apologies and substitutes/, "the agenda starts from the standing items");
  await page.getByTestId("back-to-meetings").click();
  await meetings.waitForLoaded();
  await waitForCount(meetings.upcoming.getByTestId("meeting-row"), before + 1);
  assert.match(await meetings.upcoming.innerText(), /14 March 2030/);
});

scenario("meetings pages pass axe-core at 360 and 1024 px", async (h) => {
  const { page, meetings } = await openBoardMeetings(h, "meetings-a11y");
  const listPath = new URL(page.url()).pathname;
  const { href } = await quorateMeetingWithDecision(page, meetings);
  const problems = [];
  const shoot = process.env.QUORUM_SCREENSHOTS === "1";
  for (const width of [360, 1024, ...(shoot ? [1280] : [])]) {
    await page.setViewportSize({ width, height: 900 });
    const pages = [
      ["meetings", listPath, () => new MeetingsPage(page).waitForLoaded()],
      ["meeting", href, () => new MeetingPage(page).waitForLoaded()],
      ["meeting-attendance", `${href}/attendance`, () => page.getByTestId("attendance-form").waitFor()],
      ["meeting-new", `${listPath}/new`, () => page.getByTestId("new-meeting-form").waitFor()],
    ];
    for (const [name, path, loaded] of pages) {
      await page.goto(path);
      await loaded();
      if (width !== 1280) problems.push(...(await axeProblems(page, `${width}px ${name}`)));
      if (shoot && (width === 360 || width === 1280)) {
        await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
      }
    }
  }
  assert.deepEqual(problems, []);
});

async function waitForText(locator, re) {
  for (let i = 0; i < 50; i++) {
    if (re.test(await locator.innerText())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(await locator.innerText(), re);
}

async function waitForCount(locator, n) {
  for (let i = 0; i < 100; i++) {
    if ((await locator.count()) === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(await locator.count(), n);
}
