// Comparing versions of a procedure and editing one's own comment (issue 11), against the real
// server's demo manuals. An editor changes a section of the published "Information sharing"
// draft, opens "Compare versions": the published version against the draft, the changed
// section with its inserted and deleted words, the count of changed sections, the unchanged
// ones folded; the choice of versions is kept in the address and survives a reload; a version
// that is not there is an error against its select box; axe at 360 and 1280 px. With
// QUORUM_SCREENSHOTS=1 it saves docs/screenshots/procedure-compare-{1280,360}.png.
// Related guidance, a local contact and the review date are changed through their form
// (checked, kept on error, axe at 360 and 1024 px, procedure-details-{1280,360}.png), read
// first on the draft (procedure-about-{1280,360}.png), and shown as changes on the compare page.
// A named version of the draft ("Name the working draft as a version") is compared with a later
// edit. Then the author of a comment changes its text: shown as edited, also after a reload, and
// nobody else's comment offers the change.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { DraftPage, SectionComments } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const SHARING = "Information sharing";
const ESCALATION = "Resolving practitioner disagreements and escalation of concerns";
const SECTION = "When to share";

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
  const draft = await DraftPage.open(s.page, LEICESTER, SHARING);
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

  for (const width of [360, 1024, 1280]) {
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

scenario("an editor names the working draft as a version, edits on, and compares the named version with the draft", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await DraftPage.open(s.page, LEICESTER, SHARING);
  const tag = uniqueTag();
  const page = s.page;

  await page.getByTestId("compare-link").click();
  const c = comparePage(page);
  await c.summary.waitFor({ state: "visible" });
  const naming = page.getByTestId("name-draft-version");
  await naming.locator("summary").click();
  const form = naming.getByTestId("procedure-name-version-form");
  assert.equal(await form.getByText("Approval (optional)").count(), 0, "a draft's name has no approval: owners sign off instead");
  // A name is needed.
  await form.getByTestId("name-version").click();
  await form.locator(".govuk-error-summary").getByText("Enter the version, for example 7.7").waitFor();
  await form.getByLabel("Version, for example 7.7").fill(`Consultation draft ${tag}`);
  await form.getByLabel("Note, for example CBC review").fill("As sent to partner agencies");
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(page, `compare, naming the draft (${width} px)`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await form.getByTestId("name-version").click();
  const label = `Named version “Consultation draft ${tag}”: As sent to partner agencies`;
  await waitFor(async () => (await c.from.locator("option").allInnerTexts()).includes(label), { what: "the named version among the choices" });
  assert.equal(await form.locator(".govuk-error-summary").count(), 0);

  // An edit after naming it, then the named version against the draft.
  await page.getByRole("link", { name: "Open the working draft" }).click();
  await draft.sections.first().waitFor({ state: "visible" });
  await draft.typeAtEnd(SECTION, ` Tell the designated lead ${tag}.`);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  await page.getByTestId("compare-link").click();
  await c.summary.waitFor({ state: "visible" });
  await c.from.selectOption({ label });
  await c.to.selectOption("draft");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await waitFor(async () => /^\?from=named-[^&]+&to=draft$/.test(new URL(page.url()).search), { what: "the named version in the address", describe: async () => page.url() });
  await waitFor(async () => (await runs(c.section(SECTION), "inserted")).includes(`designated lead ${tag}.`), { what: "the words typed since the version was named" });
  assert.equal((await c.summary.innerText()).trim(), "1 section changed");
  // Kept across a reload, like any version in the address.
  await page.reload();
  await c.summary.waitFor({ state: "visible" });
  assert.equal(await c.from.locator("option:checked").innerText(), label);
});

scenario("the author of a comment changes its text: shown as edited, also after a reload; not someone else's", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await DraftPage.open(s.page, LEICESTER, ESCALATION);
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

/** The "Procedure details" page's parts. */
function detailsPage(page) {
  return {
    heading: page.getByRole("heading", { level: 1, name: "Procedure details" }),
    summary: page.locator(".govuk-error-summary"),
    banner: page.getByTestId("success-notice"),
    linkRows: page.getByTestId("link-row"),
    contactRows: page.getByTestId("contact-row"),
    linkTitle: page.getByLabel("Title", { exact: true }),
    linkUrl: page.getByLabel("Link", { exact: true }),
    saveLink: page.getByTestId("save-link"),
    contactName: page.getByLabel("Name", { exact: true }),
    contactOrganisation: page.getByLabel("Organisation (optional)", { exact: true }),
    contactDetails: page.getByLabel("How to contact them (optional)", { exact: true }),
    saveContact: page.getByTestId("save-contact"),
    day: page.getByLabel("Day", { exact: true }),
    month: page.getByLabel("Month", { exact: true }),
    year: page.getByLabel("Year", { exact: true }),
    saveReviewDate: page.getByTestId("save-review-date"),
    async summaryLinks() {
      return this.summary.getByRole("link").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.textContent.trim()]));
    },
    async waitForBanner(text) {
      await waitFor(async () => (await this.banner.count()) === 1 && (await this.banner.innerText()).includes(text), {
        what: `the banner "${text}"`,
        describe: async () => `banner: ${await this.banner.allInnerTexts()}; errors: ${await this.summary.allInnerTexts()}`,
      });
      assert.equal(await this.summary.isVisible(), false, "no problem shown");
    },
  };
}

