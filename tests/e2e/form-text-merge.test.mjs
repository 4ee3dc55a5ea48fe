// Two people change the same constitution section at once, each in its own paragraph: one saves
// while the other's form is still open on the section as it was. Saving the second form keeps
// the first person's change (and their new heading) with the second's: a form's free text is
// merged with what changed meanwhile, never written back whole over it, and the banner says so.
// The same for the membership agreement's text on the compliance rules page.
import assert from "node:assert/strict";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { ConstitutionEditPage } from "./pages/constitution-edit-page.mjs";
import { CompliancePage } from "./pages/compliance-page.mjs";

const scenario = e2eSuite();

const FIRST = "Members attend each meeting.";
const SECOND = "A member who cannot attend sends a deputy.";

scenario("a section's text changed in two browsers at once keeps both people's changes", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server);
  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const home = (await list.open("Leicester Safeguarding Children Board")).homePath();

  const heading = `Attendance ${uniqueTag()}`;
  const editA = await new ConstitutionEditPage(a.page).goto(home);
  await editA.add(heading, `${FIRST}\n\n${SECOND}`);
  const editB = await new ConstitutionEditPage(b.page).goto(home);
  await editB.waitForListed(heading, { who: "B" });

  // A opens the section and starts on the second paragraph.
  await editA.edit(heading);
  // Meanwhile B renames it and changes the first paragraph, and saves.
  await editB.edit(heading);
  const renamed = `${heading} and deputies`;
  const firstB = "Members attend each meeting in person or online.";
  await editB.heading.fill(renamed);
  await editB.text.fill(`${firstB}\n\n${SECOND}`);
  await editB.saveAndWait();
  assert.equal((await editB.notice.innerText()).trim().split("\n").at(-1), "Section saved", "B's save met no other change");
  await editA.waitForListed(renamed, { who: "A (B's change synced)" });
  assert.equal(await editA.text.inputValue(), `${FIRST}\n\n${SECOND}`, "A's form still holds the text as A opened it");

  // A saves their change to the second paragraph: B's change to the first stays.
  const secondA = "A member who cannot attend sends a named deputy and tells the chair.";
  await editA.text.fill(`${FIRST}\n\n${secondA}`);
  await editA.saveAndWait();
  // A is told that someone else's change was kept with theirs.
  assert.match(await editA.notice.innerText(), /^Section saved, with the change someone else made to its text while you were editing$/m);
  for (const width of [1280, 360]) {
    await a.page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(a.page, `${width} px constitution edit, with the merged banner`);
    if (process.env.QUORUM_SCREENSHOTS === "1") await a.page.screenshot({ path: `docs/screenshots/section-merged-${width}.png` });
  }

  const want = [firstB, secondA];
  for (const [who, page] of [["A", a.page], ["B", b.page]]) {
    await page.goto(`${home}/constitution`);
    const section = page.getByTestId("constitution-section").filter({ hasText: renamed });
    await waitFor(async () => (await section.count()) === 1 && JSON.stringify(await section.locator("p").allInnerTexts()) === JSON.stringify(want), {
      what: `${who} to read the section with B's heading and both paragraphs changed`,
      describe: async () => JSON.stringify(await page.getByTestId("constitution-section").filter({ hasText: heading }).allInnerTexts()),
    });
  }
});

scenario("the agreement's text changed in two browsers at once keeps both people's changes", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server);
  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const home = (await list.open("Leicester Safeguarding Children Board")).homePath();
  const tag = uniqueTag();
  const opening = `Members attend each meeting (${tag}).`;
  const closing = "Members declare any interest at the start of an item.";
  const agreementText = (page) => page.getByTestId("compliance-form").getByLabel("Agreement text", { exact: true });

  const rulesA = new CompliancePage(a.page);
  await a.page.goto(`${home}/compliance`);
  await rulesA.waitForLoaded();
  await agreementText(a.page).fill(`${opening}\n\n${closing}`);
  await rulesA.change({});
  await waitFor(async () => (await rulesA.page.getByTestId("agreement-text").textContent()).includes(tag), { what: "A's text saved" });

  const rulesB = new CompliancePage(b.page);
  await b.page.goto(`${home}/compliance`);
  await rulesB.waitForLoaded();
  await waitFor(async () => (await agreementText(b.page).inputValue()) === `${opening}\n\n${closing}`, { what: "B's form to hold A's text" });

  // A starts on the closing paragraph; meanwhile B changes the opening one and saves.
  const closingA = "Members declare any interest at the start of an item, and the minutes record it.";
  await agreementText(a.page).fill(`${opening}\n\n${closingA}`);
  const openingB = `Members attend each meeting in person or online (${tag}).`;
  await agreementText(b.page).fill(`${openingB}\n\n${closing}`);
  await rulesB.change({});
  await waitFor(async () => /^Compliance rules saved$/m.test(await rulesB.notice.innerText()), { what: "B's plain banner" });
  await waitFor(async () => (await a.page.getByTestId("agreement-text").textContent()).includes("in person or online"), { what: "B's change to reach A" });
  assert.equal(await agreementText(a.page).inputValue(), `${opening}\n\n${closingA}`, "A's form still holds what A typed");

  await rulesA.change({});
  const merged = /^Compliance rules saved, with the change someone else made to the agreement's text while you were editing$/m;
  await waitFor(async () => merged.test(await rulesA.notice.innerText()), { what: "A's banner to say B's change was kept", describe: () => rulesA.notice.innerText() });
  assert.equal(await a.page.evaluate(() => document.activeElement?.id), "success-banner", "the banner takes focus");
  for (const [who, page] of [["A", a.page], ["B", b.page]]) {
    await waitFor(async () => (await agreementText(page).inputValue()) === `${openingB}\n\n${closingA}`, {
      what: `${who}'s form to hold both changes`,
      describe: async () => JSON.stringify(await agreementText(page).inputValue()),
    });
  }
});
