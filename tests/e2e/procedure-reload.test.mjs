// What a person typed is saved on the device even when the page goes at once: typing into a
// section with sync cut (so the server cannot hold it), then reloading right after the last
// keystroke, shows every character typed. Saving waits for the frame after a keystroke (it
// is kept off the input path), so this proves the page saves what is held when it is left.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { DraftPage } from "./pages/procedures-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const MISSING = "Children missing from home or care";
const SECTION = "Reporting a child missing";

scenario("a reload right after typing, with sync cut, keeps every character typed", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin, offlineSwitch: true });
  const draft = await DraftPage.open(s.page, LEICESTER, MISSING);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const before = await draft.text(SECTION);

  await s.cutter.cutSyncOnly();
  const typed = ` Kept on reload ${uniqueTag()}.`;
  await draft.typeAtEnd(SECTION, typed, { delay: 0 });
  await s.page.reload({ waitUntil: "load" });

  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  const text = await waitFor(async () => {
    const t = await again.text(SECTION);
    return t.length >= before.length + typed.length ? t : undefined;
  }, { what: `the section with ${JSON.stringify(typed)} after the reload`, describe: () => again.text(SECTION) });
  assert.equal(text, before + typed, "every character typed, in order, nothing else");
});

// A large draft (a document of 64 KB or more takes long enough to load that it waits for the
// page) opened before on this device shows its text at once on a full load, from the saved
// reading of it, and takes typing at once: what is typed before the document has loaded is
// added to it when it has, and the caret stays where it was, in the editor.
scenario("a large draft shows its text at once on a full load, and what is typed before it loads is kept", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin });
  const draft = await DraftPage.open(s.page, LEICESTER, MISSING);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const before = await draft.text(SECTION);
  // Random words, so the stored document (compressed) stays large.
  const added = Array.from({ length: 20000 }, () => ` ${Math.random().toString(36).slice(2, 8)}`).join("");
  await draft.editor(SECTION).fill(before + added);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const whole = await draft.text(SECTION);
  assert.equal(whole.length, before.length + added.length);
  await readingHolds(s.page, whole.slice(-40));

  await typeIntoReadingWhenAsked(s.context);
  const early = ` Typed early ${uniqueTag()}.`;
  await s.page.evaluate((t) => sessionStorage.setItem("e2e.early", t), early);
  await s.page.reload({ waitUntil: "load" });
  const again = new DraftPage(s.page);
  await again.sections.first().waitFor({ state: "visible" });
  const seen = await waitFor(async () => {
    const areas = await s.page.evaluate(() => window.__seenAreas);
    return areas.some((a) => !a.preview && a.length >= whole.length) ? areas : undefined;
  }, { what: "the editor with the whole text", describe: () => s.page.evaluate(() => JSON.stringify(window.__seenAreas)) });
  assert.deepEqual(seen[0], { preview: true, readOnly: false, length: whole.length }, `first the saved reading: ${JSON.stringify(seen)}`);
  assert.equal(await s.page.evaluate(() => window.__typedEarly), whole.length + early.length, "typed into the reading before the document loaded");
  assert.equal(await again.text(SECTION), whole + early, "what was typed early is in the draft");
  assert.equal(await s.page.getByTestId("draft-opening").count(), 0, "the note goes with the saved reading");
  // The caret is in the editor where it was: typing on carries on after what was typed.
  const caret = await s.page.evaluate(() => ({ label: document.activeElement?.labels?.[0]?.textContent, at: document.activeElement?.selectionStart }));
  assert.ok(caret.label?.includes(SECTION), `the editor has focus: ${JSON.stringify(caret)}`);
  assert.equal(caret.at, whole.length + early.length);
  await s.page.keyboard.type(" And after.");
  await waitFor(async () => (await again.text(SECTION)) === whole + early + " And after." || undefined, {
    what: "typing on after the early text", describe: () => again.text(SECTION).then((t) => t.slice(-60)),
  });
  await again.status.waitFor("saved-server", { who: "Leicester" });
  assert.equal(await s.page.getByTestId("draft-error").count(), 0);
  const now = whole + early + " And after.";

  // Typed into the reading, and the page left at once (before the document has loaded, or
  // just after): what was typed is in the draft when it opens again, once.
  await readingHolds(s.page, now.slice(-40));
  const more = ` Typed and left ${uniqueTag()}.`;
  await s.page.evaluate((t) => sessionStorage.setItem("e2e.early", t), more);
  await s.page.reload({ waitUntil: "commit" });
  await waitFor(() => s.page.evaluate(() => window.__typedEarly).catch(() => undefined), { what: "typing into the reading" });
  await s.page.reload({ waitUntil: "load" });
  const third = new DraftPage(s.page);
  await waitFor(async () => {
    const areas = await s.page.evaluate(() => window.__seenAreas);
    return areas.some((a) => !a.preview && a.length >= now.length) || undefined;
  }, { what: "the editor after leaving", describe: () => s.page.evaluate(() => JSON.stringify(window.__seenAreas)) });
  await waitFor(async () => (await third.text(SECTION)).length >= (now + more).length || undefined, {
    what: "what was typed before leaving", describe: () => third.text(SECTION).then((t) => t.slice(-80)),
  });
  assert.equal(await third.text(SECTION), now + more, "typed before leaving, added once");
  assert.equal(await s.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("quorum.typed-before-load")).length), 0, "nothing left to add");
});

