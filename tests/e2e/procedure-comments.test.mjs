// Comments and suggested changes on a procedure's draft (issue 11), against the real server's
// demo manuals: an editor comments on a passage and suggests a replacement; the comment
// survives a reload; Accept applies the replacement to the section's text; resolving a
// comment takes it out of the open comments. A comment whose words were cut and typed again
// elsewhere says "Quoted text moved", and focusing it selects them. With QUORUM_SCREENSHOTS=1 it saves the draft
// with a comment open to docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { DraftPage, SectionComments } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const DDSCP = "Derby and Derbyshire";
const BRUISING = "Bruising in babies";
const SECTION = "Why it matters";

scenario("an editor comments on a passage with a suggested replacement, it survives a reload, Accept applies it, Resolve hides a comment", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("DDSCP", server, { account: ACCOUNTS.ddscpAdmin });
  const draft = await DraftPage.open(s.page, DDSCP, BRUISING);
  const comments = new SectionComments(draft, SECTION);
  await comments.panel.waitFor({ state: "visible" });
  const tag = uniqueTag();

  // Words that are not in the section: a clear error against the field, nothing stored.
  await comments.add({ quote: `not in the text ${tag}`, comment: "Hmm" });
  const summary = comments.form.locator(".govuk-error-summary");
  await summary.waitFor({ state: "visible" });
  assert.match(await summary.innerText(), /not in this section/);
  assert.equal(await comments.open.count(), 0);

  const note = `Name who to refer to ${tag}`;
  const replacement = `Always refer to children's social care ${tag}`;
  await comments.add({ quote: "Always refer", comment: note, replacement });
  const card = await comments.waitForOpen(note);
  assert.equal((await card.getByTestId("comment-quote").innerText()).replace(/^On the words:\s*/, "").trim(), "Always refer");
  assert.equal(await card.getByTestId("replacement").innerText(), replacement);
  assert.equal(await card.getByTestId("anchor-lost").count(), 0, "the anchor finds its words");

  // A second comment, without a suggestion, to resolve later.
  const plain = `Add the local threshold document ${tag}`;
  await comments.add({ quote: "may be a sign of abuse", comment: plain });
  await comments.waitForOpen(plain);

  if (process.env.QUORUM_SCREENSHOTS === "1") {
    await s.page.evaluate(() => document.activeElement?.blur());
    for (const width of [1280, 360]) {
      await s.page.setViewportSize({ width, height: 900 });
      await card.scrollIntoViewIfNeeded();
      await s.page.screenshot({ path: `docs/screenshots/procedure-comments-${width}.png`, fullPage: true });
    }
    await s.page.setViewportSize({ width: 1280, height: 900 });
  }

  // Saved on the server and on this device: a reload shows both comments.
  await draft.status.waitFor("saved-server", { who: "DDSCP" });
  await s.page.reload();
  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  const after = new SectionComments(again, SECTION);
  await after.waitForOpen(note);
  await after.waitForOpen(plain);

  // Accept: the section's text has the replacement, and the comment is no longer open.
  await after.accept(note);
  await waitFor(async () => (await again.text(SECTION)).includes(replacement), {
    what: "the replacement in the section's text",
    describe: async () => `text: ${JSON.stringify(await again.text(SECTION))}; error: ${JSON.stringify(await after.error.allInnerTexts())}`,
  });
  assert.ok(!(await again.text(SECTION)).includes("Always refer, even"), "the quoted words were replaced");
  await waitFor(async () => (await after.comment(note).count()) === 0, { what: "the accepted comment out of the open comments" });

  // Resolve: out of the open comments, listed under the resolved ones.
  await after.resolve(plain);
  await waitFor(async () => (await after.comment(plain).count()) === 0, { what: "the resolved comment out of the open comments" });
  await after.resolved.getByText("Resolved comments (2)").click();
  assert.match(await after.resolved.innerText(), new RegExp(`Accepted by[\\s\\S]*${tag}`));
  assert.ok((await after.resolved.innerText()).includes(plain));
});

scenario("a comment whose words moved says so, and focusing it selects the words where they are now", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("DDSCP", server, { account: ACCOUNTS.ddscpAdmin });
  const draft = await DraftPage.open(s.page, DDSCP, BRUISING);
  const comments = new SectionComments(draft, SECTION);
  await comments.panel.waitFor({ state: "visible" });
  const quote = "even when an explanation is offered";
  const note = `Say who judges the explanation ${uniqueTag()}`;
  await comments.add({ quote, comment: note });
  const card = await comments.waitForOpen(note);
  assert.equal(await card.getByTestId("anchor-moved").count(), 0);

  // The words are cut from the end and typed again at the start.
  const area = draft.editor(SECTION);
  await area.click();
  await area.evaluate((el, q) => {
    const i = el.value.indexOf(q);
    el.setSelectionRange(i, i + q.length);
  }, quote);
  await area.press("Backspace");
  await area.press("Control+Home");
  await s.page.keyboard.type(`${quote}: `, { delay: 10 });
  assert.ok((await draft.text(SECTION)).startsWith(`${quote}: Bruising`), await draft.text(SECTION));

  await waitFor(async () => (await card.getByTestId("anchor-moved").count()) === 1, {
    what: "the comment saying its words moved",
    describe: async () => card.innerText(),
  });
  assert.match(await card.getByTestId("anchor-moved").innerText(), /Quoted text moved/);
  assert.equal(await card.getByTestId("anchor-lost").count(), 0, "not reported as changed");

  // Focusing the comment selects the words where they are now; the button shows them.
  await area.evaluate((el) => el.setSelectionRange(0, 0));
  await card.getByRole("button", { name: "Resolve this comment" }).focus();
  const selected = () => area.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  await waitFor(async () => (await selected()) === quote, { what: "the moved words selected", describe: selected });
  await area.evaluate((el) => el.setSelectionRange(0, 0));
  await card.getByTestId("show-moved-quote").click();
  await waitFor(async () => (await selected()) === quote, { what: "the moved words selected again", describe: selected });
  assert.equal(await s.page.evaluate(() => document.activeElement?.tagName), "TEXTAREA");
});
