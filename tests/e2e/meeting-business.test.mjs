// Meetings, the business office's side (issue 12): on a new Board meeting the Leicester admin
// builds the agenda (an item added through its form with a GOV.UK error summary, changed and
// moved), changes the meeting's details, records attendance and a declaration of interest
// that excludes the police from the item (so the Board is not quorate on it), records a vote
// under the Leicester rule (the rule's refusals show as form errors: inquorate until the chair
// records the fallback, then the majority must include the Independent Chair's consent), uploads
// a paper, adds an action from the item (overdue), writes the
// minutes in Markdown, and everything is still there after a reload; the open action is
// carried onto the next meeting, and marking it done clears its flag. Two note-takers write the
// minutes at once, one of them offline, and converge.
// With QUORUM_SCREENSHOTS=1 it saves the meeting page and the decision form at 1280 and 360 px
// into docs/screenshots/.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite, waitFor } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";

const scenario = e2eSuite();
const ITEM = "Escalation policy";

async function openBoardMeetings(h, label, server) {
  server ??= await h.startServer();
  const { page } = await h.newSession(label, server);
  return { page, meetings: await MeetingsPage.open(page) };
}

async function addMeeting(page, meetings, day, month, year) {
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

scenario("the business office builds the agenda, records a vote under the Leicester rule, an action and the minutes", async (h) => {
  const { page, meetings } = await openBoardMeetings(h, "meeting-business");
  const listPath = new URL(page.url()).pathname;
  const meeting = await addMeeting(page, meetings, "14", "3", "2030");
  const meetingPath = new URL(page.url()).pathname;
  // The quorum panel says "Quorate:" or "Not quorate:" once.
  assert.doesNotMatch(await meeting.quorum.innerText(), /quorate[\s\S]*quorate:/i);

  // Agenda: the form checks itself, then the item is added, changed and moved up.
  await page.getByTestId("add-item").click();
  await page.getByTestId("item-form").waitFor();
  await page.getByTestId("save-item").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the title of the item/);
  assert.match(await summary.innerText(), /Select whether the item is for decision/);
  assert.match(await page.title(), /^Error: /);
  await page.getByTestId("back-to-meeting").click();
  await meeting.waitForLoaded();
  const before = (await meeting.agendaTitles()).length;
  await meeting.addItem({ title: "Escalation", lead: "Head of Safeguarding", purpose: "For decision", minutes: 20 });
  assert.match(await meeting.saved(), /“Escalation” added to the agenda/);
  let titles = await meeting.agendaTitles();
  assert.equal(titles.length, before + 1);
  assert.equal(titles.at(-1), "Escalation");
  assert.match(await meeting.agendaItem("Escalation").innerText(), /For decision[\s\S]*Head of Safeguarding[\s\S]*20 minutes/);
  await meeting.agendaItem("Escalation").getByTestId("change-item").click();
  const itemForm = page.getByTestId("item-form");
  await itemForm.waitFor();
  assert.equal(await itemForm.getByLabel("Title", { exact: true }).inputValue(), "Escalation");
  await itemForm.getByLabel("Title", { exact: true }).fill(ITEM);
  await page.getByTestId("save-item").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  assert.match(await meeting.saved(), /“Escalation policy” changed/);
  await meeting.agendaItem(ITEM).getByTestId("move-up").click();
  await waitFor(async () => (await meeting.agendaTitles()).at(-2) === ITEM, { what: "the item to move up" });
  // The keyboard user keeps their place: focus is back on the moved item's button.
  await waitFor(async () => (await page.evaluate(() => document.activeElement?.id ?? "")).startsWith("move-up-"), { what: "focus on the moved item's button" });

  // Details: an online link and the status.
  await page.getByTestId("change-details").click();
  const details = page.getByTestId("meeting-details-form");
  await details.waitFor();
  await details.getByLabel("Online link (optional)").fill("https://meet.example.org/board");
  await page.getByTestId("save-details").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  assert.match(await meeting.saved(), /Meeting details saved/);
  assert.match(await page.getByTestId("meeting-summary").innerText(), /https:\/\/meet\.example\.org\/board/);

  // Attendance makes it quorate; then a vote under the Leicester rule.
  await meeting.markEverySeat("Present");
  await meeting.waitForQuorate(true);
  // A declaration of interest: the chair excludes the police representative from the item.
  await meeting.agendaItem(ITEM).getByTestId("declare-interest").click();
  const declaration = page.getByTestId("declaration-form");
  await declaration.waitFor();
  await declaration.getByLabel("Member").selectOption({ label: "Representative (Leicestershire Police): Vacant" }).catch(async () => {
    const option = declaration.getByLabel("Member").locator("option", { hasText: "Representative (Leicestershire Police)" });
    await declaration.getByLabel("Member").selectOption(await option.getAttribute("value"));
  });
  await declaration.getByLabel("The interest").fill("Investigating a linked case");
  await declaration.getByLabel(/The chair excludes them/).check();
  await page.getByTestId("save-declaration").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  assert.match(await meeting.saved(), /Declaration of interest recorded/);
  assert.match(await meeting.agendaItem(ITEM).getByTestId("declarations").innerText(), /Leicestershire Police\): Investigating a linked case Excluded from this item/);

  await meeting.agendaItem(ITEM).getByTestId("record-decision").click();
  const decision = page.getByTestId("decision-form");
  await decision.waitFor();
  assert.match(await page.getByTestId("decision-rule").innerText(), /chair's consent/);
  assert.match(await page.getByTestId("entitled").innerText(), /^\d+ entitled to vote now/);
  assert.ok((await page.getByTestId("entitled-list").locator("li").count()) > 0, "the seats entitled are listed");
  assert.equal(await page.getByTestId("entitled-list").locator("li", { hasText: "Leicestershire Police" }).count(), 0, "the excluded member has no vote on the item");
  await decision.getByLabel("What was proposed").fill("The Board adopts the escalation policy");
  await decision.getByLabel("By a vote", { exact: true }).check();
  await decision.getByLabel("For", { exact: true }).fill("7");
  await decision.getByLabel("Against", { exact: true }).fill("3");
  // Without the police, a required agency, the Board is not quorate on this item: the rule
  // refuses the decision until the chair records its fallback.
  assert.match(await page.getByTestId("entitled").innerText(), /not quorate on this item/);
  await page.getByTestId("save-decision").click();
  await summary.waitFor();
  assert.match(await summary.innerText(), /The meeting is not quorate: it cannot decide unless the chair records the rule's fallback/);
  await decision.getByLabel("The rule's fallback, as the chair records it").fill("To be ratified by Leicestershire Police");
  await page.getByTestId("save-decision").click();
  await waitForText(summary, /The majority must include the chair's consent/);
  await summary.getByRole("link").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "decision-consent");
  await decision.getByLabel("Yes", { exact: true }).check();
  await page.getByTestId("save-decision").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  assert.match(await meeting.saved(), /Decision recorded/);
  const recorded = meeting.decisions.filter({ hasText: "escalation policy" });
  assert.match(await recorded.innerText(), /Carried[\s\S]*By majority, 7 to 3/);
  assert.match(await recorded.innerText(), /\d+ entitled to vote\. To be ratified: To be ratified by Leicestershire Police/);
  assert.match(await meeting.agendaItem(ITEM).innerText(), /Decided/);

  // A named vote on the first item: how each member voted, tied 2 to 2, carried on the chair's
  // casting vote; the minutes name who voted which way.
  const first = page.getByTestId("agenda-item").first();
  const firstTitle = (await first.locator("h3").innerText()).replace(/^\d+\.\s*/, "");
  await first.getByTestId("record-decision").click();
  await decision.waitFor();
  await decision.getByLabel("What was proposed").fill("The Board notes the apologies and substitutes");
  await decision.getByLabel("By a named vote (record how each member voted)").check();
  const voters = page.getByTestId("named-vote");
  await voters.first().waitFor();
  assert.ok((await voters.count()) >= 4, "every member entitled has a row");
  await page.getByTestId("save-decision").click();
  await waitForText(summary, /Select how at least one member voted/);
  const votedFor = [];
  for (const [i, how] of [[0, "For"], [1, "For"], [2, "Against"], [3, "Against"]]) {
    await voters.nth(i).getByLabel(how, { exact: true }).check();
    if (how === "For") votedFor.push((await voters.nth(i).locator("p").innerText()).trim());
  }
  assert.equal(await page.getByTestId("named-tally").innerText(), "For 2, against 2, abstained 0");
  await decision.getByLabel("Yes", { exact: true }).check();
  await page.getByTestId("save-decision").click();
  await waitForText(summary, /Tied: the casting vote falls to the Independent Chair/);
  await decision.getByLabel("Cast for", { exact: true }).check();
  await page.getByTestId("save-decision").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  const named = meeting.decisions.filter({ hasText: "apologies and substitutes" });
  assert.match(await named.innerText(), /Carried[\s\S]*Tied 2 to 2, carried on the Independent Chair[\s\S]*casting vote/);
  const lines = await named.getByTestId("named-votes").locator("li").allInnerTexts();
  assert.equal(lines.length, 2, "for and against; nobody abstained");
  assert.ok(lines[0].startsWith("For (2): ") && votedFor.every((v) => lines[0].includes(v)), lines[0]);
  assert.ok(lines[1].startsWith("Against (2): "), lines[1]);
  assert.match(await meeting.agendaItem(firstTitle).innerText(), /Decided/);

  // An action from the item's decision, already overdue.
  await meeting.agendaItem(ITEM).getByTestId("add-action").click();
  const action = page.getByTestId("action-form");
  await action.waitFor();
  await action.getByLabel("Arising from a decision (optional)").selectOption({ label: "The Board adopts the escalation policy" });
  await action.getByLabel("What is the action?").fill("Circulate the escalation policy to every agency");
  await action.getByLabel("Owner").fill("Business office");
  await action.getByLabel("Day").fill("1");
  await action.getByLabel("Month").fill("2");
  await action.getByLabel("Year").fill("2026");
  await page.getByTestId("save-action").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  const row = page.getByTestId("action-row").filter({ hasText: "Circulate the escalation policy" });
  await row.waitFor();
  assert.match(await row.innerText(), /Business office[\s\S]*1 February 2026[\s\S]*Open[\s\S]*Overdue/);
  assert.equal((await row.getByTestId("action-decision").innerText()).trim(), "Arising from the decision: The Board adopts the escalation policy");

  // A paper on the item: uploaded, listed with a download link that gives the file back.
  await meeting.agendaItem(ITEM).getByTestId("add-paper").click();
  await page.getByTestId("paper-form").waitFor();
  await page.getByTestId("save-paper").click();
  await summary.waitFor();
  assert.match(await summary.innerText(), /Select a file/);
  const pdf = "%PDF-1.4\n% Escalation policy\n%%EOF\n";
  await page.getByLabel("Upload a file").setInputFiles({ name: "Escalation policy.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByTestId("save-paper").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  assert.match(await meeting.saved(), /“Escalation policy.pdf” added/);
  const paper = meeting.agendaItem(ITEM).getByTestId("paper");
  assert.match(await paper.innerText(), /Escalation policy\.pdf \(\d+ bytes\)/);
  assert.equal(await paper.getByTestId("late").count(), 0, "in well before the deadline");
  const paperHref = await paper.getByRole("link").getAttribute("href");
  assert.equal(await page.evaluate((href) => fetch(href).then((r) => r.text()), paperHref), pdf);

  // A single meeting's .ics download.
  const ics = decodeURIComponent((await page.getByTestId("meeting-ics").getAttribute("href")).replace(/^data:text\/calendar;charset=utf-8,/, ""));
  assert.match(ics, /BEGIN:VEVENT[\s\S]*DTSTART;TZID=Europe\/London:20300314T100000[\s\S]*END:VEVENT/);

  // Minutes, in Markdown.
  await page.getByTestId("write-minutes").click();
  const minutes = page.getByLabel("Minutes (Markdown)");
  await minutes.waitFor();
  // Empty minutes can start from the agenda: a heading per item.
  await page.getByTestId("minutes-from-agenda").click();
  await waitFor(async () => (await minutes.inputValue()).startsWith("# 1. Apologies"), { what: "the agenda's outline", describe: () => minutes.inputValue() });
  assert.match(await minutes.inputValue(), new RegExp(`# \\d+\\. ${ITEM}\n`));
  await waitFor(async () => (await page.getByTestId("minutes-from-agenda").count()) === 0, { what: "the button gone once the minutes have words" });
  await minutes.fill("# Escalation policy\n\nThe Board **adopted** the policy.\n\n- Business office to circulate it");
  await waitForText(page.getByTestId("minutes-preview"), /The Board adopted the policy/);
  await page.getByTestId("minutes-done").click();
  await meeting.waitForLoaded();
  await waitForText(page.getByTestId("minutes"), /The Board adopted the policy/);
  assert.equal(await page.getByTestId("minutes").locator("h3").innerText(), "Escalation policy");
  // The heading names the item: its decision and action are shown with its minutes.
  const record = await page.getByTestId("minutes").getByTestId("minutes-item-record").innerText();
  assert.match(record, /Decision: The Board adopts the escalation policy \(carried/);
  assert.match(record, /Action: Circulate the escalation policy to every agency \(Business office, due 1 February 2026\)/);

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(meetingPath);
      await meeting.waitForLoaded();
      await page.screenshot({ path: `docs/screenshots/meeting-editor-${width}.png`, fullPage: true });
      await meeting.agendaItem(ITEM).getByTestId("record-decision").click();
      await page.getByTestId("decision-form").waitFor();
      await page.getByTestId("decision-form").getByLabel("By a vote", { exact: true }).check();
      await page.screenshot({ path: `docs/screenshots/meeting-decision-${width}.png`, fullPage: true });
      await page.getByTestId("decision-form").getByLabel("By a named vote (record how each member voted)").check();
      const rows = page.getByTestId("named-vote");
      for (const [i, how] of [[0, "For"], [1, "Against"], [2, "Abstained"]]) await rows.nth(i).getByLabel(how, { exact: true }).check();
      await page.screenshot({ path: `docs/screenshots/meeting-named-vote-${width}.png`, fullPage: true });
      await page.goto(meetingPath);
      await meeting.waitForLoaded();
      await meeting.decisions.filter({ hasText: "apologies and substitutes" }).screenshot({ path: `docs/screenshots/meeting-named-vote-recorded-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  // Everything is in the document: a reload shows it.
  await page.goto(meetingPath);
  await meeting.waitForLoaded();
  assert.equal((await meeting.agendaTitles()).at(-2), ITEM);
  assert.match(await meeting.decisions.filter({ hasText: "escalation policy" }).innerText(), /Carried/);
  await waitForText(page.getByTestId("minutes"), /The Board adopted the policy/);
  assert.match(await page.getByTestId("action-row").filter({ hasText: "Circulate" }).innerText(), /Overdue/);

  // The open action is carried onto the next meeting's action log.
  await page.goto(listPath);
  await meetings.waitForLoaded();
  await addMeeting(page, meetings, "11", "4", "2030");
  const carried = page.getByTestId("carried-row").filter({ hasText: "Circulate the escalation policy" });
  await carried.waitFor();
  assert.match(await carried.innerText(), /From the meeting on 14 March 2030[\s\S]*Overdue/);
  assert.match(await page.getByTestId("carried-count").innerText(), /open actions? carried/);

  // Marked done on its meeting, it is no longer overdue nor carried.
  await page.goto(meetingPath);
  await meeting.waitForLoaded();
  await page.getByTestId("action-row").filter({ hasText: "Circulate" }).getByTestId("mark-done").click();
  await waitForText(page.getByTestId("action-row").filter({ hasText: "Circulate" }), /Done/);
  assert.equal(await page.getByTestId("action-row").filter({ hasText: "Circulate" }).getByTestId("overdue").count(), 0);

  // axe-core: no serious or critical violations on the meeting page and its forms.
  const itemPath = await meeting.agendaItem(ITEM).getByTestId("change-item").getAttribute("href");
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path, ready] of [
      ["meeting", meetingPath, "quorum-panel"],
      ["item", itemPath, "item-form"],
      ["new item", `${meetingPath}/items/new`, "item-form"],
      ["details", `${meetingPath}/edit`, "meeting-details-form"],
      ["decision", `${itemPath}/decision`, "decision-form"],
      ["action", `${itemPath}/action`, "action-form"],
      ["declaration", `${itemPath}/declaration`, "declaration-form"],
      ["paper", `${itemPath}/paper`, "paper-form"],
      ["minutes", `${meetingPath}/minutes`, "minutes-preview"],
    ]) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      for (const v of await axeViolations(page)) {
        if (v.impact === "serious" || v.impact === "critical") problems.push(`${width}px ${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

scenario("two note-takers write the minutes, one of them offline, and their notes converge", async (h) => {
  const server = await h.startServer();
  const { page: a, meetings } = await openBoardMeetings(h, "note-taker-A", server);
  await addMeeting(a, meetings, "9", "5", "2030");
  const minutesPath = `${new URL(a.url()).pathname}/minutes`;
  const b = await h.newSession("note-taker-B", server, { offlineSwitch: true });
  await b.page.goto(minutesPath);
  const areaA = a.getByLabel("Minutes (Markdown)");
  const areaB = b.page.getByLabel("Minutes (Markdown)");
  await a.goto(minutesPath);
  await areaA.waitFor();
  await areaB.waitFor();

  // Online, A's words reach B as they are typed.
  await areaA.click();
  await areaA.pressSequentially("Present: as recorded.\n");
  await waitFor(async () => (await areaB.inputValue()).includes("Present: as recorded."), { what: "A's words in B's editor" });

  // B goes through a tunnel and keeps writing; A writes too, online.
  await b.cutter.goOffline();
  await areaB.click();
  await areaB.press("Control+End");
  await areaB.pressSequentially("B: the Board discussed the audit.\n");
  await areaA.click();
  await areaA.press("Control+End");
  await areaA.pressSequentially("A: actions agreed.\n");
  assert.ok(!(await areaA.inputValue()).includes("audit"), "B's offline words have not reached A yet");

  // Back online, both editors hold every word, each exactly once.
  await b.cutter.goOnline();
  const converged = async (area) => {
    const v = await area.inputValue();
    return ["Present: as recorded.", "B: the Board discussed the audit.", "A: actions agreed."].every((t) => v.split(t).length === 2);
  };
  await waitFor(() => converged(areaA), { what: "A to hold B's offline notes", timeout: 45_000, describe: () => areaA.inputValue() });
  await waitFor(() => converged(areaB), { what: "B to hold A's notes", timeout: 45_000, describe: () => areaB.inputValue() });
  assert.equal(await areaA.inputValue(), await areaB.inputValue());
});

scenario("attendance names a substitute and the others in attendance; a substitute counts for the quorum only where the seat allows it", async (h) => {
  const { page, meetings } = await openBoardMeetings(h, "attendance-substitutes");
  // The attendance rates over the demo year's held meetings, as CSV built in the browser.
  const held = await page.getByTestId("past-meetings").getByTestId("meeting-row").filter({ hasText: "Held" }).count();
  assert.ok(held > 0, "the demo year has held meetings");
  await waitForText(page.getByTestId("attendance-rates-summary"), new RegExp(`over the ${held} meetings? held`));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-attendance-csv").click()]);
  assert.match(download.suggestedFilename(), /^attendance-leicester-safeguarding-children-board-board-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
  assert.ok(!csv.includes("Loading…") && !csv.includes("not loaded yet"), "the file is offered once every member's name is here");
  const lines = csv.split("\r\n").filter(Boolean);
  assert.equal(lines[0], "Member,Meetings expected,Attended,Sent a deputy or substitute,Apologies,Rate,Attendance rule");
  assert.ok(lines.length > 10, "a line per seat");
  const cellsOf = (line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]).slice(0, 7);
  for (const line of lines.slice(1)) {
    const cells = cellsOf(line);
    const [expected, attended, substituted, apologies] = cells.slice(1, 5).map(Number);
    assert.equal(expected, held, line);
    assert.ok(attended + substituted + apologies <= expected, line);
    assert.equal(cells[5], `${Math.round(((attended + substituted) * 100) / expected)}%`, line);
  }
  assert.ok(lines.slice(1).some((l) => Number(cellsOf(l)[3]) > 0), "the demo's deputies are counted apart");
  // The same numbers in the page's table (caption, column headers), a row per member.
  const table = page.getByTestId("attendance-rates");
  assert.equal(await table.locator("caption").innerText(), "Attendance at held meetings, by member");
  assert.deepEqual(await table.locator("thead th[scope=col]").allInnerTexts(),
    ["Member", "Expected", "Attended", "Deputy or substitute", "Apologies", "Rate", "Attendance rule"]);
  const tableRows = table.getByTestId("attendance-rate-row");
  assert.equal(await tableRows.count(), lines.length - 1, "a row per seat, as in the CSV");
  const deputised = lines.slice(1).map(cellsOf).find((c) => Number(c[3]) > 0 && !c[0].startsWith('"'));
  const rateRow = tableRows.filter({ has: page.locator("th", { hasText: deputised[0] }) }).first();
  const numbers = (await rateRow.locator("td").allInnerTexts()).slice(0, 5).map((t) => t.trim());
  assert.deepEqual(numbers, deputised.slice(1, 6), `${deputised[0]}: the table's numbers are the CSV's`);
  assert.equal(await rateRow.locator("th").innerText(), deputised[0]);
  // A member who breaks the Board's rule has the chair's letter drafted (constitution 14.5),
  // naming the meetings missed; members who break nothing have none.
  const breached = await tableRows.filter({ hasText: "Breached" }).count();
  assert.ok(breached > 0, "the demo year has a member who breaks the rule");
  const letters = page.getByTestId("chair-letter");
  const held_seats = await tableRows.filter({ hasText: "Breached" }).filter({ hasNotText: ": vacant" }).count();
  assert.ok(held_seats > 0, "a member (not a vacant seat) breaks the rule");
  assert.equal(await letters.count(), held_seats, "a letter for each member who breaks the rule; none for vacant seats or anyone else");
  const first = letters.first();
  assert.match(await first.locator("summary").innerText(), /^Draft the chair's letter to .+, .+/);
  await first.locator("summary").click();
  const letter = await first.getByLabel("The letter, to copy onto your letterhead and adjust").inputValue();
  assert.match(letter, /^\d{1,2} [A-Z][a-z]+ \d{4}\n\nDear .+\n\nAttendance at the Leicester Safeguarding Children Board \(Board\)\n\n/);
  assert.match(letter, /about your attendance as .+\. (You(, or your deputy,)? (have not attended|attended) |Neither you nor a deputy attended the last meeting\.)/);
  assert.match(letter, /The group's terms of reference expect regular attendance: members are expected at every meeting; missing 2 consecutive meetings triggers a letter from the chair\./);
  assert.match(letter, /Yours sincerely,\n\nChair, Leicester Safeguarding Children Board \(Board\)\n$/);
  // At 360 px the rows stack (each cell named by its column): nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 900 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "the attendance table fits 360 px");
  const cell = rateRow.locator("td").first();
  assert.equal(await cell.evaluate((el) => getComputedStyle(el).display), "block", "each cell on its own line");
  assert.equal(await cell.getAttribute("data-label"), "Expected", "named by its column");
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await table.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: `docs/screenshots/meeting-attendance-rates-${width}.png` });
      await first.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: `docs/screenshots/meeting-chair-letter-${width}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  const meeting = await addMeeting(page, meetings, "13", "6", "2030");
  const meetingPath = new URL(page.url()).pathname;
  await meeting.markEverySeat("Present");
  await meeting.waitForQuorate(true);

  // The police representative sends a colleague who is not the seat's named deputy.
  await page.getByTestId("record-attendance").click();
  const police = page.getByTestId("seat-attendance").filter({ hasText: "Leicestershire Police" }).first();
  await police.waitFor();
  assert.match(await police.innerText(), /Substitutes: (Deputy: |No deputy named)/);
  // The quorum panel on the form follows each mark before it is saved (as people arrive or
  // leave in the room): quorate as saved, then not once the police's substitute does not count.
  const live = page.getByTestId("live-quorum");
  assert.equal(await live.getAttribute("data-quorate"), "true");
  await police.getByLabel("Substitute present", { exact: true }).check();
  await waitFor(async () => (await live.getAttribute("data-quorate")) === "false", { what: "the live quorum to flip", describe: () => live.innerText() });
  assert.match(await live.innerText(), /^Not quorate:[\s\S]*Leicestershire Police[\s\S]*It is recorded when you save the attendance\./);
  const subName = police.getByLabel("Name of the substitute");
  await subName.waitFor();
  assert.match(await police.innerText(), /They do not count towards the quorum and have no vote: only the seat's named deputy stands in with its vote/);
  await page.getByTestId("save-attendance").click();
  const summary = page.locator(".govuk-error-summary");
  await waitForText(summary, /Enter the name of the substitute for Representative \(Leicestershire Police\)/);
  await summary.getByRole("link").first().click();
  assert.match(await page.evaluate(() => document.activeElement?.id ?? ""), /^attendance-\d+-substitute-name$/, "the summary links to the name field");
  await subName.fill("Sam Cover");

  // Others in attendance: an officer and a presenter, one removed again; no name is an error.
  const others = page.getByTestId("others-form");
  await page.getByTestId("add-other").click();
  await waitForText(summary, /Enter the name of the person in attendance/);
  await others.getByLabel("Name", { exact: true }).fill("Kim Officer");
  await others.getByLabel("Role or organisation (optional)").fill("LSCB Business Manager");
  await page.getByTestId("add-other").click();
  await waitForText(page.getByTestId("others"), /Kim Officer, LSCB Business Manager/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "other-name", "focus back on the name for the next person");
  await others.getByLabel("Name", { exact: true }).fill("Lee Presenter");
  await page.getByTestId("add-other").click();
  await waitForText(page.getByTestId("others"), /Lee Presenter/);
  await page.getByTestId("other").filter({ hasText: "Lee Presenter" }).getByTestId("remove-other").click();
  await waitFor(async () => (await page.getByTestId("other").count()) === 1, { what: "one person left in attendance" });
  assert.equal(await subName.inputValue(), "Sam Cover", "the substitute's name is kept while others are added");

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/meeting-attendance-form-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const v of await axeViolations(page)) {
      if (v.impact === "serious" || v.impact === "critical") problems.push(`${width}px attendance: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, []);

  await page.getByTestId("save-attendance").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  await meeting.waitForLoaded();
  // Without the police, a required agency, the Board is not quorate; the substitute is shown.
  await meeting.waitForQuorate(false);
  assert.match(await meeting.quorum.innerText(), /Leicestershire Police/);
  const row = page.getByTestId("attendance-row").filter({ hasText: "Leicestershire Police" }).first();
  assert.match(await row.innerText(), /Substitute present: Sam Cover \(not counted: only the seat's named deputy stands in with its vote\)/);
  assert.deepEqual(await page.getByTestId("others-in-attendance").locator("li").allInnerTexts(), ["Kim Officer, LSCB Business Manager"]);

  // The seat's named deputy arrives instead: quorate again, the substitute's name gone.
  await page.getByTestId("record-attendance").click();
  await police.waitFor();
  assert.equal(await police.getByLabel("Substitute present", { exact: true }).isChecked(), true, "the saved mark is shown");
  assert.equal(await live.getAttribute("data-quorate"), "false", "the form opens with the quorum as saved");
  assert.equal(await subName.inputValue(), "Sam Cover");
  await police.getByLabel("Deputy present", { exact: true }).check();
  await page.getByTestId("save-attendance").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  await meeting.waitForQuorate(true);

  // The printed minutes list who attended and who else was in attendance.
  await page.goto(`${meetingPath}/print`);
  await page.getByTestId("meeting-print").waitFor();
  await waitForText(page.getByTestId("print-attendance"), /Also in attendance[\s\S]*Kim Officer \(LSCB Business Manager\)/);
  assert.match(await page.getByTestId("print-attendance").innerText(), /Leicestershire Police\): [^\n]*\(deputy present\)/);
});
