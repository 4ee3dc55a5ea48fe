// Accounts and access control, end to end (docs/access-control.md):
// (a) a viewer signs in (after a wrong password gives the one generic message), sees only
//     Leicester, and no edit controls;
// (b) Leicester's admin invites a colleague from Derby into the joint LLR group through the
//     People page; the colleague accepts in their own browser, finds the group under "Shared
//     with you", and both edit it and converge;
// (c) signing out with changes not yet on the server warns first; afterwards this device's
//     IndexedDB holds no documents and the session is over (/api/me is 401).
// axe-core finds no serious or critical violations on the sign-in, people, invite and account pages.
import { execFileSync } from "node:child_process";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { REPO_ROOT, serverBinary } from "./helpers/server.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PartnershipPage } from "./pages/partnership-page.mjs";
import { GroupPage } from "./pages/group-page.mjs";
import { SignInPage } from "./pages/sign-in-page.mjs";
import { PeoplePage } from "./pages/people-page.mjs";
import { InvitePage } from "./pages/invite-page.mjs";

const scenario = e2eSuite();
const JOINT = "LLR Joint Procedures & Development Sub Group";
const CONVERGE_TIMEOUT_MS = 45_000;

async function apiMeStatus(context, server) {
  const res = await context.request.get(`${server.url}/api/me`, { failOnStatusCode: false });
  return res.status();
}

scenario("a viewer signs in and sees only Leicester, read-only; a wrong password gets the generic message", async (h) => {
  const server = await h.startServer();
  const { page, context } = await h.newSession("viewer", server, { account: null });

  // Nobody signed in on this device: the app sends the person to sign in, then back.
  await page.goto("/");
  const signIn = new SignInPage(page);
  await signIn.waitForForm();
  await page.waitForURL((url) => url.pathname === "/sign-in" && url.searchParams.get("next") === "/");
  await expectNoSeriousAxeViolations(page, "sign-in");

  await signIn.signIn(ACCOUNTS.leicesterViewer, "not-the-password");
  await signIn.waitForError("Email or password is incorrect");
  await expectNoSeriousAxeViolations(page, "sign-in (with an error)");
  if ((await apiMeStatus(context, server)) !== 401) throw new Error("a failed sign-in should leave no session");

  await signIn.signInAs(ACCOUNTS.leicesterViewer);
  const list = new PartnershipsPage(page);
  await list.heading.waitFor({ state: "visible" });
  const names = await list.waitForPartnerships({ containing: "Leicester" });
  if (names.length !== 1 || names.some((n) => /Derby|Rutland/.test(n))) {
    throw new Error(`the Leicester viewer should see only Leicester, saw ${JSON.stringify(names)}`);
  }

  const leicester = await list.open("Leicester");
  await page.getByTestId("read-only-notice").waitFor({ state: "visible" });
  for (const [what, locator] of [
    ["Save name", leicester.saveNameButton],
    ["Add group", leicester.addGroupButton],
    ["Add a group", leicester.addGroupLink],
    ["People and invitations", page.getByTestId("people-link")],
  ]) {
    if (await locator.isVisible()) throw new Error(`a viewer should not see "${what}"`);
  }
  // The home reads the same for a viewer, without a single "Change" link or button.
  await page.getByTestId("partnership-about").waitFor();
  const changeLinks = await leicester.changeLinks.count();
  const homeButtons = await page.locator("main button:visible, main a.govuk-button:visible").count();
  if (changeLinks !== 0 || homeButtons !== 0) {
    throw new Error(`a viewer should see no Change links (${changeLinks}) or buttons (${homeButtons}) on the partnership's home`);
  }
  const group = await leicester.openGroup("Serious Incident Review Group");
  await page.getByTestId("read-only-notice").waitFor({ state: "visible" });
  const visibleButtons = await page.locator("main button:visible").count();
  if (visibleButtons !== 0 || (await group.saveButton.isVisible())) {
    throw new Error(`a viewer should see no edit buttons on a group page (${visibleButtons} visible)`);
  }
});

