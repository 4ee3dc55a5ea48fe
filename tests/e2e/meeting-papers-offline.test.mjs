// A member keeps a meeting's papers for reading offline (issue 12): two papers are uploaded to
// a Board meeting, "Keep papers for offline reading" fetches both into this browser with a
// clear result; then, offline with the server stopped, the paper opens from this device (the
// link's download gives the same bytes) and the service worker answers the paper's address
// from the kept copy. A paper the server no longer serves is not opened from a stale guess:
// the page says it is not saved on this device. And a member whose access ends loses the kept
// copy: once the server answers 404 for the paper, the service worker deletes it from the
// device, so it no longer opens offline.
// With QUORUM_SCREENSHOTS=1 it saves the meeting's papers block at 1280 and 360 px into
// docs/screenshots/.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { axeViolations } from "./helpers/axe.mjs";
import { ACCOUNTS, e2eSuite, waitFor, waitForServiceWorkerControl } from "./helpers/harness.mjs";
import { MeetingPage, MeetingsPage } from "./pages/meetings-page.mjs";

const scenario = e2eSuite();
const sha = (buf) => createHash("sha256").update(buf).digest("hex");

async function uploadPaper(page, meeting, meetingPath, itemTitle, name, buffer) {
  await meeting.agendaItem(itemTitle).getByTestId("add-paper").click();
  await page.getByTestId("paper-form").waitFor();
  await page.getByLabel("Upload a file").setInputFiles({ name, mimeType: "application/pdf", buffer });
  await page.getByTestId("save-paper").click();
  await page.waitForURL((url) => url.pathname === meetingPath);
  await meeting.waitForLoaded();
}

