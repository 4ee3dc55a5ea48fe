// Decisions between meetings by written procedure (issue 12): the Leicester admin puts a
// question to the Board in writing from the meetings page (the form checks itself with a
// GOV.UK error summary), records members' responses as they arrive (one changes their mind),
// cannot close it early until every entitled member has responded, then closes it by the
// Leicester rule: refused until the chair's consent is recorded, carried with it. The
// outcome, the responses and the list on the meetings page survive a reload, and a reader
// (the Leicester viewer) sees the outcome but no forms. axe-core finds no serious or critical
// violations on the form and the page at 360 and 1024 px.
// A member named for a seat (the Leicester viewer, appointed by email) responds themselves
// from their own account: the server accepts it, and the business office sees it as theirs.
// With QUORUM_SCREENSHOTS=1 it saves the page, open (with the editors' forms) and closed, at
// 1280 and 360 px into docs/screenshots/.
import assert from "node:assert/strict";
import { axeViolations } from "./helpers/axe.mjs";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { MeetingsPage, WrittenProcedurePage } from "./pages/meetings-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { SyncStatus } from "./pages/sync-status.mjs";

const scenario = e2eSuite();
const QUESTION = "That the Board adopts the revised escalation policy";

async function openBoardMeetings(h, label, server, account) {
  const { page } = await h.newSession(label, server, account ? { account } : undefined);
  await MeetingsPage.open(page);
  return page;
}

async function waitForText(locator, re) {
  await waitFor(async () => re.test(await locator.innerText().catch(() => "")), { what: `text ${re}`, describe: () => locator.innerText() });
}