scenario("related guidance, a contact and the review date changed through their form: checked, kept on error, shown on the draft and the compare page", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await DraftPage.open(s.page, LEICESTER, SHARING);
  const about = s.page.getByTestId("procedure-details");
  assert.match(await about.getByTestId("summary-links").innerText(), /Working Together to Safeguard Children \(guidance\)/);
  assert.match(await about.getByTestId("summary-contacts").innerText(), /Safeguarding Partnerships Business Office/);
  await about.getByTestId("change-links").click();
  const f = detailsPage(s.page);
  await f.heading.waitFor({ state: "visible" });
  const tag = uniqueTag();

  // Nothing typed: both problems in the error summary, linked to their fields, and inline.
  await f.saveLink.click();
  await f.summary.waitFor({ state: "visible" });
  assert.deepEqual(await f.summaryLinks(), [
    ["#link-title", "Enter the title of the guidance or legislation"],
    ["#link-url", "Enter the link to the guidance or legislation"],
  ]);
  assert.match(await s.page.locator("#link-url-error").innerText(), /Enter the link/);
  await waitFor(async () => s.page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), { what: "the focus on the error summary" });

  // An http:// link is refused; what was typed stays.
  const act = `Data Protection Act 2018 ${tag}`;
  await f.linkTitle.fill(act);
  await s.page.getByLabel("Legislation", { exact: true }).check();
  await f.linkUrl.fill("http://www.legislation.gov.uk/ukpga/2018/12");
  await f.saveLink.click();
  await waitFor(async () => JSON.stringify(await f.summaryLinks()).includes("starting with https://"), { what: "the https problem", describe: async () => JSON.stringify(await f.summaryLinks()) });
  assert.equal((await f.summaryLinks()).length, 1);
  assert.equal(await f.linkTitle.inputValue(), act);
  assert.equal(await f.linkUrl.inputValue(), "http://www.legislation.gov.uk/ukpga/2018/12");
  assert.equal(await s.page.getByLabel("Legislation", { exact: true }).isChecked(), true);
  await f.linkUrl.fill("https://www.legislation.gov.uk/ukpga/2018/12");
  await f.saveLink.click();
  await f.waitForBanner(`Added “${act}”`);
  assert.equal(await f.linkRows.count(), 2);
  assert.equal(await f.linkTitle.inputValue(), "", "the form is ready for another");

  // Change the existing link: the form is filled in with it.
  const wt = "Working Together to Safeguard Children";
  await f.linkRows.filter({ hasText: wt }).getByRole("button", { name: `Change ${wt}` }).click();
  assert.equal(await f.linkTitle.inputValue(), wt);
  assert.match(await f.linkUrl.inputValue(), /^https:\/\//);
  await f.linkTitle.fill(`${wt} 2023`);
  await f.saveLink.click();
  await f.waitForBanner(`Changed “${wt} 2023”`);
  assert.deepEqual((await f.linkRows.locator("dt").allInnerTexts()).map((t) => t.split("\n")[0].trim()), [`${wt} 2023`, act]);

  // Contacts: a name is required; add one, remove the business office.
  await f.contactOrganisation.fill("Leicestershire Police");
  await f.saveContact.click();
  await waitFor(async () => JSON.stringify(await f.summaryLinks()).includes("Enter the name of the contact"), { what: "the contact's problem" });
  assert.deepEqual((await f.summaryLinks()).map(([href]) => href), ["#contact-name"]);
  assert.equal(await f.contactOrganisation.inputValue(), "Leicestershire Police", "kept");
  const hub = `Safeguarding Hub ${tag}`;
  await f.contactName.fill(hub);
  await f.contactDetails.fill("101, or 999 in an emergency");
  await f.saveContact.click();
  await f.waitForBanner(`Added ${hub}`);
  const office = "Safeguarding Partnerships Business Office";
  await f.contactRows.filter({ hasText: office }).getByRole("button", { name: `Remove ${office}` }).click();
  await f.waitForBanner(`Removed ${office}`);
  assert.deepEqual((await f.contactRows.locator("dt").allInnerTexts()).map((t) => t.trim()), [hub]);

  // The review date: not a real date, then a real one.
  await f.day.fill("31");
  await f.month.fill("2");
  await f.year.fill("2028");
  await f.saveReviewDate.click();
  await waitFor(async () => JSON.stringify(await f.summaryLinks()).includes("real date"), { what: "the date's problem" });
  assert.deepEqual((await f.summaryLinks()).map(([href]) => href), ["#review-day"]);
  assert.equal(await f.day.inputValue(), "31", "kept");
  await f.day.fill("30");
  await f.month.fill("4");
  await f.saveReviewDate.click();
  await f.waitForBanner("Review date set to 30 April 2028");
  // Saved again unchanged: nothing to write, so no banner says it was.
  await f.saveReviewDate.click();
  await waitFor(async () => (await f.banner.count()) === 0, { what: "no banner for a review date saved unchanged" });
  assert.equal(await f.summary.isVisible(), false, "no problem shown");
  assert.deepEqual([await f.day.inputValue(), await f.month.inputValue(), await f.year.inputValue()], ["30", "4", "2028"], "the form shows the date");

  for (const width of [360, 1024]) {
    await s.page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(s.page, `details form (${width} px)`);
  }
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    await s.page.evaluate(() => document.activeElement?.blur());
    for (const width of [1280, 360]) {
      await s.page.setViewportSize({ width, height: 900 });
      await s.page.screenshot({ path: `docs/screenshots/procedure-details-${width}.png`, fullPage: true });
    }
  }
  await s.page.setViewportSize({ width: 1280, height: 900 });

  // The draft reads them first.
  await s.page.getByTestId("back-to-draft").click();
  await draft.sections.first().waitFor({ state: "visible" });
  await waitFor(async () => (await about.getByTestId("summary-review-date").innerText()).trim() === "30 April 2028", { what: "the review date on the draft" });
  assert.match(await about.getByTestId("summary-links").innerText(), new RegExp(`${wt} 2023 \\(guidance\\)[\\s\\S]*${act} \\(legislation\\)`));
  assert.equal((await about.getByTestId("summary-contacts").innerText()).trim(), `${hub}, Leicestershire Police, 101, or 999 in an emergency`);
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await s.page.setViewportSize({ width, height: 900 });
      await about.screenshot({ path: `docs/screenshots/procedure-about-${width}.png` });
    }
    await s.page.setViewportSize({ width: 1280, height: 900 });
  }
  await draft.status.waitFor("saved-server", { who: "Leicester" });

  // The published version compared with the draft: each change in words.
  await s.page.getByTestId("compare-link").click();
  const details = s.page.getByTestId("compare-details");
  await details.waitFor({ state: "visible" });
  assert.equal(
    (await s.page.getByTestId("compare-details-summary").innerText()).trim(),
    "Related guidance and legislation: 1 added, 1 changed. Local contacts: 1 added, 1 removed. Review date changed.",
  );
  const changes = (list) => details.getByTestId(list).getByTestId("compare-item").evaluateAll((items) => items.map((i) => i.dataset.change));
  assert.deepEqual(await changes("compare-links"), ["changed", "added"]);
  assert.deepEqual(await changes("compare-contacts"), ["added", "removed"]);
  const links = details.getByTestId("compare-links");
  assert.ok((await runs(links, "inserted")).includes("2023"), await links.innerText());
  assert.ok((await runs(links, "inserted")).includes(act), await links.innerText());
  assert.ok((await runs(details.getByTestId("compare-contacts"), "deleted")).includes(office));
  assert.match(await details.getByTestId("compare-review-date").innerText(), /30 April 2028/);
  assert.equal((await s.page.getByTestId("compare-summary").innerText()).trim() !== "", true);
});
