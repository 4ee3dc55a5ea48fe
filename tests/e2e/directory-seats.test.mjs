// The directory of people lists who holds which seat in which group, as its introduction says
// (issue 16, item 10): holders and named deputies of the demo's Board. A person added from a
// seat's editor works for the seat's organisation and is listed with that organisation and the
// seat they were appointed to, and editing them saves what was changed.
import assert from "node:assert/strict";
import { e2eSuite, uniqueTag, waitFor } from "./helpers/harness.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";

const scenario = e2eSuite();
const LEICESTER = "Leicester Safeguarding Children Board";
const BOARD = "Leicester Safeguarding Children Board (Board)";
const SEAT = "Children's and Adults' Services";
const ORGANISATION = "Leicester City Council";

/** Each directory row as { name, organisation, seats, contact }. */
async function directoryRows(page) {
  return page.getByTestId("person-row").evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.querySelector("th")?.innerText.trim(),
      organisation: r.querySelectorAll("td")[0]?.innerText.trim(),
      seats: [...r.querySelectorAll('[data-testid="person-seats"] li')].map((li) => li.innerText.trim()),
      contact: r.querySelectorAll("td")[2]?.innerText.trim(),
    })),
  );
}

scenario("the directory names each person's seats, and a person added from a seat gets its organisation", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("admin", server);
  const list = await new PartnershipsPage(page).goto();
  await list.waitForPartnerships({ containing: LEICESTER });
  const leicester = await list.open(LEICESTER);

  // The demo's appointments, read from the Board's document.
  let directory = await leicester.openDirectory();
  await waitFor(async () => {
    const rows = await directoryRows(page);
    const chair = rows.find((r) => r.name.startsWith("Independent Chair (demo)"));
    const vice = rows.find((r) => r.name.startsWith("Vice Chair (demo)"));
    return chair?.seats.includes(`Independent Chair, ${BOARD}`) && vice?.seats.includes(`Deputy for Independent Chair, ${BOARD}`);
  }, {
    what: "the directory to list the demo chair's seat and the vice chair as deputy",
    describe: async () => JSON.stringify(await directoryRows(page)),
  });
  void directory;

  // A person added inline from a seat with an organisation.
  await page.goBack();
  await leicester.waitForLoaded();
  const board = await leicester.openGroup(BOARD);
  await board.waitForSeats(20);
  const editor = await board.editSeat(SEAT);
  const name = `Director of Children's Services (test ${uniqueTag()})`;
  const add = editor.getByTestId("add-person-form");
  await add.getByLabel("Full name", { exact: true }).fill(name);
  await add.getByLabel("Job title", { exact: true }).fill("Director");
  await add.getByTestId("add-person").click();
  await waitFor(async () => (await editor.getByLabel("Holder", { exact: true }).locator("option:checked").innerText()).includes(name), {
    what: "the new person to be selected as the seat's holder",
  });
  await editor.getByTestId("save-seat").click();
  await waitFor(async () => (await board.seatSummary(SEAT)).holder.includes(name), {
    what: `the ${SEAT} seat to name its new holder`,
    describe: async () => JSON.stringify(await board.seatSummary(SEAT)),
  });

  // Back to the partnership (the saved seat form replaced itself with the group page).
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: LEICESTER }).click();
  await leicester.waitForLoaded();
  directory = await leicester.openDirectory();
  await directory.waitForPerson(name);
  await waitFor(async () => {
    const row = (await directoryRows(page)).find((r) => r.name.startsWith(name));
    return row?.organisation === ORGANISATION && row.seats.includes(`${SEAT}, ${BOARD}`);
  }, {
    what: "the new person to be listed with the seat's organisation and the seat",
    describe: async () => JSON.stringify((await directoryRows(page)).filter((r) => r.name.includes("test"))),
  });
  const nobody = (await directoryRows(page)).filter((r) => r.seats.length === 0);
  assert.ok(nobody.every((r) => r.name), "people without a seat are listed too");

  // Editing the person: the changed job title is saved, the organisation they were given stays.
  await page.getByTestId("person-row").filter({ hasText: name }).getByRole("button", { name: /^Edit/ }).click();
  const edit = page.getByTestId("edit-person-form");
  await edit.getByLabel("Job title", { exact: true }).fill("Director of Children's Services");
  await edit.getByTestId("save-person").click();
  await waitFor(async () => {
    const row = (await directoryRows(page)).find((r) => r.name.startsWith(name));
    return row?.name === `${name} (Director of Children's Services)` && row.organisation === ORGANISATION;
  }, {
    what: "the person's new job title to be saved and their organisation kept",
    describe: async () => JSON.stringify((await directoryRows(page)).filter((r) => r.name.includes("test"))),
  });
  assert.equal(await edit.count(), 0, "the edit form closes once saved");
});

scenario("saving a person keeps the email another browser changed while the edit form was open", async (h) => {
  const server = await h.startServer();
  const a = await h.newSession("A", server);
  const b = await h.newSession("B", server);
  for (const s of [a, b]) {
    const list = await new PartnershipsPage(s.page).goto();
    await list.waitForPartnerships({ containing: LEICESTER });
    await (await list.open(LEICESTER)).openDirectory();
  }
  const PERSON = "Vice Chair (demo)";
  const row = async (page) => (await directoryRows(page)).find((r) => r.name.startsWith(PERSON));
  const edit = async (page) => {
    await waitFor(async () => Boolean(await row(page)), { what: `${PERSON} to be listed` });
    await page.getByTestId("person-row").filter({ hasText: PERSON }).getByRole("button", { name: /^Edit/ }).click();
    return page.getByTestId("edit-person-form");
  };

  // A opens the person's edit form; then B corrects the email and saves.
  const formA = await edit(a.page);
  await formA.waitFor();
  const email = `vice.chair.${uniqueTag()}@example.org`.toLowerCase();
  const formB = await edit(b.page);
  await formB.getByLabel("Email address (optional)", { exact: true }).fill(email);
  await formB.getByTestId("save-person").click();
  await waitFor(async () => (await row(a.page))?.contact.includes(email), {
    what: "B's email to reach A's list (A's open form still holds the old one)",
    describe: async () => JSON.stringify(await row(a.page)),
  });

  // A changes only the job title, in the form opened before B's change, and saves.
  await formA.getByLabel("Job title", { exact: true }).fill("Vice Chair and Scrutineer");
  await formA.getByTestId("save-person").click();
  for (const s of [a, b]) {
    await waitFor(async () => {
      const r = await row(s.page);
      return r?.name.endsWith("(Vice Chair and Scrutineer)") && r.contact.includes(email);
    }, {
      what: `${s.label} to show A's job title and B's email, neither lost`,
      describe: async () => JSON.stringify(await row(s.page)),
    });
  }
});
