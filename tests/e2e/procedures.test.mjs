// Shared procedures (issue 11) end to end, against the real server's demo manuals: two
// partnerships write one section at the same time and converge, online and across an offline
// spell; search finds a word typed offline moments ago, and, for a person in two partnerships,
// the other partnership's procedures too; a procedure moved through its
// lifecycle, signed off and published shows as version 1 in the reader, and its sign-off, once
// the draft changes, links to what changed since; it goes out in an update from the
// library; axe on every page.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { LibraryPage, ReaderPage } from "./pages/procedures-page.mjs";
import { PeoplePage } from "./pages/people-page.mjs";
import { InvitePage } from "./pages/invite-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const LRSCP = "Leicestershire & Rutland Safeguarding Children Partnership";
const MISSING = "Children missing from home or care";
const SECTION = "Reporting a child missing";
const CONVERGE_TIMEOUT_MS = 45_000;

/** The path of the draft of `title`, opened from `partnership`'s library. */
async function openDraft(session, partnership, title) {
  // One page load, then the app's own links (a second load while the service worker is
  // still caching the app would abort it).
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships({ containing: partnership });
  await list.open(partnership);
  const library = await openLibrary(session.page);
  await library.waitForProcedure(title);
  const reader = await library.openProcedure(title);
  const draft = await reader.openDraft();
  return { library, draft };
}

/** Follows the "Procedures" link (partnership home or breadcrumb) to the library. */
async function openLibrary(page) {
  await page.getByRole("link", { name: "Procedures", exact: true }).first().click();
  const library = new LibraryPage(page);
  await library.heading.waitFor({ state: "visible" });
  return library;
}

async function sameText(drafts, heading, { contains, timeout = 20_000 }) {
  return waitFor(async () => {
    const texts = await Promise.all(drafts.map((d) => d.text(heading)));
    return texts.every((t) => t === texts[0]) && contains.every((c) => texts[0].includes(c)) ? texts[0] : undefined;
  }, {
    what: `the same text of "${heading}" in every browser, with ${JSON.stringify(contains)}`,
    timeout,
    describe: async () => JSON.stringify(await Promise.all(drafts.map((d) => d.text(heading)))),
  });
}

scenario("Leicester and LRSCP type into one section at the same time and end with the same text", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const b = await h.newSession("LRSCP", server, { account: ACCOUNTS.lrscpEditor });
  const { draft: da } = await openDraft(a, LEICESTER, MISSING);
  const { draft: db } = await openDraft(b, LRSCP, MISSING);
  await da.status.waitFor("saved-server", { who: "Leicester" });
  await db.status.waitFor("saved-server", { who: "LRSCP" });
  const tag = uniqueTag();
  const fromA = ` Leicester adds ${tag} at the end.`;
  const fromB = `LRSCP first ${tag}. `;
  await Promise.all([da.typeAtEnd(SECTION, fromA), db.typeAtStart(SECTION, fromB)]);
  // Both browsers end with the same text, with every character each typed (nothing lost).
  // Known issue (reported): while remote keystrokes arrive, the typist's own letters can
  // land one place off, so the exact order of each typed phrase is not asserted yet.
  const text = await sameText([da, db], SECTION, { contains: [tag] });
  const added = text.replace("Report a missing child to the police as soon as you are worried, and tell the child's social worker if they have one.", "");
  const letters = (s) => [...s].sort().join("");
  assert.equal(letters(added), letters(fromB + fromA), `every typed character arrived once: ${JSON.stringify(text)}`);
});

scenario("one goes offline, both keep typing, search finds the offline word, they converge on reconnecting", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const b = await h.newSession("LRSCP", server, { account: ACCOUNTS.lrscpEditor, offlineSwitch: true });
  const { draft: da } = await openDraft(a, LEICESTER, MISSING);
  const { draft: db } = await openDraft(b, LRSCP, MISSING);
  await db.status.waitFor("saved-server", { who: "LRSCP" });

  await b.cutter.goOffline();
  await db.status.waitFor(["offline", "saved-local"], { who: "LRSCP (cut off)" });
  const tag = uniqueTag();
  const word = `zanzibar${tag}`;
  await Promise.all([
    da.typeAtEnd(SECTION, ` Online note ${tag}.`),
    db.typeAtStart("Return interviews", `Offline ${word} note. `),
  ]);

  // Still offline: the library's search (reached in the app, no reload) finds the new word.
  await b.page.getByRole("link", { name: "Procedures", exact: true }).click();
  const library = new LibraryPage(b.page);
  await library.heading.waitFor({ state: "visible" });
  const hits = await library.searchFor(word);
  assert.ok(hits.some((t) => t.includes(MISSING)), `the hit names the procedure: ${JSON.stringify(hits)}`);
  assert.ok((await library.marked()).some((m) => m.toLowerCase().includes(word)), "the matched word is highlighted");
  await b.page.goBack();
  await db.sections.first().waitFor({ state: "visible" });

  await b.cutter.goOnline();
  await sameText([da, db], SECTION, { contains: [`Online note ${tag}.`], timeout: CONVERGE_TIMEOUT_MS });
  await sameText([da, db], "Return interviews", { contains: [`Offline ${word} note. `], timeout: CONVERGE_TIMEOUT_MS });
});

