// Setting up a procedures manual in the app (issue 11): an admin starts a manual, adds a
// chapter and a procedure, and gives the procedure its title, summary and lead reviewer on its
// details page; a viewer of the same partnership sees all of it arrive, with no forms to
// change it. Axe on the library and the details page at 360 and 1024 px; with
// QUORUM_SCREENSHOTS=1 both are saved to docs/screenshots/ at 1280 and 360 px.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { LibraryPage } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();

/** With QUORUM_SCREENSHOTS=1, saves the page at 1280 and 360 px to docs/screenshots/. */
async function screenshots(page, name) {
  if (process.env.QUORUM_SCREENSHOTS !== "1") return;
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
  }
}
const LEICESTER = "Leicester Safeguarding Children Board";

scenario("an admin starts a manual, adds a chapter and a procedure, and describes it", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("admin", server);
  const tag = uniqueTag();
  const manualTitle = `Child protection procedures ${tag}`;
  const chapterTitle = "Responding to abuse and neglect";

  await LibraryPage.open(a.page, LEICESTER);
  const page = a.page;
  await page.getByTestId("start-manual").locator("summary").click();
  await page.getByLabel("Title of the manual").fill(manualTitle);
  await page.getByRole("button", { name: "Start manual" }).click();
  const manual = page.getByTestId("manual").filter({ has: page.getByRole("heading", { level: 2, name: manualTitle }) });
  await manual.waitFor();
  await manual.getByTestId("no-chapters").waitFor();

  // A chapter needs a title; then it is added.
  const addChapter = manual.getByTestId("add-chapter");
  await addChapter.locator("summary").click();
  await addChapter.getByRole("button", { name: "Add chapter" }).click();
  await addChapter.getByText("Enter the title of the chapter").waitFor();
  await addChapter.getByLabel("Title of the chapter").fill(chapterTitle);
  await addChapter.getByRole("button", { name: "Add chapter" }).click();
  await manual.getByRole("heading", { level: 3, name: chapterTitle }).waitFor();
  assert.equal(await manual.getByTestId("no-chapters").count(), 0, "the manual no longer says it has no chapters");
  assert.equal(await addChapter.getByLabel("Title of the chapter").inputValue(), "", "the field is emptied for the next chapter");

  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(page, `${width} px library with a new manual`);
  }
  await screenshots(page, "library-new-manual");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A procedure in the new chapter: its draft opens.
  const addProcedure = manual.getByTestId("add-procedure");
  await addProcedure.locator("summary").click();
  await addProcedure.getByLabel("Title of the procedure").fill(`Recognising abuse ${tag}`);
  await addProcedure.getByTestId("create-procedure").click();
  await page.waitForURL((url) => url.pathname.endsWith("/draft"));
  const title = page.getByTestId("procedure-title");
  await waitFor(async () => (await title.innerText()).trim() === `Recognising abuse ${tag}`, { what: "the new procedure's draft" });
  assert.equal((await page.getByTestId("summary-summary").innerText()).trim(), "None");
  assert.equal((await page.getByTestId("summary-lead-reviewer").innerText()).trim(), "Not named");

  // Its title, summary and lead reviewer, from "Change" on the draft.
  await page.getByTestId("change-about").click();
  await page.getByRole("heading", { level: 1, name: "Procedure details" }).waitFor();
  const about = page.getByTestId("about-form");
  await about.getByLabel("Title of the procedure", { exact: true }).fill(" ");
  await about.getByTestId("save-about").click();
  await waitFor(async () => (await page.locator(".govuk-error-summary").innerText().catch(() => "")).includes("Enter the title of the procedure"), { what: "the error summary" });
  const newTitle = `Recognising and responding to abuse ${tag}`;
  const summary = "How practitioners recognise abuse and neglect and what they do next.\nFor everyone who works with children.";
  await about.getByLabel("Title of the procedure", { exact: true }).fill(newTitle);
  await about.getByLabel("Summary", { exact: true }).fill(summary);
  await about.getByLabel("Lead reviewer", { exact: true }).fill("Safeguarding Partnership Business Manager");
  await about.getByTestId("save-about").click();
  await waitFor(async () => /^Title, summary and lead reviewer saved$/m.test(await page.getByTestId("success-notice").innerText().catch(() => "")), { what: "the success banner" });
  assert.equal(await page.evaluate(() => document.activeElement?.id), "success-banner", "the banner takes focus");
  assert.equal(await page.locator(".govuk-error-summary").isVisible(), false, "the error summary has gone");
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(page, `${width} px procedure details`);
  }
  await screenshots(page, "procedure-new-described");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByTestId("back-to-draft").click();
  await waitFor(async () => (await title.innerText()).trim() === newTitle, { what: "the draft's new title" });
  assert.equal((await page.getByTestId("summary-summary").innerText()).trim(), summary);
  assert.equal((await page.getByTestId("summary-lead-reviewer").innerText()).trim(), "Safeguarding Partnership Business Manager");

  // A viewer of the partnership sees the manual, its chapter and the procedure arrive, and
  // no form to change them.
  const v = await h.newSession("viewer", server, { account: ACCOUNTS.leicesterViewer });
  const viewerLibrary = await LibraryPage.open(v.page, LEICESTER);
  await viewerLibrary.waitForProcedure(newTitle);
  const seen = v.page.getByTestId("manual").filter({ has: v.page.getByRole("heading", { level: 2, name: manualTitle }) });
  await seen.getByRole("heading", { level: 3, name: chapterTitle }).waitFor();
  for (const form of ["start-manual", "add-chapter", "add-procedure"]) {
    assert.equal(await v.page.getByTestId(form).count(), 0, `a viewer has no ${form} form`);
  }
});

