// Issue 16, item 3: a form's errors belong to that form. Reported: on the partnership page, after
// a blank "Add group" ("Enter a name"), submitting the organisation form showed both errors in
// the summary, and "There is a problem / Enter a name" stayed after "Area saved". Each form now
// lives on its own page with its own error summary; a success returns to the home with a
// notification and no summary. Also (item 9): adding a group asks for its kind.
import assert from "node:assert/strict";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();

scenario("errors from a blank Add group do not follow the person to the organisation form or past Area saved", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("manager", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const home = leicester.homePath();

  // A blank "Add group": its name and its kind are asked for, and nothing else.
  await leicester.addGroupLink.click();
  await leicester.addGroupButton.click();
  await waitFor(async () => (await leicester.errorMessages()).length === 2, {
    what: "the add-group form's error summary",
    describe: async () => JSON.stringify(await leicester.errorMessages()),
  });
  assert.deepEqual(await leicester.errorMessages(), ["Enter a name", "Select the kind of group"]);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), true, "the summary takes focus");

  // The organisation form, submitted blank, shows its own error only.
  await page.goto(home);
  await leicester.waitForLoaded();
  await page.getByTestId("change-organisations").click();
  await page.getByTestId("add-organisation-link").click();
  await page.getByTestId("save-organisation").click();
  await waitFor(async () => (await leicester.errorMessages()).length > 0, { what: "the organisation form's error summary" });
  assert.deepEqual(await leicester.errorMessages(), ["Enter the organisation's name"]);

  // A name with no kind: still only the kind is asked for; a group is never silently a "Subgroup".
  await page.goto(`${home}/groups/new`);
  await leicester.groupNameInput.fill(`Panel ${uniqueTag()}`);
  await leicester.addGroupButton.click();
  await waitFor(async () => (await leicester.errorMessages()).length > 0, { what: "the kind to be asked for" });
  assert.deepEqual(await leicester.errorMessages(), ["Select the kind of group"]);

  // "Area saved": back on the home, with the notification and no error summary.
  await page.goto(home);
  await leicester.waitForLoaded();
  await page.getByTestId("change-area").click();
  const area = `Leicester City ${uniqueTag()}`;
  await page.getByLabel("Area", { exact: true }).fill(area);
  await page.getByTestId("save-area").click();
  await leicester.waitForHome(home);
  await leicester.notice.waitFor({ state: "visible" });
  assert.match(await leicester.notice.innerText(), /Area saved/);
  assert.deepEqual(await leicester.errorMessages(), [], "no error summary after a success");
  await waitFor(async () => (await page.getByTestId("partnership-area").innerText()).includes(area), { what: "the new area on the home" });

  // A group added with its kind reads as that kind.
  const panel = `Review Panel ${uniqueTag()}`;
  await leicester.addGroup(panel, "Panel");
  await leicester.waitForGroup(panel);
  const item = (await leicester.groupNames()).find((g) => g.includes(panel));
  assert.match(item, /Panel$/, `the new group is listed as a Panel: ${item}`);
  assert.match(await leicester.notice.innerText(), new RegExp(`Group added: ${panel}`));
});
