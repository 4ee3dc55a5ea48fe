// Every main page on a 360 px wide phone: a screenshot in tests/e2e/artifacts/ and no horizontal
// scrolling; and axe-core (pinned in package.json) finds no serious or critical violations, at
// 360 px and at desktop width.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS_DIR, e2eSuite, waitFor } from "./helpers/harness.mjs";
import { axeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";

const scenario = e2eSuite();

/** The main pages: [name, path or a function of the first partnership's path, what to wait for]. */
const PAGES = [
  ["partnerships", "/", "Partnerships"],
  ["partnership", (p) => p, null],
  ["people", (p) => `${p}/people`, "People"],
  ["account", "/account", "Your account"],
  ["sign-in", "/sign-in", "Sign in"],
  ["settings", "/settings", "Settings"],
  ["accessibility", "/accessibility", "Accessibility statement for Quorum"],
  ["not-found", "/no-such-page", "Page not found"],
];

async function openPage(page, path, heading) {
  await page.goto(path);
  if (heading) {
    await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor({ state: "visible" });
  } else {
    await new PartnershipPage(page).waitForLoaded();
  }
  await page.getByTestId("sync-status").waitFor({ state: "visible" });
}

async function mainPages(h) {
  const server = await h.startServer();
  const session = await h.newSession("phone", server);
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships();
  const partnershipPath = await list.pathOf();
  return { session, pages: PAGES.map(([name, path, heading]) => [name, typeof path === "function" ? path(partnershipPath) : path, heading]) };
}

scenario("every main page at 360 px: screenshot and no horizontal scrolling", async (h) => {
  const { session, pages } = await mainPages(h);
  const { page } = session;
  await page.setViewportSize({ width: 360, height: 780 });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const problems = [];
  for (const [name, path, heading] of pages) {
    await openPage(page, path, heading);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `mobile-360--${name}.png`), fullPage: true });
    const m = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    if (m.scrollWidth > m.innerWidth || m.bodyScrollWidth > m.innerWidth) {
      problems.push(`${name} (${path}): scrollWidth ${m.scrollWidth} / body ${m.bodyScrollWidth} > innerWidth ${m.innerWidth}`);
    }
  }
  if (problems.length) throw new Error(`horizontal scrolling at 360 px:\n  ${problems.join("\n  ")}`);
});

scenario("axe-core finds no serious or critical violations on any main page", async (h) => {
  const { session, pages } = await mainPages(h);
  const { page } = session;
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    for (const [name, path, heading] of pages) {
      await openPage(page, path, heading);
      const violations = await axeViolations(page);
      for (const v of violations) {
        const line = `${width}px ${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`;
        if (v.impact === "serious" || v.impact === "critical") problems.push(line);
        else console.log(`axe (not failing): ${line}`);
      }
    }
  }
  if (problems.length) throw new Error(`axe-core violations:\n  ${problems.join("\n  ")}`);
});
