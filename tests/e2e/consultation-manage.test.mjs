// Managing a consultation from the app (issue 11), against the real server's demo manuals:
// an editor opens a consultation on a procedure being drafted ("Open a consultation": who,
// closing date, message; offline it says so and keeps what was typed), the person consulted
// signs in and comments, the editor ends the consultation early (with a confirmation step)
// and goes through every comment received in the closed-consultation view. A procedure added
// to a manual gets its comments document at once, so it can be commented on.
// axe-core at 360 and 1024 px on the new pages; with QUORUM_SCREENSHOTS=1 it saves them to
// docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { DraftPage, LibraryPage, SectionComments } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const MISSING = "Children missing from home or care";
const SECTION = "Return interviews";
const CONSULTEE = "police.consultee@example.org";
const CONSULTEE_NAME = "Leicestershire Police (Safeguarding Hub)";
const SHOTS = process.env.QUORUM_SCREENSHOTS === "1";

async function axeAt(page, name) {
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(page, `${name} at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function shoot(page, name) {
  if (!SHOTS) return;
  await page.evaluate(() => document.activeElement?.blur());
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A date `days` from today as the form's day, month and year. */
function inDays(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()), date: d };
}

scenario("an editor opens a consultation, the person consulted comments, the editor ends it and sees the comment with its status", async (h) => {
  const server = await h.startServer();
  const editor = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin, offlineSwitch: true });
  const page = editor.page;
  const library = await LibraryPage.open(editor.page, LEICESTER);
  await library.waitForProcedure(MISSING);
  const draft = await (await library.openProcedure(MISSING)).openDraft();
  const procedurePath = new URL(page.url()).pathname.replace(/\/draft$/, "");
  const panel = page.getByTestId("consultation-panel");
  assert.match(await panel.getByTestId("consultation-status").innerText(), /has not been out for consultation/);
  assert.equal(await page.getByRole("button", { name: "Move to out for consultation" }).count(), 0, "consultation is its own form");

  // The form: nothing typed → an error summary linking to each field.
  await panel.getByRole("button", { name: "Open a consultation" }).click();
  await page.getByRole("heading", { level: 1, name: "Open a consultation" }).waitFor();
  await axeAt(page, "open a consultation");
  await shoot(page, "consultation-open");
  await page.getByRole("button", { name: "Open consultation" }).click();
  const summary = page.locator(".govuk-error-summary").filter({ hasText: "There is a problem" }).first();
  await summary.waitFor({ state: "visible" });
  const summaryText = await summary.innerText();
  assert.match(summaryText, /Enter the email address of at least one person to consult/);
  assert.match(summaryText, /Enter the closing date/);
  assert.match(await page.title(), /^Error: /);
  await axeAt(page, "open a consultation (with errors)");
  await shoot(page, "consultation-open-errors");

  // A past date is refused on the page.
  const yesterday = inDays(-1);
  await page.getByLabel("Who is consulted").fill(CONSULTEE);
  await page.getByLabel("Day").fill(yesterday.day);
  await page.getByLabel("Month").fill(yesterday.month);
  await page.getByLabel("Year").fill(yesterday.year);
  await page.getByRole("button", { name: "Open consultation" }).click();
  await waitFor(async () => (await summary.innerText()).includes("The closing date must be in the future"), { what: "the past-date error" });

  // Someone without an account: the server's answer, against the field.
  const soon = inDays(7);
  await page.getByLabel("Who is consulted").fill("nobody.here@example.org");
  await page.getByLabel("Day").fill(soon.day);
  await page.getByLabel("Month").fill(soon.month);
  await page.getByLabel("Year").fill(soon.year);
  await page.getByRole("button", { name: "Open consultation" }).click();
  await waitFor(async () => (await summary.isVisible()) && (await summary.innerText()).includes("Nobody has an account with this email address: nobody.here@example.org"), {
    what: "the server's refusal of an unknown email",
    describe: async () => summary.innerText(),
  });
  assert.equal(await page.getByTestId("consult-problem").isVisible(), false);
  await page.getByLabel("Who is consulted").fill(CONSULTEE);

  // Offline: said plainly, nothing sent, what was typed kept.
  const closing = inDays(14);
  const message = `Please look closely at the return interviews ${uniqueTag()}`;
  await page.getByLabel("Day").fill(closing.day);
  await page.getByLabel("Month").fill(closing.month);
  await page.getByLabel("Year").fill(closing.year);
  await page.getByLabel("Message to the people consulted (optional)").fill(message);
  await editor.cutter.goOffline();
  await page.getByRole("button", { name: "Open consultation" }).click();
  const problem = page.getByTestId("consult-problem");
  await problem.waitFor({ state: "visible" });
  assert.match(await problem.innerText(), /You are offline[\s\S]*what you typed is kept/);
  assert.equal(await page.getByLabel("Who is consulted").inputValue(), CONSULTEE);
  assert.equal(await page.getByLabel("Message to the people consulted (optional)").inputValue(), message);
  await editor.cutter.goOnline();

  // Online: sent; the draft says until when and with whom.
  await page.getByRole("button", { name: "Open consultation" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/draft"));
  const until = closing.date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  await waitFor(async () => (await panel.getByTestId("consultation-status").innerText()).includes(`Out for consultation until ${until}`), {
    what: "the consultation's closing date on the draft",
    describe: async () => panel.innerText(),
  });
  assert.match(await panel.getByTestId("consultees").innerText(), new RegExp(CONSULTEE_NAME.replace(/[()]/g, "\\$&")));
  assert.equal(await panel.getByTestId("consultation-message").innerText(), message);
  assert.equal((await draft.draftStatus.innerText()).trim(), "Out for consultation");
  await axeAt(page, "draft out for consultation");
  if (SHOTS) {
    await panel.scrollIntoViewIfNeeded();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await panel.screenshot({ path: `docs/screenshots/consultation-draft-panel-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await draft.status.waitFor("saved-server", { who: "Leicester" });

  // The person consulted reads the draft and comments.
  const police = await h.newSession("Police consultee", server, { account: CONSULTEE });
  const me = await (await police.context.request.get(`${server.url}/api/me`)).json();
  assert.ok(me.shared.some((d) => procedurePath.endsWith(d.documentId) && d.role === "viewer"), `shared: ${JSON.stringify(me.shared)}`);
  const theirs = await new DraftPage(police.page).goto(`${procedurePath}/draft`);
  const comments = new SectionComments(theirs, SECTION);
  await comments.panel.waitFor({ state: "visible" });
  const note = `Police can share the return interview request the same day ${uniqueTag()}`;
  await comments.add({ quote: "within 72 hours", comment: note });
  const posted = await comments.waitForOpen(note);
  // They change their comment after posting it: the comment says it was edited.
  const edited = `${note}, with the duty number`;
  await posted.locator("summary").filter({ hasText: "Change your comment" }).click();
  await posted.getByTestId("edit-comment-text").fill(edited);
  await posted.getByTestId("save-comment").click();
  await comments.waitForOpen(edited);
  await posted.getByTestId("comment-edited").waitFor({ state: "visible" });
  await theirs.status.waitFor("saved-server", { who: "Police consultee" });

  // The editor sees it, replies, then ends the consultation through the confirmation page.
  const mine = new SectionComments(draft, SECTION);
  await mine.waitForOpen(edited, { timeout: 30_000 });
  await panel.getByRole("button", { name: "End consultation now" }).click();
  await page.getByRole("heading", { level: 1, name: "End the consultation now?" }).waitFor();
  assert.match(await page.getByTestId("consultees").innerText(), new RegExp(CONSULTEE_NAME.replace(/[()]/g, "\\$&")));
  await axeAt(page, "end the consultation");
  await shoot(page, "consultation-end");
  await page.getByRole("button", { name: "Yes, end the consultation" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/draft"));
  await waitFor(async () => /Consultation ended early on/.test(await panel.getByTestId("consultation-status").innerText()), {
    what: "the consultation ended on the draft",
    describe: async () => panel.innerText(),
  });
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const after = await (await police.context.request.get(`${server.url}/api/me`)).json();
  assert.ok(!after.shared.some((d) => procedurePath.endsWith(d.documentId)), "the grants ended with the consultation");

  // The closed view: the comment, who made it, its response status.
  await panel.getByRole("link", { name: "See every comment received and its response" }).click();
  await page.getByRole("heading", { level: 1, name: "Comments received" }).waitFor();
  const card = page.getByTestId("review-comment").filter({ hasText: note });
  await card.waitFor({ state: "visible" });
  assert.match(await card.getByTestId("review-who").innerText(), new RegExp(CONSULTEE_NAME.replace(/[()]/g, "\\$&")));
  assert.equal(await card.getByTestId("review-status").innerText(), "No response yet");
  assert.ok((await card.getByTestId("review-body").innerText()).includes(edited), "the comment as last changed");
  assert.match(await card.getByTestId("review-edited").innerText(), /^\s*\(edited \d{1,2} \w+ \d{4} at \d{2}:\d{2}\)$/);
  const section = page.getByTestId("review-section").filter({ has: card });
  assert.match(await section.getByRole("heading", { level: 2 }).innerText(), new RegExp(SECTION));
  assert.match(await page.getByTestId("unanswered").innerText(), /1 comment has had no response yet/);
  await axeAt(page, "comments received");
  await shoot(page, "consultation-closed");

  // A reply is a response: the view follows.
  await page.goto(`${procedurePath}/draft`);
  const again = new DraftPage(page);
  await again.sections.first().waitFor({ state: "visible" });
  const c = new SectionComments(again, SECTION);
  const theComment = await c.waitForOpen(note);
  await theComment.locator("summary").filter({ hasText: "Reply" }).click();
  await theComment.getByLabel("Your reply").fill("Agreed: added to the section");
  await theComment.getByRole("button", { name: "Send reply" }).click();
  await waitFor(async () => (await theComment.getByTestId("reply").count()) > 0, { what: "the reply" });
  await page.getByTestId("consultation-comments-link").click();
  await waitFor(async () => (await page.getByTestId("review-comment").filter({ hasText: note }).getByTestId("review-status").innerText()) === "Replied", {
    what: "the comment shown as replied",
  });
  await page.getByTestId("all-answered").waitFor({ state: "visible" });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".app-header, .govuk-breadcrumbs").first().isVisible(), false, "navigation hidden in print");
  assert.equal(await page.getByTestId("print").isVisible(), false);
  if (SHOTS) await page.screenshot({ path: "docs/screenshots/consultation-closed-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

scenario("a procedure added to a manual has a comments document and can be commented on", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const page = s.page;
  const library = await LibraryPage.open(s.page, LEICESTER);
  await library.waitForProcedure(MISSING);
  const tag = uniqueTag();
  const title = `Young carers ${tag}`;
  const add = page.getByTestId("add-procedure").first();
  await add.getByText("Add a procedure to this manual").click();
  await add.getByRole("button", { name: "Add procedure" }).click();
  await add.locator(".govuk-error-message").waitFor({ state: "visible" });
  assert.match(await add.locator(".govuk-error-message").innerText(), /Enter a title/);
  await axeAt(page, "library with the add-a-procedure form");
  if (SHOTS) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await add.screenshot({ path: `docs/screenshots/procedure-add-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await add.getByLabel("Title of the procedure").fill(title);
  await add.getByRole("button", { name: "Add procedure" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/draft"));
  await page.getByTestId("procedure-title").filter({ hasText: title }).waitFor();

  const draft = new DraftPage(page);
  await page.getByLabel("Heading of a new section").fill("Identifying young carers");
  await page.getByTestId("add-section").click();
  await draft.sections.first().waitFor({ state: "visible" });
  await draft.typeAtEnd("Identifying young carers", "Ask every child who looks after someone at home.", { delay: 5 });
  const comments = new SectionComments(draft, "Identifying young carers");
  await comments.panel.waitFor({ state: "visible" });
  const note = `Say which assessment to offer ${tag}`;
  await comments.add({ quote: "looks after someone", comment: note });
  await comments.waitForOpen(note);
  await draft.status.waitFor("saved-server", { who: "Leicester" });

  // Kept on the server: another device of the same partnership sees it.
  const other = await h.newSession("LRSCP", server, { account: ACCOUNTS.lrscpEditor });
  const theirs = await new DraftPage(other.page).goto(new URL(page.url()).pathname);
  await new SectionComments(theirs, "Identifying young carers").waitForOpen(note, { timeout: 30_000 });
  const lib = await LibraryPage.open(s.page, LEICESTER);
  await lib.waitForProcedure(title);
});