scenario("an admin invites a colleague from another partnership into a joint group; both edit it and converge", async (h) => {
  const server = await h.startServer();
  const admin = await h.newSession("leicester-admin", server, { account: ACCOUNTS.leicesterAdmin });

  const list = await new PartnershipsPage(admin.page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const leicester = await list.open("Leicester");
  await admin.page.getByTestId("people-link").click();
  const people = await new PeoplePage(admin.page).waitForLoaded();
  if (!(await people.emails()).includes(ACCOUNTS.leicesterAdmin)) throw new Error("the admin is not listed among the people");
  await expectNoSeriousAxeViolations(admin.page, "people");
  const invitation = await people.invite(ACCOUNTS.ddscpAdmin, "Editor", { group: JOINT });
  await waitFor(async () => (await people.audit.count()) > 0, { what: "the audit log to list the invitation" });

  // The colleague, signed in as Derby's admin in their own browser, opens the link.
  const colleague = await h.newSession("ddscp-admin", server, { account: ACCOUNTS.ddscpAdmin });
  const invite = await new InvitePage(colleague.page).goto(invitation);
  const offer = await invite.offerText();
  if (!offer.includes(JOINT) || !offer.toLowerCase().includes("editor")) throw new Error(`the invitation offers: ${offer}`);
  await expectNoSeriousAxeViolations(colleague.page, "invite");
  await invite.acceptAsSignedIn(ACCOUNTS.ddscpAdmin);

  const shared = colleague.page.getByTestId("shared-link");
  await waitFor(async () => (await shared.allInnerTexts()).some((t) => t.includes(JOINT)), {
    what: `"${JOINT}" under "Shared with you" for the colleague`,
    describe: async () => (await colleague.page.locator("main").innerText()).slice(0, 500),
  });
  const theirs = await new PartnershipsPage(colleague.page).names();
  if (theirs.some((n) => n.includes("Leicester"))) throw new Error(`the colleague should not see Leicester itself: ${JSON.stringify(theirs)}`);
  await shared.filter({ hasText: JOINT }).first().click();
  const groupB = await new GroupPage(colleague.page).waitForLoaded();
  if ((await colleague.page.getByTestId("read-only-notice").isVisible())) throw new Error("an invited editor should be able to edit the joint group");
  const jointPath = new URL(colleague.page.url()).pathname;

  // Both edit the joint group; each sees the other's edit.
  await admin.page.goto(jointPath);
  const groupA = await new GroupPage(admin.page).waitForLoaded();
  const fromAdmin = `Edited by Leicester (${uniqueTag()})`;
  await groupA.setPurpose(fromAdmin);
  await groupB.waitForPurpose(fromAdmin, { who: "the colleague", timeout: CONVERGE_TIMEOUT_MS });
  const fromColleague = `Edited by Derby (${uniqueTag()})`;
  await groupB.setPurpose(fromColleague);
  await groupA.waitForPurpose(fromColleague, { who: "Leicester's admin", timeout: CONVERGE_TIMEOUT_MS });
  await groupB.status.waitFor("saved-server", { who: "the colleague" });
  // History names the person (from the server's attribution), not the device.
  const colleagueName = (await colleague.page.getByTestId("account-name").innerText()).trim();
  await groupA.waitForTimeline(colleagueName, { who: "Leicester's admin", timeout: CONVERGE_TIMEOUT_MS });

  // The account page lists this session.
  await admin.page.goto("/account");
  await admin.page.getByRole("heading", { level: 1, name: "Your account", exact: true }).waitFor();
  await admin.page.locator('[data-testid="session-row"][data-current="true"]').waitFor();
  await expectNoSeriousAxeViolations(admin.page, "account");
});

scenario("signing out with changes not yet on the server warns, then deletes this device's data and ends the session", async (h) => {
  const server = await h.startServer();
  const { page, context, cutter } = await h.newSession("admin", server, { offlineSwitch: true });
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const partnership = await list.open("Leicester");
  await partnership.status.waitFor("saved-server", { who: "the admin" });
  const held = await countStoredChunks(page);
  if (held === 0) throw new Error("IndexedDB should hold the documents before signing out");
  // A second tab of the same browser.
  const other = await context.newPage();
  h.sessions.push({ label: "second-tab", context, page: other, console: [], pageErrors: [] });
  await new PartnershipPage(other).goto(new URL(page.url()).pathname);

  // The sync connection is cut (HTTP still works): a change waits on this device.
  await cutter.cutSyncOnly();
  await partnership.rename(`Not yet on the server ${uniqueTag()}`);
  await waitFor(async () => (await partnership.status.text())?.includes("1 change not yet on the server"), {
    what: "the status to count 1 change not yet on the server",
    describe: () => partnership.status.describe(),
  });

  await page.getByTestId("sign-out").click();
  const warning = page.getByTestId("sign-out-warning");
  await warning.waitFor({ state: "visible" });
  const text = (await warning.innerText()).replace(/\s+/g, " ");
  if (!text.includes("1 change is not yet on the server and will be lost")) throw new Error(`warning: ${text}`);
  await page.getByTestId("sign-out-anyway").click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await new SignInPage(page).waitForForm();
  // The other tab was told, dropped its state and went to sign in too.
  await other.waitForURL((url) => url.pathname === "/sign-in");
  await new SignInPage(other).waitForForm();

  await waitFor(async () => (await countStoredChunks(page)) === 0, {
    what: "IndexedDB to hold no documents after signing out",
    describe: async () => `${await countStoredChunks(page)} chunks; databases ${JSON.stringify(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))}`,
  });
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("quorum.me")));
  if (kept.length) throw new Error(`localStorage still holds ${kept.join(", ")}`);
  const status = await apiMeStatus(context, server);
  if (status !== 401) throw new Error(`/api/me after signing out answered ${status}, not 401`);
});

