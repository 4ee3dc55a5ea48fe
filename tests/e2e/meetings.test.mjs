// Meetings (issue 12): the Leicester admin opens the Board's meetings and a held meeting (its
// quorum panel and a decision), records attendance so the quorum panel flips from quorate to
// not quorate and back, adds a meeting through a form with a GOV.UK error summary, and
// axe-core finds no serious or critical violations on the meetings pages at 360 and 1024 px.
// The Board's calendar link, made on the calendar links page from the meetings page's link and
// fetched without a session, is parsed by ical.js: an event per
// meeting, times in Europe/London (BST and GMT), UIDs that stay the same across edits and
// match the single meeting's download, and a cancelled meeting kept as STATUS:CANCELLED;
// turned off on that page, the link answers 404.
// With QUORUM_SCREENSHOTS=1 it saves the pages to docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { axeViolations } from "./helpers/axe.mjs";
import ICAL from "ical.js";
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";

const scenario = e2eSuite();

async function axeProblems(page, label) {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
}

async function openBoardMeetings(h, label) {
  const server = await h.startServer();
  const { page } = await h.newSession(label, server);
  return { page, meetings: await MeetingsPage.open(page) };
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
  // The demo meeting's papers (made from the demo's own data) download for a reader of it.
  const csv = page.getByTestId("paper").filter({ hasText: "Section 11 audit" }).first();
  await csv.waitFor();
  const paper = await page.request.get(await csv.locator("a").getAttribute("href"));
  assert.equal(paper.status(), 200);
  assert.match(await paper.text(), /^Organisation,Sector,Statutory partner\r\n.+,(Yes|No)\r\n/);

  const seats = await meeting.markEverySeat("Apologies");
  assert.equal(seats, await meeting.attendanceRows.count(), "one radio group per seat");
  await meeting.waitForQuorate(false);
  assert.match(await meeting.quorum.innerText(), /Not quorate: 0 of \d+ voting members present/);
  assert.match(await meeting.quorum.innerText(), /; Leicester City Council is not present/, "the missing required organisations are named");
  assert.equal(await meeting.attendanceRows.filter({ hasText: "Apologies" }).count(), seats);

  await meeting.markEverySeat("Present");
  await meeting.waitForQuorate(true);
  assert.match(await meeting.quorum.innerText(), /^Quorate/);
  assert.match(await meeting.quorum.innerText(), /including Leicester City Council, Leicestershire Police and Leicester City Clinical Commissioning Group/,
    "the required organisations present are named");
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
  assert.match(summaryList, /Agenda and papers sent out by\s+The terms of reference set no date/, "the Board's terms set no circulation date");
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

/** The events of an iCalendar text, parsed by ical.js, with its time zones registered. */
function parseCalendar(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = new Map();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    events.set(event.uid, {
      summary: event.summary,
      start: event.startDate,
      end: event.endDate,
      status: vevent.getFirstPropertyValue("status"),
      tzid: vevent.getFirstProperty("dtstart").getParameter("tzid"),
    });
  }
  return { name: calendar.getFirstPropertyValue("x-wr-calname"), events };
}

async function addMeetingOn(page, [day, month, year], [start, end]) {
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill(day);
  await form.getByLabel("Month").fill(month);
  await form.getByLabel("Year").fill(year);
  await form.getByLabel("Start time").fill(start);
  await form.getByLabel("End time").fill(end);
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  const meeting = await new MeetingPage(page).waitForLoaded();
  return { id: new URL(page.url()).pathname.split("/")[2], meeting };
}