scenario("a joint manual: Leicester's admin starts it for the LLR joint sub group, and LRSCP's editor finds it and adds to it", async (h) => {
  const JOINT = "LLR Joint Procedures & Development Sub Group";
  const LRSCP = "Leicestershire & Rutland Safeguarding Children Partnership";
  const server = await h.startServer();
  const a = await h.newSession("admin", server);
  const tag = uniqueTag();
  const manualTitle = `LLR practice guidance ${tag}`;
  const page = a.page;

  await LibraryPage.open(page, LEICESTER);
  const start = page.getByTestId("start-manual");
  await start.locator("summary").click();
  // Who owns it: Leicester alone (chosen unless changed), or a joint group it owns.
  const owner = start.getByTestId("manual-owner");
  await owner.waitFor();
  assert.equal(await start.getByLabel(`${LEICESTER} alone`).isChecked(), true);
  const joint = start.getByLabel(JOINT, { exact: true });
  assert.match(await owner.innerText(), new RegExp(`${JOINT}\\s+Jointly with ${LRSCP}`));
  await start.getByLabel("Title of the manual").fill(manualTitle);
  await joint.check();
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(page, `${width} px library, starting a joint manual`);
  }
  await screenshots(page, "library-start-joint-manual");
  await page.setViewportSize({ width: 1280, height: 800 });
  await start.getByRole("button", { name: "Start manual" }).click();
  const manual = page.getByTestId("manual").filter({ has: page.getByRole("heading", { level: 2, name: manualTitle }) });
  await manual.waitFor();

  // LRSCP's editor finds it through the joint group, adds a chapter and a procedure.
  const e = await h.newSession("lrscp", server, { account: ACCOUNTS.lrscpEditor });
  await LibraryPage.open(e.page, LRSCP);
  const theirs = e.page.getByTestId("manual").filter({ has: e.page.getByRole("heading", { level: 2, name: manualTitle }) });
  await theirs.waitFor({ timeout: 30_000 });
  const addChapter = theirs.getByTestId("add-chapter");
  await addChapter.locator("summary").click();
  await addChapter.getByLabel("Title of the chapter").fill("Working together across LLR");
  await addChapter.getByRole("button", { name: "Add chapter" }).click();
  await theirs.getByRole("heading", { level: 3, name: "Working together across LLR" }).waitFor();
  const addProcedure = theirs.getByTestId("add-procedure");
  await addProcedure.locator("summary").click();
  const procedure = `Joint visits ${tag}`;
  await addProcedure.getByLabel("Title of the procedure").fill(procedure);
  await addProcedure.getByTestId("create-procedure").click();
  await e.page.waitForURL((url) => url.pathname.endsWith("/draft"));
  // Both partnerships own it: its sign-off panel waits for each of them.
  const panel = e.page.getByTestId("sign-offs");
  await waitFor(async () => {
    const text = await panel.innerText().catch(() => "");
    return text.includes(LEICESTER) && text.includes(LRSCP);
  }, { what: "both owners in the new procedure's sign-off panel", describe: async () => panel.innerText().catch(() => "(none)") });

  // Leicester's admin sees LRSCP's chapter and procedure arrive.
  await manual.getByRole("heading", { level: 3, name: "Working together across LLR" }).waitFor({ timeout: 30_000 });
  await new LibraryPage(page).waitForProcedure(procedure);
});