// A page left (or another page of the app opened) before the draft's document has loaded
// keeps on the device what was typed into the saved reading, and the draft adds it when it
// opens again. (The document is kept from
// loading by taking it off the device with sync cut: the page shows the reading until sync is
// back.)
scenario("what is typed into a draft's saved reading is kept when the page is left before the draft has loaded", async (h) => {
  const server = await h.startServer();
  const s = await h.newSession("Leicester", server, { account: ACCOUNTS.leicesterAdmin, offlineSwitch: true });
  const draft = await DraftPage.open(s.page, LEICESTER, MISSING);
  await draft.status.waitFor("saved-server", { who: "Leicester" });
  const before = await draft.text(SECTION);
  await readingHolds(s.page, before.slice(-40));
  await typeIntoReadingWhenAsked(s.context);

  await s.cutter.cutSyncOnly();
  const doc = new URL(s.page.url()).pathname.split("/")[2];
  await s.page.evaluate((doc) => new Promise((resolve, reject) => {
    const open = indexedDB.open("quorum");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("chunks", "readwrite");
      tx.objectStore("chunks").delete(IDBKeyRange.bound(`${doc}/`, `${doc}/\uffff`));
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), doc);
  const typed = ` Typed and left ${uniqueTag()}.`;
  await s.page.evaluate((t) => sessionStorage.setItem("e2e.early", t), typed);
  await s.page.reload({ waitUntil: "load" });
  await waitFor(() => s.page.evaluate(() => window.__typedEarly), { what: "typing into the reading" });
  assert.equal(await s.page.getByTestId("draft-opening").count(), 1, "still the reading: the draft has not loaded");
  // The reading taking typing, as a person sees it (screenshots with QUORUM_SCREENSHOTS=1),
  // passes axe at both widths.
  for (const width of [1280, 360]) {
    await s.page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(s.page, `draft's saved reading at ${width} px`);
    if (process.env.QUORUM_SCREENSHOTS) await s.page.screenshot({ path: `docs/screenshots/procedure-draft-opening-${width}.png`, fullPage: true });
  }
  await s.page.setViewportSize({ width: 1280, height: 900 });

  // Another page of the app, then back, then the page left: kept on the device, once.
  const keptNow = () => s.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("quorum.typed-before-load")).length);
  await s.page.getByRole("link", { name: "Partnerships", exact: true }).first().click();
  await s.page.getByTestId("draft-opening").waitFor({ state: "detached" });
  assert.equal(await keptNow(), 1, "what was typed is kept on the device when another page opens");
  await s.page.goBack();
  await s.page.getByTestId("draft-opening").waitFor();
  await s.page.reload({ waitUntil: "load" });
  await s.page.getByTestId("draft-opening").waitFor();
  assert.equal(await keptNow(), 1, "what was typed is kept on the device, once");

  await s.cutter.goOnline();
  const again = new DraftPage(s.page);
  await waitFor(async () => (await s.page.getByTestId("draft-opening").count()) === 0 || undefined, { what: "the draft to load", timeout: 60_000 });
  await waitFor(async () => (await again.text(SECTION)) === before + typed || undefined, {
    what: "what was typed before leaving", describe: () => again.text(SECTION).then((t) => t.slice(-80)),
  });
  assert.equal(await s.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("quorum.typed-before-load")).length), 0, "nothing left to add");
  await again.status.waitFor("saved-server", { who: "Leicester" });
});

/**
 * Records every text area the page shows for the section, as it first appears; the first one
 * (the saved reading) is typed in at once when the test asks (sessionStorage "e2e.early"), as
 * a person would type the moment it shows, before the document has loaded (the typing is the
 * browser's own, as from a keyboard).
 */
async function typeIntoReadingWhenAsked(context) {
  await context.addInitScript((label) => {
    window.__seenAreas = [];
    new MutationObserver(() => {
      for (const t of document.querySelectorAll("textarea")) {
        if (!t.__seen && t.labels?.[0]?.textContent.includes(label)) {
          t.__seen = true;
          window.__seenAreas.push({ preview: t.hasAttribute("data-preview"), readOnly: t.readOnly, length: t.value.length });
          const early = sessionStorage.getItem("e2e.early");
          if (early && window.__seenAreas.length === 1 && !t.readOnly) {
            sessionStorage.removeItem("e2e.early");
            t.focus();
            t.setSelectionRange(t.value.length, t.value.length);
            document.execCommand("insertText", false, early);
            window.__typedEarly = t.value.length;
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, SECTION);
}

/** Waits until the draft's saved reading (IndexedDB, written once the text settles, in idle time) holds `text`. */
async function readingHolds(page, text) {
  await waitFor(async () => {
    const views = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open("quorum");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction("views").objectStore("views");
        const keys = tx.getAllKeys();
        const values = tx.getAll();
        values.onsuccess = () => { open.result.close(); resolve(keys.result.map((k, i) => [String(k), JSON.stringify(values.result[i])])); };
        values.onerror = () => reject(values.error);
      };
    }));
    return views.some(([k, v]) => k.startsWith("draft-reading.1/") && v.includes(JSON.stringify(text).slice(1, -1))) || undefined;
  }, { what: `the draft's saved reading holding ${JSON.stringify(text)}` });
}
