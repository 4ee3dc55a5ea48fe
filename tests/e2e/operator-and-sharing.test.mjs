// Issue 16, items 6 and 7, end to end:
// an operator starts a partnership from the app and gets its first admin's one-time link;
// the new admin sets a password, signs in and sees the partnership; Leicester's admin shares a
// Leicester group with the new partnership by choosing it from the server's list (after
// searching by name) and confirming; the new admin then finds the group under their
// partnership. A Leicester admin (not an operator) sees no "Start a partnership" and is told
// so on its page. axe-core checks the start form (blank and with errors) and the share form.
import { e2eSuite, uniqueTag, waitFor, ACCOUNTS } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { SignInPage } from "./pages/sign-in-page.mjs";

const scenario = e2eSuite();
const OPERATOR = "operator@example.org";
const GROUP = "Serious Incident Review Group";

scenario("an operator starts a partnership; Leicester shares a group with it by choosing it from the list", async (h) => {
  const server = await h.startServer();
  const tag = uniqueTag();
  const NEW = `Rutland Safeguarding Children Partnership ${tag}`;
  const ADMIN_EMAIL = `rutland.admin.${tag}@example.org`;
  const PASSWORD = "rutland admin's password";

  // A Leicester admin is not an operator: no button, and the page says so.
  const leicester = await h.newSession("leicester-admin", server, { account: ACCOUNTS.leicesterAdmin });
  const lList = await new PartnershipsPage(leicester.page).goto();
  await lList.waitForPartnerships({ containing: "Leicester" });
  if (await leicester.page.getByTestId("start-partnership-link").isVisible()) {
    throw new Error("a non-operator should not see \"Start a partnership\"");
  }
  await leicester.page.goto("/start-partnership");
  await leicester.page.getByTestId("not-an-operator").waitFor({ state: "visible" });

  // The operator starts the partnership.
  const operator = await h.newSession("operator", server, { account: OPERATOR });
  const oPage = operator.page;
  await new PartnershipsPage(oPage).goto();
  await oPage.getByTestId("start-partnership-link").click();
  await oPage.waitForURL((url) => url.pathname === "/start-partnership");
  const form = oPage.getByTestId("start-partnership-form");
  await form.waitFor({ state: "visible" });
  await expectNoSeriousAxeViolations(oPage, "start a partnership");
  await oPage.getByTestId("start-partnership").click();
  const summary = oPage.locator(".govuk-error-summary");
  await summary.getByText("Enter the partnership's name").waitFor({ state: "visible" });
  await summary.getByText("Enter the first admin's email address").waitFor({ state: "visible" });
  await expectNoSeriousAxeViolations(oPage, "start a partnership (with errors)");
  await oPage.getByLabel("Name", { exact: true }).fill(NEW);
  await oPage.getByLabel("Area it covers").fill("Rutland");
  await oPage.getByLabel("Full name").fill("Rutland Admin");
  await oPage.getByLabel("Email address").fill(ADMIN_EMAIL);
  await oPage.getByTestId("start-partnership").click();
  await oPage.getByTestId("partnership-started").waitFor({ state: "visible" });
  const link = await oPage.getByTestId("first-admin-link").inputValue();
  const linkPath = new URL(link).pathname;
  if (!linkPath.startsWith("/set-password/")) throw new Error(`the first admin's link is not a set-password link: ${link}`);
  if (new URL(link).origin !== server.url) throw new Error(`the link should be on this server (${server.url}): ${link}`);
  await expectNoSeriousAxeViolations(oPage, "partnership started");

  // The new admin sets a password, signs in and sees the partnership.
  const admin = await h.newSession("new-admin", server, { account: null });
  const aPage = admin.page;
  await aPage.goto(linkPath);
  await aPage.getByLabel("New password").fill(PASSWORD);
  await aPage.getByLabel("Confirm password").fill(PASSWORD);
  await aPage.getByTestId("set-password").click();
  await aPage.getByTestId("password-set").waitFor({ state: "visible" });
  const signIn = await new SignInPage(aPage).goto("/");
  await signIn.signInAs(ADMIN_EMAIL, { password: PASSWORD });
  const aList = new PartnershipsPage(aPage);
  const names = await aList.waitForPartnerships({ containing: NEW });
  if (names.length !== 1) throw new Error(`the new admin should see only their partnership, saw ${JSON.stringify(names)}`);

  // Leicester's admin shares a Leicester group with it, choosing it from the list.
  const lPartnership = await lList.goto().then((l) => l.open("Leicester"));
  const lGroup = await lPartnership.openGroup(GROUP);
  await lGroup.change("change-about-owners", leicester.page.getByTestId("share-group"));
  const share = leicester.page.getByTestId("share-group");
  await share.waitFor({ state: "visible" });
  await leicester.page.getByTestId("share-continue").click();
  await share.getByText("Select the partnership to share this group with").first().waitFor({ state: "visible" });
  await leicester.page.getByTestId("share-search").fill("rutland");
  const choice = share.getByLabel(NEW, { exact: true });
  await choice.waitFor({ state: "visible" });
  // The list filters as the search is typed: wait for the filter to have run (the new
  // partnership shows before it does, since it was in the whole list too).
  const labels = () => share.locator(".govuk-radios__label").allInnerTexts();
  const offered = await waitFor(async () => {
    const names = await labels();
    return names.some((n) => n.includes("Derby")) ? undefined : names;
  }, { what: `the search "rutland" to filter out Derby`, describe: async () => JSON.stringify(await labels()) });
  if (offered.some((n) => n.startsWith("Leicester Safeguarding"))) throw new Error("an owner should not be offered");
  await expectNoSeriousAxeViolations(leicester.page, "share a group");
  await choice.check();
  await leicester.page.getByTestId("share-continue").click();
  await leicester.page.getByTestId("share-confirm").getByText(NEW).waitFor({ state: "visible" });
  await expectNoSeriousAxeViolations(leicester.page, "share a group (confirm)");
  await leicester.page.getByTestId("share-confirm-yes").click();
  await leicester.page.getByTestId("share-done").waitFor({ state: "visible" });
  const owners = leicester.page.getByTestId("share-owners");
  await waitFor(async () => ((await owners.innerText().catch(() => "")).includes(NEW) && !(await choice.isVisible())) || undefined, {
    what: "the group to be owned by the new partnership too (and no longer offered)",
    timeout: 30_000,
    describe: async () => `share-owners: ${JSON.stringify(await owners.innerText().catch(() => ""))}`,
  });

  // The new admin finds the group under their partnership.
  const aPartnership = await aList.goto().then((l) => l.open(NEW));
  await aPartnership.waitForGroup(GROUP, { timeout: 30_000, who: "the new admin's partnership page" });
  const group = await aPartnership.openGroup(GROUP);
  await waitFor(async () => (await group.text(group.name)) === GROUP || undefined, { what: "the shared group's page for the new admin" });
});
