// The group page, its seat form and its other forms (details, terms, rules, links, add a seat),
// the directory of people and an earlier version of a group: axe-core finds no serious or
// critical violations at 360 px and desktop width, and at 360 px nothing scrolls sideways
// except the tables and chart inside their own regions.
import { axeViolations } from "./helpers/axe.mjs";
import { e2eSuite } from "./helpers/harness.mjs";
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

scenario("group, directory and earlier-version pages pass axe-core and fit a 360 px screen", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("a11y", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const partnershipPath = new URL(page.url()).pathname;
  const board = await leicester.openGroup("Leicester Safeguarding Children Board (Board)");
  await board.waitForSeats(20);
  const groupPath = new URL(page.url()).pathname;
  const versionHref = await page.getByTestId("view-version").first().getAttribute("href");
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(groupPath);
    await board.waitForSeats(20);
    problems.push(...(await axeProblems(page, `${width}px group page`)));
    if (width === 360) problems.push(...(await sideways(page, "group page")));
    for (const form of ["edit/details", "edit/terms", "edit/rules", "edit/links", "seats/new"]) {
      await page.goto(`${groupPath}/${form}`);
      await page.getByTestId("back-to-group").waitFor();
      problems.push(...(await axeProblems(page, `${width}px ${form}`)));
      if (width === 360) problems.push(...(await sideways(page, form)));
    }
    await page.goto(groupPath);
    await board.waitForSeats(20);
    await board.editSeat("Independent Chair");
    await page.getByTestId("seat-editor").waitFor();
    problems.push(...(await axeProblems(page, `${width}px group with the seat editor`)));
    if (width === 360) problems.push(...(await sideways(page, "group")));
    await page.goto(`${partnershipPath}/directory`);
    await page.getByRole("heading", { level: 1, name: "Directory of people" }).waitFor();
    problems.push(...(await axeProblems(page, `${width}px directory`)));
    if (width === 360) problems.push(...(await sideways(page, "directory")));
    await page.goto(versionHref);
    await page.getByTestId("read-only-version").waitFor();
    problems.push(...(await axeProblems(page, `${width}px earlier version`)));
    if (width === 360) problems.push(...(await sideways(page, "earlier version")));
  }
  if (problems.length) throw new Error(`problems:\n  ${problems.join("\n  ")}`);
});
