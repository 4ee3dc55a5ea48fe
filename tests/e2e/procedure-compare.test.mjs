// Comparing versions of a procedure and editing one's own comment (issue 11), against the real
// server's demo manuals. An editor changes a section of the published "Information sharing"
// draft, opens "Compare versions": the published version against the draft, the changed
// section with its inserted and deleted words, the count of changed sections, the unchanged
// ones folded; the choice of versions is kept in the address and survives a reload; a version
// that is not there is an error against its select box; axe at 360 and 1280 px. With
// QUORUM_SCREENSHOTS=1 it saves docs/screenshots/procedure-compare-{1280,360}.png.
// Then the author of a comment changes its text: shown as edited, also after a reload, and
// nobody else's comment offers the change.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { DraftPage, LibraryPage, SectionComments } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const SHARING = "Information sharing";
const ESCALATION = "Resolving practitioner disagreements and escalation of concerns";
const SECTION = "When to share";

/** Opens the draft of `title` from `partnership`'s library, through the app's own links. */
async function openDraft(session, partnership, title) {
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships({ containing: partnership });
  await list.open(partnership);
  await session.page.getByRole("link", { name: "Procedures", exact: true }).first().click();
  const library = new LibraryPage(session.page);
  await library.heading.waitFor({ state: "visible" });
  await library.waitForProcedure(title);
  const reader = await library.openProcedure(title);
  return reader.openDraft();
}

/** The compare page's parts. */
function comparePage(page) {
  return {
    form: page.getByTestId("compare-form"),
    from: page.getByLabel("Compare", { exact: true }),
    to: page.getByLabel("With", { exact: true }),
    summary: page.getByTestId("compare-summary"),
    sections: page.getByTestId("compare-section"),
    unchanged: page.getByTestId("unchanged-sections"),
    section(heading) {
      return page.getByTestId("compare-section").filter({ has: page.getByRole("heading", { level: 3, name: heading }) });
    },
  };
}

/** The words of a diff's runs of one kind, without the screen reader's "added:"/"removed:". */
async function runs(section, kind) {
  const texts = await section.getByTestId(kind).allInnerTexts();
  return texts.map((t) => t.replace(/^(added|removed):\s*/, "").trim()).join(" ");
}