scenario("the Board's feed parses as iCalendar: an event per meeting, London times, stable UIDs, cancelled meetings marked", async (h) => {
  const { page } = await openBoardMeetings(h, "ics-feed");
  const listPath = new URL(page.url()).pathname;
  const origin = new URL(page.url()).origin;
  // A summer (BST) and a winter (GMT) meeting, both at 10:00 London time.
  const summer = await addMeetingOn(page, ["15", "7", "2031"], ["10:00", "12:30"]);
  await page.goto(listPath);
  const list = await new MeetingsPage(page).waitForLoaded();
  const winter = await addMeetingOn(page, ["13", "1", "2032"], ["10:00", "11:15"]);
  const winterIcs = decodeURIComponent((await page.getByTestId("meeting-ics").getAttribute("href")).replace(/^data:text\/calendar;charset=utf-8,/, ""));
  await page.goto(listPath);
  await list.waitForLoaded();
  const ids = await page.locator("[data-testid=meeting-row] a[href^='/meetings/']").evaluateAll((as) => as.map((a) => a.getAttribute("href").split("/")[2]));
  assert.ok(ids.includes(summer.id) && ids.includes(winter.id), "both new meetings are listed");
  // The link is made from the meetings page, as a person would: shown once, listed after.
  await page.getByTestId("calendar-link").click();
  await page.waitForURL((url) => url.pathname === "/calendar-links");
  await page.getByTestId("no-calendar-links").waitFor();
  const make = page.getByTestId("make-group-link");
  await waitFor(async () => (await make.innerText()).includes("Leicester Safeguarding Children Board"), { what: "the button naming the group" });
  await make.click();
  const feedUrl = await waitFor(async () => (await page.getByTestId("new-link-url").inputValue().catch(() => "")) || undefined, { what: "the new calendar link" });
  assert.match(feedUrl, new RegExp(`^${origin}/feeds/[^/]+\\.ics$`));
  // "Copy link" puts it on the clipboard, and says so once the browser has.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await page.getByTestId("copy-link").click();
  await page.getByText("Link copied", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), feedUrl);
  const rows = page.getByTestId("calendar-link-row");
  await waitFor(async () => (await rows.count()) === 1, { what: "the link in the list" });
  assert.match(await rows.first().innerText(), /Meetings of Leicester Safeguarding Children Board/);
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 800 });
    assert.deepEqual(await axeProblems(page, `${width} px calendar links`), []);
  }
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: `docs/screenshots/calendar-links-${width}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Fetched without a session, as a calendar app would; parsed by ical.js.
  const fetchFeed = async () => {
    const res = await fetch(feedUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/calendar/);
    return parseCalendar(await res.text());
  };
  // Wait until the server has both new meetings (they reach it through sync).
  let feed;
  await waitFor(async () => {
    feed = await fetchFeed();
    return feed.events.has(`${summer.id}@quorum`) && feed.events.has(`${winter.id}@quorum`);
  }, { what: "the new meetings in the feed", timeout: 30_000 });
  assert.match(feed.name, /Leicester Safeguarding Children Board/);
  assert.deepEqual([...feed.events.keys()].sort(), ids.map((id) => `${id}@quorum`).sort(), "one event per meeting, its UID the meeting's id");
  const s = feed.events.get(`${summer.id}@quorum`);
  assert.equal(s.tzid, "Europe/London");
  assert.equal(s.start.zone.tzid, "Europe/London");
  assert.equal(s.start.toJSDate().toISOString(), "2031-07-15T09:00:00.000Z", "10:00 BST");
  assert.equal(s.end.toJSDate().toISOString(), "2031-07-15T11:30:00.000Z");
  assert.equal(s.status, "CONFIRMED");
  const w = feed.events.get(`${winter.id}@quorum`);
  assert.equal(w.start.toJSDate().toISOString(), "2032-01-13T10:00:00.000Z", "10:00 GMT");
  assert.equal(w.end.toJSDate().toISOString(), "2032-01-13T11:15:00.000Z");
  const statuses = new Map([...feed.events].map(([uid, e]) => [uid, e.status]));

  // The single meeting's download is the same event.
  const single = parseCalendar(winterIcs);
  assert.deepEqual([...single.events.keys()], [`${winter.id}@quorum`]);
  assert.equal(single.events.get(`${winter.id}@quorum`).start.toJSDate().toISOString(), "2032-01-13T10:00:00.000Z");

  // Cancelled: the event stays, with the same UID, marked so calendars drop it.
  await page.goto(`/meetings/${summer.id}/edit`);
  const details = page.getByTestId("meeting-details-form");
  await details.waitFor();
  await details.getByLabel("Cancelled", { exact: true }).check();
  await page.getByTestId("save-details").click();
  await page.waitForURL((url) => url.pathname === `/meetings/${summer.id}`);
  await waitFor(async () => {
    feed = await fetchFeed();
    return feed.events.get(`${summer.id}@quorum`)?.status === "CANCELLED";
  }, { what: "the cancellation in the feed", timeout: 30_000 });
  assert.deepEqual([...feed.events.keys()].sort(), ids.map((id) => `${id}@quorum`).sort(), "UIDs are stable across edits");
  assert.equal(feed.events.get(`${summer.id}@quorum`).start.toJSDate().toISOString(), "2031-07-15T09:00:00.000Z");
  for (const [uid, status] of statuses) {
    if (uid !== `${summer.id}@quorum`) assert.equal(feed.events.get(uid).status, status, `${uid} unchanged`);
  }

  // Turned off on the calendar links page: the URL stops working at once.
  await page.goto("/calendar-links");
  await page.getByTestId("turn-off-link").click();
  await page.getByTestId("no-calendar-links").waitFor();
  assert.match(await page.getByTestId("calendar-links-message").innerText(), /turned off/);
  assert.equal((await fetch(feedUrl)).status, 404, "a turned-off link no longer answers");
});