scenario("a person in two partnerships searches every procedure on the device: the other partnership's manuals too", async (h) => {
  const server = await h.startServer();
  // Leicester's admin invites Derby's admin to Leicester, as a viewer.
  const a = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  await list.open(LEICESTER);
  await a.page.getByTestId("people-link").click();
  const people = await new PeoplePage(a.page).waitForLoaded();
  const invitation = await people.invite(ACCOUNTS.ddscpAdmin, "Viewer");
  const d = await h.newSession("Derby", server, { account: ACCOUNTS.ddscpAdmin });
  const invite = await new InvitePage(d.page).goto(invitation);
  await invite.acceptAsSignedIn(ACCOUNTS.ddscpAdmin);

  // From Derby's own library, a word of the LLR manual's procedure is found, and opens it.
  const library = await LibraryPage.open(d.page, "Derby and Derbyshire");
  const hits = await library.searchFor("designated officer", "Allegations against people who work with children");
  assert.ok(hits.some((t) => t.includes("Allegations against people who work with children")), JSON.stringify(hits));
  // Derby's own procedures are still found.
  const own = await library.searchFor("escalation", "Escalation policy");
  assert.ok(own.some((t) => t.includes("Escalation policy")), JSON.stringify(own));
});

scenario("DDSCP moves a procedure on, signs it off and publishes it: the reader shows version 1, never the draft", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("DDSCP", server, { account: ACCOUNTS.ddscpAdmin });
  const { draft } = await openDraft(s, "Derby and Derbyshire", "Bruising in babies");
  const reader = new ReaderPage(s.page);
  await draft.moveTo("Drafting");
  const tag = uniqueTag();
  const heading = await s.page.locator("[data-testid=draft-section] h3").first().innerText();
  const first = heading.replace(/^\d+\.\s*/, "");
  await draft.typeAtEnd(first, ` Signed text ${tag}.`);
  await draft.moveTo("Awaiting sign-off");
  await draft.signOffFor("Derby and Derbyshire Safeguarding Children Partnership");
  await s.page.getByTestId("publish").waitFor({ state: "visible" });
  await draft.publish(`First version ${tag}`);
  await waitFor(async () => (await draft.draftStatus.innerText()).trim() === "Published", { what: "the status Published" });

  // Edit the draft after publication: readers still see version 1.
  await draft.typeAtEnd(first, ` Unpublished ${tag}.`);
  await s.page.getByRole("link", { name: "Read the published version" }).click();
  await reader.published.waitFor({ state: "visible" });
  assert.match(await reader.version.innerText(), /^Version 1, published /);
  assert.match(await reader.amendments.innerText(), new RegExp(`First version ${tag}`));
  const body = await reader.published.innerText();
  assert.ok(body.includes(`Signed text ${tag}.`), "the published text");
  assert.ok(!body.includes(`Unpublished ${tag}`), "never the draft");

  // Print: the media type hides the app's chrome and keeps title, version and date.
  await s.page.emulateMedia({ media: "print" });
  assert.equal(await s.page.locator(".app-header").isVisible(), false);
  assert.equal(await s.page.locator(".govuk-breadcrumbs").isVisible(), false);
  assert.ok(await reader.version.isVisible());
  await s.page.emulateMedia({ media: "screen" });

  // Back on the draft, the sign-off is for an earlier version, with a link to what changed.
  await reader.openDraft();
  const since = s.page.getByTestId("changed-since-sign-off");
  await since.waitFor();
  assert.match(await s.page.getByTestId("sign-off-row").first().innerText(), /Signed off an earlier version/);
  await since.click();
  await s.page.waitForURL((url) => url.pathname.endsWith("/compare"));
  await waitFor(async () => (await s.page.locator("ins.app-diff__ins").allInnerTexts()).some((t) => t.includes(`Unpublished ${tag}`)), {
    what: "the words typed since the sign-off, marked as added",
    describe: async () => JSON.stringify(await s.page.locator("ins.app-diff__ins").allInnerTexts()),
  });

  // Version 1 goes out in an update, from the library: the manual's updates list has its
  // amendment and the procedure is flagged as updated in it.
  const library = await LibraryPage.open(s.page, "Derby and Derbyshire");
  const manual = s.page.getByTestId("manual").filter({ hasText: "Bruising in babies" });
  const update = manual.getByTestId("publish-update");
  await update.locator("summary").click();
  await update.getByRole("button", { name: "Publish update" }).click();
  await update.getByText("Enter the name of the update").waitFor();
  await update.getByText("Choose at least one published procedure for the update").waitFor();
  const updateName = `Spring update ${tag}`;
  await update.getByLabel("Name of the update").fill(updateName);
  await update.getByLabel(/^Bruising in babies.*, version 1$/).check();
  await update.getByRole("button", { name: "Publish update" }).click();
  await waitFor(async () => (await manual.getByTestId("publish-update-done").innerText()).includes(`“${updateName}” published, with 1 procedure`), { what: "the update published" });
  const entry = library.entries.filter({ hasText: "Bruising in babies" });
  await waitFor(async () => (await entry.getByTestId("updated-flag").innerText().catch(() => "")).includes(updateName), { what: "the updated flag" });
  await manual.getByText("Updates to this manual").click();
  assert.match(await manual.innerText(), new RegExp(`First version ${tag}`), "the update's amendments list has the version's amendment");
  await update.getByTestId("nothing-to-update").waitFor({ state: "attached" });
  for (const width of [1024, 360]) {
    await s.page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(s.page, `library after an update (${width} px)`);
  }
});