scenario("a member keeps the papers pack and opens a paper offline from this device", async (h) => {
  const server = await h.startServer();
  const { page, context } = await h.newSession("member", server);
  await MeetingsPage.open(page);
  await page.getByTestId("add-meeting").click();
  const form = page.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill("11");
  await form.getByLabel("Month").fill("7");
  await form.getByLabel("Year").fill("2030");
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("12:00");
  await page.getByTestId("save-meeting").click();
  await page.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  const meetingPath = new URL(page.url()).pathname;
  const meeting = await new MeetingPage(page).waitForLoaded();
  assert.equal(await page.getByTestId("offline-papers").count(), 0, "no papers, nothing to keep");

  await meeting.addItem({ title: "Annual report", purpose: "For decision" });
  // Binary content (every byte value) after the PDF signature, so a text round trip would show.
  const report = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(300_000), Buffer.from("\n%%EOF\n")]);
  const budget = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(40_000), Buffer.from("\n%%EOF\n")]);
  await uploadPaper(page, meeting, meetingPath, "Annual report", "Annual report.pdf", report);
  await uploadPaper(page, meeting, meetingPath, "Annual report", "Budget 2030.pdf", budget);
  const papers = meeting.agendaItem("Annual report").getByTestId("paper");
  await waitFor(async () => (await papers.count()) === 2, { what: "both papers listed" });

  const block = page.getByTestId("offline-papers");
  await block.waitFor();
  const kept = page.getByTestId("papers-kept");
  await waitFor(async () => /None of the 2 papers is saved on this device/.test(await kept.innerText()), {
    what: "the block to say nothing is kept yet", describe: () => kept.innerText(),
  });

  // The service worker controls the page (it answers a kept paper's address offline).
  await waitForServiceWorkerControl(page, "the papers' page");

  await page.getByTestId("keep-papers").click();
  const status = page.getByTestId("keep-papers-status");
  await waitFor(async () => /saved on this device/.test(await status.innerText()), { what: "the keep result", describe: () => status.innerText() });
  const kb = Math.ceil((report.length + budget.length) / 1024);
  assert.equal(await status.innerText(), `2 papers (${kb} KB) saved on this device.`);
  assert.equal(await status.getAttribute("role"), "status");
  await waitFor(async () => (await kept.innerText()) === `All 2 papers (${kb} KB) are saved on this device.`, {
    what: "the block to say both are kept", describe: () => kept.innerText(),
  });
  assert.equal(await papers.getByTestId("paper-kept").count(), 2, "each paper says it is on this device");

  await page.setViewportSize({ width: 360, height: 900 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "the meeting page fits 360 px");
  const problems = [];
  for (const width of [360, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const v of await axeViolations(page)) {
      if (v.impact === "serious" || v.impact === "critical") problems.push(`${width}px meeting: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.join(", ")})`);
    }
  }
  assert.deepEqual(problems, []);
  await page.setViewportSize({ width: 1280, height: 900 });
  if (process.env.QUORUM_SCREENSHOTS === "1") {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await meeting.agendaItem("Annual report").evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: `docs/screenshots/meeting-papers-offline-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const reportLink = papers.filter({ hasText: "Annual report.pdf" }).getByRole("link");
  const reportHref = await reportLink.getAttribute("href");

  // Offline: the browser has no network and the server is gone.
  await context.setOffline(true);
  await server.stop();

  const [download] = await Promise.all([page.waitForEvent("download"), reportLink.click()]);
  assert.equal(download.suggestedFilename(), "Annual report.pdf");
  const got = await readFile(await download.path());
  assert.equal(got.length, report.length);
  assert.equal(sha(got), sha(report), "the paper opened offline is the uploaded file, byte for byte");
  assert.equal(await page.getByTestId("meeting-problem").count(), 0);

  // The service worker answers the paper's own address from the kept copy.
  const viaWorker = await page.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
  }, reportHref);
  assert.equal(viaWorker.status, 200);
  assert.equal(sha(Buffer.from(viaWorker.bytes)), sha(report));

  // A paper that is not kept says so instead of failing silently.
  await page.evaluate(async (href) => (await caches.open("quorum-papers")).delete(href), reportHref);
  await reportLink.click();
  const problem = page.getByTestId("meeting-problem");
  await problem.waitFor();
  assert.match(await problem.innerText(), /“Annual report\.pdf” is not saved on this device\. Connect to the internet to open it/);
});

scenario("a member removed from the partnership loses the papers kept on their device", async (h) => {
  const server = await h.startServer();
  // The business office adds a meeting with a paper.
  const admin = (await h.newSession("office", server)).page;
  await MeetingsPage.open(admin);
  await admin.getByTestId("add-meeting").click();
  const form = admin.getByTestId("new-meeting-form");
  await form.waitFor();
  await form.getByLabel("Day").fill("12");
  await form.getByLabel("Month").fill("9");
  await form.getByLabel("Year").fill("2030");
  await form.getByLabel("Start time").fill("10:00");
  await form.getByLabel("End time").fill("12:00");
  await admin.getByTestId("save-meeting").click();
  await admin.waitForURL((url) => url.pathname.startsWith("/meetings/"));
  const meetingPath = new URL(admin.url()).pathname;
  const meeting = await new MeetingPage(admin).waitForLoaded();
  await meeting.addItem({ title: "Annual report", purpose: "For decision" });
  const report = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(20_000), Buffer.from("\n%%EOF\n")]);
  await uploadPaper(admin, meeting, meetingPath, "Annual report", "Annual report.pdf", report);

  // A member (the Leicester viewer) keeps it on their device.
  const { page } = await h.newSession("member", server, { account: ACCOUNTS.leicesterViewer });
  await MeetingsPage.open(page);
  await page.goto(meetingPath);
  const theirs = await new MeetingPage(page).waitForLoaded();
  await waitForServiceWorkerControl(page, "the removed member's page");
  const papers = theirs.agendaItem("Annual report").getByTestId("paper");
  await waitFor(async () => (await papers.count()) === 1, { what: "the paper listed" });
  const href = await papers.getByRole("link").getAttribute("href");
  await page.getByTestId("keep-papers").click();
  const status = page.getByTestId("keep-papers-status");
  await waitFor(async () => /1 paper .* saved on this device/.test(await status.innerText()), { what: "the keep result", describe: () => status.innerText() });
  const kept = () => page.evaluate(async (h) => Boolean(await (await caches.open("quorum-papers")).match(h)), href);
  assert.ok(await kept(), "the paper is in the device's papers cache");

  // The admin removes them from the partnership.
  const removed = await admin.evaluate(async (email) => {
    const me = await (await fetch("/api/me")).json();
    const pid = me.partnerships.find((p) => p.name === "Leicester Safeguarding Children Board").id;
    const people = await (await fetch(`/api/partnerships/${pid}/people`)).json();
    const person = people.find((p) => p.email === email);
    return (await fetch(`/api/partnerships/${pid}/people/${person.accountId}`, { method: "DELETE" })).status;
  }, ACCOUNTS.leicesterViewer);
  assert.ok(removed >= 200 && removed < 300, `removed (${removed})`);

  // Online, the paper's address goes to the server first: refused as missing, and the kept
  // copy is deleted from the device.
  const answer = await page.evaluate(async (h) => (await fetch(h)).status, href);
  assert.equal(answer, 404);
  await waitFor(async () => !(await kept()), { what: "the kept copy to be deleted" });

  // Offline it is not there to open.
  await page.context().setOffline(true);
  const offline = await page.evaluate(async (h) => {
    try {
      return (await fetch(h)).status;
    } catch {
      return "network error";
    }
  }, href);
  assert.notEqual(offline, 200, "the paper no longer opens from this device");
});
