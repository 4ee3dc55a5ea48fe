// The partnership's home reads first and edits second (issue 9): what needs attention (with the
// procedures due for review, issue 11), the groups
// and a structure chart that fits the screen and draws every reporting line (issue 16, item 8),
// then summary lists whose "Change" links open forms on their own pages. The constitution reads
// as a document on its own page and is edited on another; an earlier version shows the same
// read-only sections. axe-core finds no serious or critical violations, and nothing scrolls
// sideways, at 1280 and 360 px.
import assert from "node:assert/strict";
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();

async function axeProblems(page, label) {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
}

async function sideways(page, label) {
  const m = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, w: window.innerWidth }));
  return m.doc > m.w || m.body > m.w ? [`${label}: scrollWidth ${m.doc} / body ${m.body} > ${m.w}`] : [];
}

async function openLeicester(h, label = "reader") {
  const server = await h.startServer();
  const session = await h.newSession(label, server);
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  await waitFor(async () => (await leicester.groupNames()).length >= 8, { what: "Leicester's groups", describe: () => leicester.describe() });
  return { ...session, server, leicester };
}

scenario("the home puts what needs attention first, then groups and chart, then summary lists with Change links", async (h) => {
  const { page, leicester } = await openLeicester(h);
  await page.setViewportSize({ width: 1280, height: 800 });
  const home = leicester.homePath();
  const attention = page.getByTestId("attention");
  await waitFor(async () => (await attention.getByTestId("attention-group").count()) > 0, { what: "groups needing attention" });
  // The demo's appointments are due: an overdue DBS check or agreement is flagged against its group.
  const text = await attention.innerText();
  assert.match(text, /overdue/);
  assert.match(text, /DBS check|agreement/);
  // The joint manual's procedure past its review date is listed, linking to the procedure.
  const reviews = attention.getByTestId("reviews-due");
  const allegations = reviews.getByTestId("review-due").filter({ hasText: "Allegations against people who work with children" });
  await allegations.waitFor({ timeout: 20_000 });
  assert.equal(await allegations.getAttribute("data-overdue"), "true");
  assert.match(await allegations.innerText(), /Review due since \d{1,2} \w+ \d{4}/);
  assert.match(await reviews.getByTestId("reviews-due-headline").innerText(), /^1 procedure is due for review\.$/);
  assert.match(await allegations.getByRole("link").getAttribute("href"), /^\/procedures\/[^/]+$/);

  // Reading order: attention, groups, then the summaries.
  const order = await page.evaluate(() =>
    ["attention", "groups", "partnership-about", "business-plan"].map(
      (id) => document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect().top ?? -1,
    ),
  );
  assert.ok(order.every((t, i) => t >= 0 && (i === 0 || t > order[i - 1])), `sections out of order: ${order}`);
  // No edit form on the home: every change is a link to its own page.
  assert.equal(await page.locator("main form").count(), 0, "the home holds no forms");
  const hrefs = await leicester.changeLinks.evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
  for (const want of ["/edit/name", "/edit/area", "/organisations", "/edit/links", "/edit/business-plan"]) {
    assert.ok(hrefs.includes(home + want), `a Change link to ${home + want} in ${JSON.stringify(hrefs)}`);
  }
  // Each organisation has its Change link on the organisations page.
  await page.getByTestId("change-organisations").click();
  await page.waitForURL((url) => url.pathname === `${home}/organisations`);
  await page.getByTestId("organisation-row").first().waitFor();
  const orgLinks = await leicester.changeLinks.evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
  assert.equal(orgLinks.length, await page.getByTestId("organisation-row").count());
  assert.ok(orgLinks.every((h) => h.startsWith(`${home}/organisations/`)), JSON.stringify(orgLinks));
  await page.goBack();
  await leicester.waitForLoaded();
  // Two or three screens at 1280 px.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`partnership home height at 1280 px: ${height} px`);
  assert.ok(height <= 3 * 800 + 400, `the home is ${height} px tall at 1280 px`);

  // A change made on its own page comes back to the home.
  await leicester.rename(`Leicester Safeguarding Children Board ${uniqueTag()}`);
  await leicester.notice.waitFor({ state: "visible" });
  assert.match(await leicester.notice.innerText(), /Partnership name saved/);

  // Saved without a change, the name is not written again (that would put back a name another
  // device changed while the form was open): back on the home as after "Cancel", no banner.
  const named = await page.getByTestId("partnership-name").innerText();
  await page.getByTestId("change-name").click();
  await leicester.nameInput.waitFor();
  await leicester.saveNameButton.click();
  await leicester.waitForHome(home);
  await page.getByTestId("partnership-name").waitFor();
  assert.equal(await leicester.notice.count(), 0, "no banner for nothing saved");
  assert.equal(await page.getByTestId("partnership-name").innerText(), named);
});