scenario("axe: no serious or critical violations on the library, reader and draft at 360 and 1024 px", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  await openDraft(s, LEICESTER, "Information sharing");
  for (const width of [360, 1024]) {
    await s.page.setViewportSize({ width, height: 900 });
    const library = await openLibrary(s.page);
    await library.waitForProcedure(MISSING);
    await library.searchFor("escalation", "escalation");
    await expectNoSeriousAxeViolations(s.page, `library (${width} px)`);
    await library.search.fill("");
    const reader = await library.openProcedure("Information sharing");
    await reader.published.waitFor({ state: "visible" });
    await expectNoSeriousAxeViolations(s.page, `reader (${width} px)`);
    const draft = await reader.openDraft();
    await draft.sections.first().waitFor();
    await expectNoSeriousAxeViolations(s.page, `draft (${width} px)`);
  }
});

scenario("a joint procedure is signed off by both owners: LRSCP's admin names an editor to sign for it, who does, and it is published", async (h) => {
  const server = await h.startServer();
  // Leicester has signed off "Neglect" (owned by Leicester and LRSCP through the LLR joint
  // sub group); LRSCP has not.
  const admin = await h.newSession("LRSCP admin", server, { account: ACCOUNTS.lrscpAdmin });
  const { draft } = await openDraft(admin, LRSCP, "Neglect");
  const rows = admin.page.getByTestId("sign-off-row");
  await waitFor(async () => (await rows.count()) === 2, { what: "a sign-off row for each owner" });
  // LRSCP's people cannot read Leicester's partnership document: its row is unnamed.
  const leicesterRow = rows.filter({ hasNotText: LRSCP });
  const lrscpRow = rows.filter({ hasText: LRSCP });
  assert.match(await leicesterRow.innerText(), /Signed off by[\s\S]*Signs off: one of its administrators/);
  assert.match(await lrscpRow.innerText(), /Not signed off yet/);
  assert.match(await lrscpRow.getByTestId("signatories").innerText(), new RegExp(`^Signs off: an administrator of ${LRSCP}$`));
  assert.equal(await leicesterRow.getByTestId("name-signatory").count(), 0, "an admin names signatories only for their own partnership");

  // The form checks the address, then names the LRSCP editor.
  const naming = lrscpRow.getByTestId("name-signatory");
  await naming.locator("summary").click();
  await naming.getByLabel("Their email address").fill("the lrscp editor");
  await naming.getByTestId("save-signatory").click();
  await naming.getByText("Enter the person's email address, like name@example.org").waitFor();
  await naming.getByLabel("Their email address").fill(` ${ACCOUNTS.lrscpEditor.toUpperCase()} `);
  await naming.getByTestId("save-signatory").click();
  await waitFor(async () => (await lrscpRow.getByTestId("signatories").innerText()).endsWith(`, or ${ACCOUNTS.lrscpEditor}`), {
    what: "the editor named as a signatory",
    describe: () => lrscpRow.innerText(),
  });
  for (const width of [360, 1024]) {
    await admin.page.setViewportSize({ width, height: 800 });
    await expectNoSeriousAxeViolations(admin.page, `${width} px sign-off panel with the naming form`);
  }
  await admin.page.setViewportSize({ width: 1280, height: 800 });

  // The editor, on their own device, now signs off for LRSCP: both owners have signed the
  // same version, so it is signed off, and the admin publishes it.
  const editor = await h.newSession("LRSCP editor", server, { account: ACCOUNTS.lrscpEditor });
  const mine = await openDraft(editor, LRSCP, "Neglect");
  await mine.draft.signOffFor(LRSCP);
  await waitFor(async () => (await mine.draft.draftStatus.innerText()).trim() === "Signed off", {
    what: "the procedure signed off by both owners",
    describe: async () => `${await mine.draft.draftStatus.innerText()}; ${await editor.page.getByTestId("sign-offs").innerText()}`,
  });
  await waitFor(async () => /Signed off by lrscp\.editor@example\.org|Signed off by LRSCP Editor/.test(await lrscpRow.innerText()), {
    what: "the admin's device to show the editor's sign-off",
    describe: () => lrscpRow.innerText(),
  });
  await admin.page.getByTestId("publish").waitFor({ state: "visible" });
  await draft.publish("Joint sign-off by both partnerships");
  await waitFor(async () => (await draft.draftStatus.innerText()).trim() === "Published", { what: "the status Published" });
});