scenario("the business office puts a question to the Board in writing, records the responses and closes it by the Leicester rule", async (h) => {
  const server = await h.startServer();
  const page = await openBoardMeetings(h, "written-procedure", server);
  const meetingsPath = new URL(page.url()).pathname;
  assert.match(await page.getByTestId("written-list").innerText(), /No questions have been put in writing/);

  // The form checks itself.
  await page.getByTestId("new-written").click();
  const form = page.getByTestId("new-written-form");
  await form.waitFor();
  assert.match(await page.getByTestId("written-entitled").innerText(), /voting members of the group now are entitled to respond/);
  await page.getByTestId("open-written").click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the question to put to the group/);
  assert.match(await summary.innerText(), /Enter the closing date/);
  assert.match(await page.title(), /^Error: /);
  await form.getByLabel("What is proposed").fill(QUESTION);
  const yesterday = new Date(Date.now() - 86_400_000);
  await fillClosingDate(form, yesterday);
  await page.getByTestId("open-written").click();
  await waitForText(summary, /The closing date must be in the future/);
  const closes = new Date(Date.now() + 14 * 86_400_000);
  await fillClosingDate(form, closes);
  await page.getByTestId("open-written").click();
  await page.waitForURL((url) => url.pathname.startsWith("/written/"));
  const writtenPath = new URL(page.url()).pathname;
  const written = await new WrittenProcedurePage(page).waitForLoaded();
  assert.equal(await written.question.innerText(), QUESTION);
  assert.equal(await written.stage.innerText(), "Open");
  const members = await written.members();
  const entitled = members.length;
  assert.ok(entitled >= 5, `the Board's voting members are entitled (${entitled})`);
  assert.equal(await written.responded.innerText(), `0 of ${entitled} entitled members have responded.`);
  assert.match(await page.getByTestId("written-not-yet").innerText(), /It can be closed after/);

  // The response form checks itself, then responses are recorded in the admin's name.
  await page.getByTestId("save-response").click();
  await waitForText(summary, /Select the member who responded/);
  assert.match(await summary.innerText(), /Select the member's response/);
  const name = (label) => label.replace(/\s*\((awaiting response|for|against|abstained)\)$/i, "");
  const first = name(members[0]);
  await written.respond(first, "Against");
  assert.equal(await written.responseOf(first), "Against");
  await written.respond(first, "For");
  assert.equal(await written.responseOf(first), "For", "a member may change their response while it is open");
  assert.equal(await written.responded.innerText(), `1 of ${entitled} entitled members have responded.`);
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `docs/screenshots/written-procedure-open-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  for (const [i, label] of members.slice(1).entries()) {
    await written.respond(name(label), i === 0 ? "Against" : "For");
  }
  assert.equal(await written.responded.innerText(), `${entitled} of ${entitled} entitled members have responded.`);
  await waitForText(written.stage, /Ready to close/);

  // Closed by the Leicester rule: the majority must include the chair's consent, so it cannot
  // close until the form says whether it does.
  const close = page.getByTestId("written-close-form");
  await close.waitFor();
  await page.getByTestId("close-written").click();
  await waitForText(page.locator(".govuk-error-summary"), /consent/i);
  assert.equal(await written.stage.innerText(), "Ready to close", "a refused close records nothing");
  await close.getByRole("group", { name: "Does the majority include the chair's consent?" }).getByLabel("Yes", { exact: true }).check();
  await page.getByTestId("close-written").click();
  await waitForText(written.stage, /^Carried$/);
  const outcome = page.getByTestId("written-outcome");
  assert.match(await outcome.innerText(), new RegExp(`Carried[\\s\\S]*${entitled - 1} to 1[\\s\\S]*Closed by`));
  assert.equal(await written.form.count(), 0, "no responses once closed");

  // Kept on this device: after a reload, and on the meetings page.
  await page.reload();
  await written.waitForLoaded();
  await waitForText(written.stage, /^Carried$/);
  assert.equal(await written.responseOf(first), "For");
  await page.getByTestId("back-to-meetings").click();
  const row = page.getByTestId("written-row").filter({ hasText: QUESTION });
  await row.waitFor();
  assert.match(await row.innerText(), /Carried/);

  // A reader sees the outcome and the responses, and no forms.
  const viewer = await openBoardMeetings(h, "written-procedure-viewer", server, ACCOUNTS.leicesterViewer);
  assert.equal(await viewer.getByTestId("new-written").count(), 0);
  await viewer.getByTestId("written-row").filter({ hasText: QUESTION }).getByRole("link").click();
  const seen = await new WrittenProcedurePage(viewer).waitForLoaded();
  await waitForText(seen.stage, /^Carried$/);
  assert.equal(await viewer.getByTestId("written-response-form").count(), 0);
  assert.equal(await viewer.getByTestId("written-close-form").count(), 0);
  // Closed: nothing left for a reader to do, and the notice says only that.
  await waitForText(viewer.getByTestId("read-only-notice"), /^You are a viewer here: you can read this, but not change it\.$/);

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(writtenPath);
      await written.waitForLoaded();
      await page.screenshot({ path: `docs/screenshots/written-procedure-${width}.png`, fullPage: true });
    }
  }

  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [what, path, ready] of [
      ["written procedure", writtenPath, "written-responses"],
      ["new written procedure", `${meetingsPath.replace(/\/meetings$/, "")}/written/new`, "new-written-form"],
      ["meetings", meetingsPath, "written-list"],
    ]) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      for (const v of await axeViolations(page)) {
        if (v.impact === "serious" || v.impact === "critical") problems.push(`${width}px ${what}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

/** Types `date` into the form's closing date (Day, Month, Year). */
async function fillClosingDate(form, date) {
  await form.getByLabel("Day").fill(String(date.getDate()));
  await form.getByLabel("Month").fill(String(date.getMonth() + 1));
  await form.getByLabel("Year").fill(String(date.getFullYear()));
}

/** Puts QUESTION to the group from its meetings page, closing in 14 days; returns its path. */
async function putQuestion(page) {
  await page.getByTestId("new-written").click();
  const form = page.getByTestId("new-written-form");
  await form.waitFor();
  await form.getByLabel("What is proposed").fill(QUESTION);
  const closes = new Date(Date.now() + 14 * 86_400_000);
  await fillClosingDate(form, closes);
  await page.getByTestId("open-written").click();
  await page.waitForURL((url) => url.pathname.startsWith("/written/"));
  return new URL(page.url()).pathname;
}

scenario("a member named for a seat responds to a written procedure themselves, and the business office sees it", async (h) => {
  const LEICESTER = "Leicester Safeguarding Children Board";
  const BOARD = "Leicester Safeguarding Children Board (Board)";
  const SEAT = "Designated Nurse for Safeguarding";
  const server = await h.startServer();
  const { page } = await h.newSession("written-office", server);

  // The business office records the Leicester viewer as the holder of a voting seat.
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);
  const people = await leicester.openDirectory();
  const name = `Member ${uniqueTag()}`;
  await people.add({ name, jobTitle: "Designated Nurse", email: ACCOUNTS.leicesterViewer });
  await people.waitForPerson(name);
  await page.goBack();
  await leicester.waitForLoaded();
  const board = await leicester.openGroup(BOARD);
  await board.waitForSeats(20);
  const editor = await board.editSeat(SEAT);
  await editor.getByLabel("Holder", { exact: true }).selectOption({ label: `${name} (Designated Nurse)` });
  await editor.getByTestId("save-seat").click();
  await waitFor(async () => (await board.seatSummary(SEAT)).holder.includes(name), { what: "the seat to show its new holder" });
  await page.getByTestId("group-meetings-link").click();
  await page.waitForURL((url) => url.pathname.endsWith("/meetings"));
  await new MeetingsPage(page).waitForLoaded();
  const writtenPath = await putQuestion(page);
  const office = await new WrittenProcedurePage(page).waitForLoaded();
  assert.equal(await page.getByTestId("my-response-form").count(), 0, "the office is not named for a seat");
  await new SyncStatus(page).waitFor("saved-server", { who: "the office" });

  // The member opens it from their own account: their seat, and a form of their own.
  const member = await openBoardMeetings(h, "written-member", server, ACCOUNTS.leicesterViewer);
  await member.getByTestId("written-row").filter({ hasText: QUESTION }).getByRole("link").click();
  const theirs = await new WrittenProcedurePage(member).waitForLoaded();
  await member.getByTestId("my-response-form").waitFor();
  // The read-only notice says what they may still do here.
  await waitForText(member.getByTestId("read-only-notice"), /you can read this and give your own response below, but not change anything else/);
  assert.match(await member.getByTestId("my-response-status").innerText(), /you have not responded yet/);
  assert.equal(await theirs.form.count(), 0, "no office form for a member");
  await member.getByTestId("send-my-response").click();
  await waitForText(member.locator(".govuk-error-summary"), /Select your response/);
  await theirs.respondMyself("Against");
  await theirs.respondMyself("For");
  assert.match(await member.getByTestId("my-response-status").innerText(), /your response is recorded as for/);
  // Accepted by the server (a refused change never reaches "saved on the server").
  await new SyncStatus(member).waitFor("saved-server", { who: "the member" });
  const problems = [];
  for (const v of await axeViolations(member)) {
    if (v.impact === "serious" || v.impact === "critical") problems.push(`[${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
  }
  assert.deepEqual(problems, []);

  // The business office sees it, as the member's own.
  const row = page.getByTestId("written-response").filter({ hasText: name });
  await waitFor(async () => /For[\s\S]*their own response/.test(await row.innerText().catch(() => "")), {
    what: "the office to see the member's own response",
    describe: () => row.innerText().catch(() => "(no row)"),
  });
  await page.goto(writtenPath);
  await office.waitForLoaded();
  assert.equal(await office.responded.innerText().then((t) => /^1 of /.test(t)), true);
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await member.setViewportSize({ width, height: 900 });
      await member.screenshot({ path: `docs/screenshots/written-procedure-member-${width}.png`, fullPage: true });
    }
  }
});