scenario("a session ended elsewhere: the app keeps its data and says 'You are signed out'", async (h) => {
  const server = await h.startServer();
  const first = await h.newSession("first-device", server);
  const list = await new PartnershipsPage(first.page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const partnership = await list.open("Leicester");
  await partnership.status.waitFor("saved-server", { who: "the first device" });
  const name = await partnership.currentName();

  // The same person, on another device, signs the first one out from the account page.
  const second = await h.newSession("second-device", server);
  await second.page.goto("/account");
  const others = second.page.locator('[data-testid="session-row"][data-current="false"]');
  await waitFor(async () => (await others.count()) === 1, {
    what: "the account page to list the other device's session",
    describe: async () => `${await second.page.getByTestId("session-row").count()} session rows`,
  });
  await others.getByTestId("end-session").click();
  await waitFor(async () => (await others.count()) === 0, { what: "the ended session to leave the list" });

  // The first device notices (its connection is closed and cannot come back) and keeps working.
  const banner = first.page.getByTestId("signed-out-banner");
  await banner.waitFor({ state: "visible", timeout: CONVERGE_TIMEOUT_MS });
  const text = (await banner.innerText()).replace(/\s+/g, " ");
  if (!text.includes("You are signed out. Sign in to sync your changes.")) throw new Error(`banner: ${text}`);
  if ((await partnership.currentName()) !== name) throw new Error("the partnership should still show from this device's copy");
  await first.page.reload();
  await partnership.waitForName(name, { who: "the first device after a reload (signed out, data kept)" });
  await banner.waitFor({ state: "visible" });
  await banner.getByRole("link", { name: "Sign in to sync your changes" }).click();
  await first.page.waitForURL((url) => url.pathname === "/sign-in");
});

scenario("someone new accepts an invitation with a new account and lands signed in, as a viewer", async (h) => {
  const server = await h.startServer();
  const admin = await h.newSession("leicester-admin", server);
  const list = await new PartnershipsPage(admin.page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const path = await list.pathOf("Leicester");
  await admin.page.goto(`${path}/people`);
  const people = await new PeoplePage(admin.page).waitForLoaded();
  const email = `new.person.${uniqueTag()}@example.org`;
  const invitation = await people.invite(email, "Viewer");

  const newcomer = await h.newSession("newcomer", server, { account: null });
  const invite = await new InvitePage(newcomer.page).goto(invitation);
  const form = newcomer.page.getByTestId("new-account-form");
  await form.waitFor({ state: "visible" });
  await expectNoSeriousAxeViolations(newcomer.page, "invite (new account)");
  await form.getByLabel("Full name", { exact: true }).fill("Nia Newcomer");
  await form.getByLabel("Password", { exact: true }).fill("short");
  await form.getByLabel("Confirm password", { exact: true }).fill("short");
  await newcomer.page.getByTestId("create-account").click();
  await newcomer.page.locator(".govuk-error-summary").getByText("Password must be 12 characters or more").waitFor();
  await form.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await form.getByLabel("Confirm password", { exact: true }).fill("a long enough passphrase");
  await newcomer.page.getByTestId("create-account").click();
  await newcomer.page.waitForURL((url) => url.pathname === "/");
  await waitFor(async () => (await newcomer.page.getByTestId("account-name").innerText().catch(() => "")).includes("Nia Newcomer"), {
    what: "the header to name the new account",
  });
  const names = await new PartnershipsPage(newcomer.page).waitForPartnerships({ containing: "Leicester" });
  if (names.length !== 1) throw new Error(`the newcomer should see only Leicester: ${JSON.stringify(names)}`);
  // The link works once.
  await newcomer.page.goto(invitation);
  await newcomer.page.getByTestId("invitation-gone").waitFor({ state: "visible" });
  // And the admin sees the newcomer among the people.
  await admin.page.reload();
  await people.waitForLoaded();
  await waitFor(async () => (await people.emails()).includes(email), { what: `${email} among the people` });

  // Roles: the newcomer becomes an editor; the last admin cannot demote themself; Remove asks first.
  await people.setRole(email, "Editor");
  await waitFor(async () => (await people.audit.allInnerTexts()).some((t) => t.includes("Role changed")), {
    what: "the audit log to record the role change",
    describe: async () => JSON.stringify((await people.audit.allInnerTexts()).slice(0, 3)),
  });
  await admin.page.reload();
  await people.waitForLoaded();
  if ((await people.roleOf(email)) !== "editor") throw new Error(`the newcomer's role after saving: ${await people.roleOf(email)}`);
  await people.setRole(ACCOUNTS.leicesterAdmin, "Viewer");
  await people.row(ACCOUNTS.leicesterAdmin).locator(".govuk-error-message").waitFor({ state: "visible" });
  await people.remove(email);
  await waitFor(async () => !(await people.emails()).includes(email), { what: `${email} to leave the people table` });
});

scenario("someone removed from a partnership: on its next start the app deletes the local copies", async (h) => {
  const server = await h.startServer();
  const viewer = await h.newSession("viewer", server, { account: ACCOUNTS.leicesterViewer });
  const list = await new PartnershipsPage(viewer.page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const partnership = await list.open("Leicester");
  await partnership.status.waitFor("saved-server", { who: "the viewer" });
  if ((await countStoredChunks(viewer.page)) === 0) throw new Error("the viewer's device should hold Leicester's documents");

  const admin = await h.newSession("admin", server);
  await admin.page.goto(`${new URL(viewer.page.url()).pathname}/people`);
  const people = await new PeoplePage(admin.page).waitForLoaded();
  await people.remove(ACCOUNTS.leicesterViewer);
  await waitFor(async () => !(await people.emails()).includes(ACCOUNTS.leicesterViewer), { what: "the viewer to leave the people table" });

  await viewer.page.goto("/");
  await waitFor(async () => (await countStoredChunks(viewer.page)) === 0, {
    what: "the viewer's device to delete the documents it may no longer read",
    describe: async () => `${await countStoredChunks(viewer.page)} chunks left`,
  });
  await viewer.page.getByText("You are not in any partnership yet.").waitFor({ state: "visible" });
  const names = await new PartnershipsPage(viewer.page).names();
  if (names.length) throw new Error(`the removed viewer still sees ${JSON.stringify(names)}`);
});

scenario("an account made with the CLI sets its password through the one-time link, then signs in", async (h) => {
  const server = await h.startServer();
  const email = `cli.person.${uniqueTag()}@example.org`;
  const admin = await h.newSession("admin", server);
  const me = await (await admin.context.request.get(`${server.url}/api/me`)).json();
  const leicester = me.partnerships.find((p) => p.name.includes("Leicester"));
  // The CLI works on the running server's database (same data dir).
  const out = execFileSync(serverBinary(), [
    "user", "add", "--data-dir", server.dataDir, "--email", email, "--name", "Casey Cli",
    "--partnership", leicester.id, "--role", "editor",
  ], { cwd: REPO_ROOT, encoding: "utf8" });
  const link = /\/set-password\/[A-Za-z0-9_-]+/.exec(out)?.[0];
  if (!link) throw new Error(`no set-password link in the CLI's output: ${out}`);

  const { page } = await h.newSession("cli-person", server, { account: null });
  await page.goto(link);
  await page.getByRole("heading", { level: 1, name: "Set your password", exact: true }).waitFor();
  await expectNoSeriousAxeViolations(page, "set-password");
  await page.getByLabel("New password", { exact: true }).fill("correct horse battery");
  await page.getByLabel("Confirm password", { exact: true }).fill("correct horse battery");
  await page.getByTestId("set-password").click();
  await page.getByTestId("password-set").waitFor({ state: "visible" });
  await page.getByTestId("password-set").getByRole("link", { name: "Sign in" }).click();
  const signIn = await new SignInPage(page).waitForForm();
  await signIn.signInAs(email, { name: "Casey Cli", password: "correct horse battery" });
  await new PartnershipsPage(page).waitForPartnerships({ containing: "Leicester" });
});

scenario("after five wrong passwords the sign-in page says to wait, and the right one is refused too", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("guesser", server, { account: null });
  const signIn = await new SignInPage(page).goto();
  for (let i = 0; i < 5; i += 1) {
    const status = await signIn.attempt(ACCOUNTS.lrscpEditor, `wrong guess ${i}`);
    if (status !== 401) throw new Error(`wrong password ${i + 1} answered ${status}`);
    await signIn.waitForError("Email or password is incorrect");
  }
  const status = await signIn.attempt(ACCOUNTS.lrscpEditor);
  if (status !== 429) throw new Error(`the sixth attempt answered ${status}, not 429`);
  await signIn.waitForError("Too many attempts");
  if ((await signIn.accountName.count()) !== 0) throw new Error("a throttled account must not be signed in");
});

/** How many chunks the app's IndexedDB database holds (0 when it or its store is absent). */
async function countStoredChunks(page) {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes("quorum")) return 0;
    return new Promise((resolve, reject) => {
      const req = indexedDB.open("quorum");
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains("chunks")) {
          db.close();
          resolve(0);
          return;
        }
        const count = db.transaction("chunks").objectStore("chunks").count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
        count.onerror = () => reject(count.error);
      };
    });
  });
}
