// axe-core (pinned in package.json) in a page. The app's Content-Security-Policy forbids inline
// scripts, so axe is evaluated through the DevTools protocol (page.evaluate), which CSP does not
// govern, rather than added as a <script> tag.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it is now: [{ id, impact, help, nodes }]. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
}

/** Throws when axe finds serious or critical violations; logs the others. */
export async function expectNoSeriousAxeViolations(page, name) {
  const violations = await axeViolations(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of violations.filter((v) => !serious.includes(v))) console.log(`axe (not failing) ${name}: [${v.impact}] ${v.id} — ${v.help}`);
  if (serious.length) {
    throw new Error(`axe-core on the ${name} page:\n  ${serious.map((v) => `[${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`).join("\n  ")}`);
  }
}
