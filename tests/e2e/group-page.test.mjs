// A group from the demo: its terms of reference and membership are shown; a purpose edited in
// one browser appears in another; a joint group is the same document from both partnerships.
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { GroupPage } from "./pages/group-page.mjs";

const scenario = e2eSuite();

scenario("a demo group shows its terms of reference and membership; an edited purpose reaches another browser", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server);

  const list = await new PartnershipsPage(a.page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  // The structure chart draws every listed group, the joint ones marked as shared.
  await waitFor(async () => {
    const shown = (await leicester.groupNames()).length;
    const counts = await leicester.chartCounts();
    return shown >= 8 && counts.groups === shown && counts.joint >= 3;
  }, {
    what: "Leicester's structure chart to draw every group, with the joint groups marked",
    describe: async () => `chart ${JSON.stringify(await leicester.chartCounts())}; ${await leicester.describe()}`,
  });
  const board = await leicester.openGroup("Leicester Safeguarding Children Board (Board)");
  await board.waitForTerms("Independent chair", { who: "A" });
  await board.waitForTerms("50% of the voting members", { who: "A" });
  await board.waitForTerms("At least 4 times a year", { who: "A" });
  await board.waitForSeats(20, { who: "A" });

  // The joint group, opened from Leicester, is the same document Leicestershire & Rutland lists.
  await a.page.goBack();
  await leicester.waitForLoaded();
  const joint = await leicester.openGroup("LLR Joint Procedures & Development Sub Group");
  await joint.waitForTerms("Rotating every 3 months", { who: "A" });
  const jointPath = new URL(a.page.url()).pathname;

  const pageB = await new GroupPage(b.page).goto(jointPath);
  await pageB.status.waitFor("saved-server", { who: "B" });

  const purpose = `Co-ordinates LLR procedures (${uniqueTag()})`;
  await joint.setPurpose(purpose);
  await joint.waitForPurpose(purpose, { who: "A" });
  await pageB.waitForPurpose(purpose, { who: "B" });
  await pageB.waitForTimeline("Edit the group", { who: "B" });
  await pageB.waitForTimeline("Create the group from its published terms of reference", { who: "B" });
});

scenario("the group form names each problem and keeps what was typed", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("editor", server, { account: ACCOUNTS.ddscpAdmin });
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Derby" });
  const ddscp = await list.open("Derby");
  const group = await ddscp.openGroup("Quality Assurance Group");
  await group.waitForSeats(10);
  const typed = `Purpose kept ${uniqueTag()}`;
  await group.changeDetails();
  await group.purposeInput.fill(typed);
  await group.edit.getByLabel("Name", { exact: true }).fill("   ");
  await group.saveButton.click();
  const summary = page.locator(".govuk-error-summary");
  await summary.getByText("Enter the group's name").waitFor({ state: "visible" });
  if ((await group.purposeInput.inputValue()) !== typed) throw new Error("the typed purpose was lost after a failed save");

  // Chairing: co-chairs need two roles; once given, the terms of reference show them.
  await group.edit.getByLabel("Name", { exact: true }).fill("Quality Assurance Group");
  await group.edit.getByLabel("How the group is chaired").selectOption("co-chairs");
  const roles = group.edit.getByLabel("Chair's role, or each co-chair's or rotating chair's role");
  await roles.fill("Head of Service, Derby City Council");
  await group.saveButton.click();
  await summary.getByText("Enter each chair's role on its own line (at least two)").waitFor({ state: "visible" });
  await roles.fill("Head of Service, Derby City Council\nService Director, Derbyshire County Council");
  await group.saveAndReturn();
  await group.waitForTerms("Co-chairs: Head of Service, Derby City Council; Service Director, Derbyshire County Council");
  await group.waitForPurpose(typed);
  if ((await summary.count()) !== 0) throw new Error("the details form's errors stayed after it saved");

  // Papers deadline: a number and a unit.
  await group.changeRules();
  await group.edit.getByLabel("Papers deadline — number of days").fill("10");
  await group.edit.getByLabel("Papers deadline — unit").selectOption("working-days");
  // Attendance: 3 of 4 meetings, counted over each year from April (issue 12).
  await group.edit.getByLabel("Members should attend this many meetings…").fill("3");
  await group.edit.getByLabel("…out of this many").fill("4");
  await group.edit.getByLabel("Counted over").selectOption({ label: "Each year from April to March" });
  await group.saveAndReturn();
  await group.waitForTerms("10 working days before the meeting");
  await group.waitForTerms("Members should attend 3 of 4 meetings each year (April to March)");

  // Functions: add one, see it listed; an empty one is refused with a message.
  const fn = `Commission multi-agency audits ${uniqueTag()}`;
  await group.changeTerms();
  await page.getByLabel("Add a function", { exact: true }).fill(fn);
  await page.getByRole("button", { name: "Add function", exact: true }).click();
  await waitFor(async () => (await group.functionTexts()).includes(fn), { what: "the functions page to list the new function" });
  await page.getByRole("button", { name: "Add function", exact: true }).click();
  await summary.getByText("Enter the text of the item").waitFor({ state: "visible" });
  await group.doneWithTerms();
  await group.waitForTerms(fn);
});
