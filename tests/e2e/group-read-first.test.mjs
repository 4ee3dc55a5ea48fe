// The group page reads first and edits second (issue 9), an earlier version shows everything
// the group page shows (issue 16, item 1), and its forms help rather than fight (item 9):
// the frequency is a labelled fieldset, the details form has its own page, a function is
// edited in a textarea sized to its text that takes focus, and a seat form's errors are
// summarised (and focused) at the top of that form. Viewers see no Change links.
import assert from "node:assert/strict";
import { ACCOUNTS, e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const DERBY = "Derby";
const QA = "Quality Assurance Group";

async function openQa(h) {
  const server = await h.startServer();
  const session = await h.newSession("editor", server, { account: ACCOUNTS.ddscpAdmin });
  const list = await new PartnershipsPage(session.page).goto();
  await list.waitForPartnerships({ containing: DERBY });
  const ddscp = await list.open(DERBY);
  const group = await ddscp.openGroup(QA);
  await group.waitForSeats(5);
  return { page: session.page, group };
}

const text = async (locator) => (await locator.innerText()).trim();

scenario("an earlier version shows the frequency qualifier, vice chair, further reporting lines and seats' organisations", async (h) => {
  const { page, group } = await openQa(h);
  const tag = uniqueTag();

  // Details: every 2 months, or more frequently if required; a vice chair.
  await group.changeDetails();
  const often = page.getByRole("group", { name: "How often it meets" });
  await often.getByLabel(/^How many/).fill("2");
  await often.getByLabel(/^Weeks, months/).selectOption("months");
  await often.getByLabel(/^Qualifier/).fill("or more frequently if required");
  const vice = `Deputy Head of Service ${tag}`;
  await group.edit.getByLabel("Vice chair", { exact: true }).fill(vice);
  await group.saveAndReturn();
  assert.match(await text(page.getByTestId("group-saved")), /Group details saved/);
  assert.equal(await text(page.getByTestId("about-frequency")), "Every 2 months, or more frequently if required");
  assert.equal(await text(page.getByTestId("about-vice-chair")), vice);

  // A further reporting line.
  const reportsTo = await text(page.getByTestId("about-reports-to"));
  await group.change("change-about-further-lines", page.getByTestId("group-links"));
  const choices = (await page.getByLabel("Also reports to", { exact: true }).locator("option").allInnerTexts()).map((t) => t.trim());
  const other = choices.find((c) => c !== "Choose a group" && !reportsTo.startsWith(c));
  await page.getByLabel("Also reports to", { exact: true }).selectOption({ label: other });
  await page.getByLabel(/^Note \(optional\)/).fill(`reciprocal ${tag}`);
  await page.getByRole("button", { name: "Add reporting line", exact: true }).click();
  await page.getByTestId("reporting-line").first().waitFor();
  await page.getByTestId("links-done").click();
  await group.waitForLoaded();
  const further = await text(page.getByTestId("about-further-lines"));
  assert.match(further, new RegExp(`reciprocal ${tag}`));

  // A seat's organisation.
  const role = (await text(group.seats.first().getByRole("rowheader")));
  const editor = await group.editSeat(role);
  await editor.getByLabel("Organisation", { exact: true }).selectOption({ index: 2 });
  await editor.getByTestId("save-seat").click();
  await page.getByTestId("group-saved").waitFor();
  const seatRow = group.seats.filter({ has: page.getByRole("rowheader", { name: role, exact: true }) }).first();
  const organisation = await text(seatRow.getByTestId("seat-organisation"));
  assert.notEqual(organisation, "—");

  // Name this version, then change the vice chair: the version keeps what was named.
  const history = page.getByTestId("group-timeline");
  await history.locator("summary", { hasText: "Name this version" }).click();
  await history.getByLabel("Version, for example 7.7", { exact: true }).fill(`v-${tag}`);
  await history.getByTestId("name-version").click();
  const revision = page.getByTestId("revision-row").filter({ hasText: `v-${tag}` });
  await revision.waitFor();
  await group.changeDetails();
  await group.edit.getByLabel("Vice chair", { exact: true }).fill("Someone else");
  await group.saveAndReturn();

  await revision.getByRole("link").click();
  await page.getByTestId("read-only-version").waitFor();
  assert.equal(await text(page.getByTestId("about-frequency")), "Every 2 months, or more frequently if required");
  assert.equal(await text(page.getByTestId("about-vice-chair")), vice);
  assert.equal(await text(page.getByTestId("about-further-lines")), further);
  const versionRow = page.getByTestId("seat-row").filter({ has: page.getByRole("rowheader", { name: role, exact: true }) }).first();
  assert.equal(await text(versionRow.getByTestId("seat-organisation")), organisation);
  assert.equal(await page.getByRole("link", { name: /^Change/ }).count(), 0, "an earlier version offers no Change links");
});

scenario("the group page reads first; its forms are labelled, sized and summarise their own errors", async (h) => {
  const { page, group } = await openQa(h);

  // Read first: no form on the page but "Name this version" (behind its summary), and the
  // details' Change link comes before the membership table.
  assert.equal(await page.locator("main form:visible").count(), 0, "the group page shows no open form");
  const before = await page.evaluate(() => {
    const link = document.querySelector('[data-testid="change-about-kind"]');
    const table = document.querySelector('[data-testid="group-membership"]');
    return Boolean(link && table && link.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(before, "the details come before the membership table");

  // The frequency is a fieldset with a legend and labelled inputs.
  await group.changeDetails();
  const often = page.getByRole("group", { name: "How often it meets" });
  await often.getByLabel(/^How many/).fill("6");
  await often.getByLabel(/^Weeks, months/).selectOption("weeks");
  await often.getByLabel(/^Qualifier/).fill("");
  await group.saveAndReturn();
  assert.equal(await text(page.getByTestId("about-frequency")), "Every 6 weeks");

  // Editing a long function: a textarea showing all of it, with focus.
  const long = `Agree the quality assurance framework and its annual programme of multi-agency audits, and report the findings, themes and actions to the partnership every quarter (${uniqueTag()})`;
  await group.changeTerms();
  await page.getByLabel("Add a function", { exact: true }).fill(long);
  await page.getByRole("button", { name: "Add function", exact: true }).click();
  const item = page.getByTestId("add-function-list").getByTestId("list-item").filter({ hasText: long });
  await item.getByTestId("edit-item").click();
  const input = page.getByTestId("edit-item-input");
  await input.waitFor();
  await waitFor(async () => input.evaluate((el) => el === document.activeElement), { what: "the function's textarea to take focus" });
  const box = await input.evaluate((el) => ({ tag: el.tagName, value: el.value, scroll: el.scrollHeight, client: el.clientHeight }));
  assert.equal(box.tag, "TEXTAREA");
  assert.equal(box.value, long);
  assert.ok(box.scroll <= box.client + 2, `the whole text shows without scrolling (${box.scroll} > ${box.client})`);
  await group.doneWithTerms();

  // A seat form's error: the summary is at the top of that form, and has focus.
  const role = (await text(group.seats.nth(3).getByRole("rowheader")));
  const editor = await group.editSeat(role);
  await editor.getByLabel("Tenure starts", { exact: true }).fill("2026-01-01");
  await editor.getByLabel("Tenure ends", { exact: true }).fill("2025-01-01");
  await editor.getByTestId("save-seat").click();
  const summary = editor.getByTestId("seat-form").locator(".govuk-error-summary");
  await summary.getByText("Tenure end must be after its start").waitFor();
  await waitFor(async () => summary.evaluate((el) => el === document.activeElement), { what: "the seat form's error summary to take focus" });
  const first = await page.evaluate(() => document.querySelector('[data-testid="seat-form"]').firstElementChild?.classList.contains("govuk-error-summary"));
  assert.ok(first, "the summary is the first thing in the seat form");
  assert.equal(await page.locator(".govuk-error-summary").count(), 1, "one summary on the page");
});

scenario("a viewer reads the group with no Change links; a joint group names its owners", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("viewer", server, { account: ACCOUNTS.leicesterViewer });
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: "Leicester Safeguarding Children Board" });
  const leicester = await list.open("Leicester Safeguarding Children Board");
  const joint = await leicester.openGroup("LLR Joint Procedures & Development Sub Group");
  await page.getByTestId("read-only-notice").waitFor({ state: "visible" });
  await joint.waitForTerms("Rotating every 3 months");
  assert.equal(await page.getByRole("link", { name: /^Change/ }).count(), 0, "a viewer sees no Change links");
  assert.equal(await page.getByTestId("add-seat-link").count(), 0);
  const owners = await text(page.getByTestId("about-owners"));
  // The viewer may not read the other owner's partnership document: the group names it from
  // what it recorded when that partnership became an owner, rather than "one other partnership".
  assert.equal(owners, "Leicester Safeguarding Children Board and Leicestershire & Rutland Safeguarding Children Partnership (joint group)");
});

scenario("a seat shared by several people, whom any colleague may stand in for, reads so in the membership table", async (h) => {
  const { page, group } = await openQa(h);
  const role = (await text(group.seats.nth(1).getByRole("rowheader")));
  const editor = await group.editSeat(role);
  await editor.getByLabel("Several people together, for example the trainers", { exact: true }).check();
  const holders = editor.getByTestId("seat-holders").locator("label");
  // People's names fill in as their documents load ("Loading…" until then).
  const names = await waitFor(async () => {
    const all = (await holders.allInnerTexts()).map((t) => t.trim());
    return all.length >= 2 && !all.some((t) => t.startsWith("Loading")) ? all.slice(0, 2) : undefined;
  }, { what: "the people's names in the seat form" });
  assert.equal(names.length, 2, "two people to choose from");
  for (const name of names) await editor.getByTestId("seat-holders").getByLabel(name, { exact: true }).check();
  await editor.getByLabel("Any colleague from the same organisation", { exact: true }).check();
  await editor.getByTestId("save-seat").click();
  await page.getByTestId("group-saved").waitFor();
  const row = group.seats.filter({ has: page.getByRole("rowheader", { name: role, exact: true }) }).first();
  const holder = await text(row.getByTestId("seat-holder"));
  for (const name of names) assert.ok(holder.includes(name.replace(/ \(.*\)$/, "")), `${name} holds the seat: ${holder}`);
  assert.match(holder, /Substitute: any colleague from the same organisation/);
});