scenario("an edit to the draft compared with the published version: inserted and deleted words, the count, kept in the address", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await openDraft(s, LEICESTER, SHARING);
  const tag = uniqueTag();

  // "Share information when …" becomes "Only share information when …", and words at the end.
  const area = draft.editor(SECTION);
  await area.click();
  await area.press("Control+Home");
  for (let i = 0; i < "Share".length; i++) await area.press("Delete");
  await s.page.keyboard.type("Only share", { delay: 10 });
  await draft.typeAtEnd(SECTION, ` Ask the school nurse ${tag}.`);
  assert.match(await draft.text(SECTION), new RegExp(`^Only share information when[\\s\\S]*school nurse ${tag}\\.$`));
  await draft.status.waitFor("saved-server", { who: "Leicester" });

  // "Compare versions" from the draft: version 1 against the working draft by default.
  await s.page.getByTestId("compare-link").click();
  const c = comparePage(s.page);
  await c.summary.waitFor({ state: "visible" });
  assert.equal((await c.summary.innerText()).trim(), "1 section changed");
  // Links, contacts and the review date are compared too: none of them changed here.
  assert.equal((await s.page.getByTestId("compare-details-summary").innerText()).trim(), "No changes to related guidance, local contacts or the review date");
  assert.equal(await s.page.getByTestId("compare-details").count(), 0);
  assert.match(await c.from.locator("option:checked").innerText(), /^Version 1, published /);
  assert.equal(await c.to.locator("option:checked").innerText(), "Working draft (now)");
  const changed = c.section(SECTION);
  assert.equal(await changed.count(), 1);
  assert.equal(await changed.getAttribute("data-change"), "changed");
  const inserted = await runs(changed, "inserted");
  const deleted = await runs(changed, "deleted");
  assert.ok(inserted.includes("Only share") && inserted.includes(`school nurse ${tag}.`), `inserted: ${inserted}`);
  assert.equal(deleted, "Share", `deleted: ${deleted}`);
  // Marked in words for screen readers, and not by colour alone.
  assert.match(await changed.locator("ins").first().textContent(), /^added: /);
  assert.match(await changed.locator("del").first().textContent(), /^removed: /);
  const decoration = await changed.locator("del").first().evaluate((el) => getComputedStyle(el).textDecorationLine);
  assert.match(decoration, /line-through/);
  assert.match(await changed.locator("ins").first().evaluate((el) => getComputedStyle(el).textDecorationLine), /underline/);
  // The two unchanged sections are folded into one "2 sections unchanged".
  assert.equal(await c.unchanged.count(), 2, "Purpose before, Recording decisions after");
  assert.deepEqual((await c.unchanged.locator("summary").allInnerTexts()).map((t) => t.trim()), ["1 section unchanged", "1 section unchanged"]);
  assert.equal(await c.unchanged.first().evaluate((d) => d.open), false, "folded");

  // The form puts the choice in the address: the other way round, then a reload keeps it.
  await c.from.selectOption("draft");
  await c.to.selectOption("v1");
  await s.page.getByRole("button", { name: "Compare", exact: true }).click();
  await waitFor(async () => new URL(s.page.url()).search === "?from=draft&to=v1", { what: "the choice in the address", describe: async () => s.page.url() });
  await waitFor(async () => (await runs(c.section(SECTION), "deleted")).includes(`school nurse ${tag}.`), { what: "the reversed diff" });
  await s.page.reload();
  await c.summary.waitFor({ state: "visible" });
  assert.equal((await c.summary.innerText()).trim(), "1 section changed");
  assert.equal(await c.from.inputValue(), "draft");
  assert.equal(await c.to.inputValue(), "v1");
  assert.ok((await runs(c.section(SECTION), "inserted")).includes("Share"), "after the reload, the same comparison");

  // A version that is not there: an error against its select box, in an error summary.
  const base = new URL(s.page.url());
  await s.page.goto(`${base.pathname}?from=v9&to=draft`);
  const summaryBox = s.page.locator(".govuk-error-summary");
  await summaryBox.waitFor({ state: "visible" });
  assert.match(await summaryBox.innerText(), /Select a version to compare from/);
  assert.equal(await summaryBox.getByRole("link").getAttribute("href"), "#compare-from");
  await s.page.goto(`${base.pathname}?from=v1&to=draft`);
  await c.summary.waitFor({ state: "visible" });

  for (const width of [360, 1280]) {
    await s.page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(s.page, `compare (${width} px)`);
  }
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    await c.unchanged.first().locator("summary").click();
    await s.page.evaluate(() => document.activeElement?.blur());
    for (const width of [1280, 360]) {
      await s.page.setViewportSize({ width, height: 900 });
      await s.page.screenshot({ path: `docs/screenshots/procedure-compare-${width}.png`, fullPage: true });
    }
    await s.page.setViewportSize({ width: 1280, height: 900 });
  }
});

scenario("the author of a comment changes its text: shown as edited, also after a reload; not someone else's", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await openDraft(s, LEICESTER, ESCALATION);
  const stages = "Stages of escalation";
  const comments = new SectionComments(draft, stages);
  await comments.panel.waitFor({ state: "visible" });
  const tag = uniqueTag();
  const first = `Name the business office ${tag}`;
  await comments.add({ quote: "refer it to the partnership's business office", comment: first });
  const card = await comments.waitForOpen(first);
  assert.equal(await card.getByTestId("comment-edited").count(), 0, "a new comment is not edited");

  // Someone else's comment (a consulted person's) offers no change.
  const theirs = comments.comment("shift patterns");
  await theirs.waitFor({ state: "visible" });
  assert.equal(await theirs.getByTestId("edit-comment").count(), 0);

  // An empty text is an error against the field; nothing changes.
  await card.getByText("Change your comment").click();
  const box = card.getByLabel("Your comment", { exact: true });
  await box.fill("   ");
  await card.getByRole("button", { name: "Save changes to your comment" }).click();
  await card.locator(".govuk-error-message").waitFor({ state: "visible" });
  assert.match(await card.locator(".govuk-error-message").innerText(), /Enter a comment/);

  const second = `Name the business office and its phone number ${tag}`;
  await box.fill(second);
  await card.getByRole("button", { name: "Save changes to your comment" }).click();
  const edited = await comments.waitForOpen(second);
  await waitFor(async () => (await edited.getByTestId("comment-edited").count()) === 1, { what: "the comment shown as edited" });
  assert.match((await edited.getByTestId("comment-edited").innerText()).trim(), /^\(edited \d{1,2} \w+ \d{4} at \d{2}:\d{2}\)$/);
  assert.equal(await comments.comment(first).filter({ hasNotText: second }).count(), 0, "the old text is gone");

  await draft.status.waitFor("saved-server", { who: "Leicester" });
  await s.page.reload();
  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  const after = new SectionComments(again, stages);
  const kept = await after.waitForOpen(second);
  assert.equal(await kept.getByTestId("comment-edited").count(), 1, "still edited after a reload");
});