scenario("the structure chart fits 1280 and 360 px and draws further reporting lines dashed", async (h) => {
  const { page, leicester } = await openLeicester(h, "chart");
  const problems = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(leicester.homePath());
    await leicester.waitForLoaded();
    await waitFor(async () => (await leicester.chartCounts()).groups >= 8, { what: `the chart at ${width} px` });
    // Wait for the chart to be laid out for this width.
    await waitFor(
      async () =>
        page.getByTestId("structure-chart").evaluate((f) => {
          const svg = f.querySelector("svg");
          return svg && svg.getBoundingClientRect().width <= f.getBoundingClientRect().width + 0.5;
        }),
      { what: `the chart to fit its box at ${width} px` },
    );
    problems.push(...(await sideways(page, `${width}px home`)));
    const lines = await leicester.chartLines();
    // Leicester: five groups report to another Leicester group; the joint Child Death Review
    // Panel also reports to Leicester's Board (dashed).
    assert.ok(lines.solid >= 5, `solid lines at ${width}: ${JSON.stringify(lines)}`);
    assert.ok(lines.dashed >= 1, `dashed lines at ${width}: ${JSON.stringify(lines)}`);
    // Text in the chart stays readable: the drawing is not shrunk below 80%.
    const scale = await page.getByTestId("structure-chart").evaluate((f) => {
      const svg = f.querySelector("svg");
      return svg.getBoundingClientRect().width / Number(svg.getAttribute("width"));
    });
    assert.ok(scale >= 0.8, `the chart is drawn at ${scale} of its size at ${width} px`);
    problems.push(...(await axeProblems(page, `${width}px home`)));
  }
  if (problems.length) throw new Error(`problems:\n  ${problems.join("\n  ")}`);
});

scenario("the constitution reads as a document with contents, is edited on its own page, and earlier versions read the same", async (h) => {
  const { page, leicester } = await openLeicester(h, "constitution");
  const home = leicester.homePath();
  await page.getByTestId("constitution-link").click();
  await page.waitForURL((url) => url.pathname === `${home}/constitution`);
  const contents = page.getByTestId("constitution-contents").locator("a");
  await waitFor(async () => (await contents.count()) >= 16, { what: "the constitution's contents list" });
  assert.equal(await contents.count(), await page.getByTestId("constitution-section").count(), "one contents entry per section");
  assert.equal(await contents.nth(15).getAttribute("href"), "#section-16");
  assert.equal((await page.locator("#section-16").innerText()).trim(), "16 – Quoracy");
  assert.equal(await page.locator("main form, main button").count(), 0, "reading the constitution shows no forms or buttons");

  // Editing: its own page; a new section appears in the document.
  await page.getByTestId("edit-constitution").click();
  await page.waitForURL((url) => url.pathname === `${home}/constitution/edit`);
  const heading = `Review of this constitution ${uniqueTag()}`;
  await page.getByLabel("Section heading", { exact: true }).fill(heading);
  await page.getByLabel("Section text", { exact: true }).fill("Reviewed each year.\n\nAgreed by the Board.");
  await page.getByTestId("save-section").click();
  await page.getByTestId("success-notice").waitFor();
  await page.getByTestId("done").click();
  await page.waitForURL((url) => url.pathname === `${home}/constitution`);
  await waitFor(async () => (await leicester.sectionHeadings()).some((t) => t.endsWith(heading)), { what: "the new section in the document" });
  const last = page.getByTestId("constitution-section").last();
  assert.equal(await last.locator("p").count(), 2, "blank lines separate paragraphs");

  // History is its own page; an earlier version shows the home's read-only sections, no Change links.
  await page.goto(`${home}/history`);
  await page.getByTestId("partnership-timeline-entry").first().waitFor();
  const problems = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    problems.push(...(await axeProblems(page, `${width}px history`)));
  }
  const versionHref = await page.getByTestId("partnership-timeline-entry").nth(1).getByRole("link").getAttribute("href");
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(versionHref);
    await page.getByTestId("read-only-version").waitFor();
    for (const id of ["partnership-about", "organisations", "external-links", "business-plan", "version-constitution"]) {
      await page.getByTestId(id).waitFor({ state: "attached" });
    }
    assert.equal(await page.locator("main .govuk-summary-list__actions a").count(), 0, "an earlier version has no Change links");
    problems.push(...(await axeProblems(page, `${width}px earlier version`)));
    if (width === 360) problems.push(...(await sideways(page, "earlier version")));
    await page.goto(`${home}/constitution`);
    await page.getByTestId("constitution-section").first().waitFor();
    problems.push(...(await axeProblems(page, `${width}px constitution`)));
    if (width === 360) problems.push(...(await sideways(page, "constitution")));
    await page.goto(`${home}/groups/new`);
    await page.getByTestId("add-group").click();
    await page.locator(".govuk-error-summary li").first().waitFor();
    problems.push(...(await axeProblems(page, `${width}px add a group (with errors)`)));
    if (width === 360) problems.push(...(await sideways(page, "add a group")));
  }
  if (problems.length) throw new Error(`problems:\n  ${problems.join("\n  ")}`);
});
