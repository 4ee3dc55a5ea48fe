// `/groups/<documentId>`, read first: h1 data-testid="group-name"; data-testid="group-sheet"
// holds the summary lists "group-summary" (about: kind, owners, status, frequency, chair,
// reporting lines…), "group-terms" (purpose in data-testid="group-purpose", functions
// ol data-testid="group-functions" of data-testid="item-text") and "group-rules"; then
// "group-membership" (rows data-testid="seat-row", each with a Change link
// data-testid="edit-seat" to `/groups/<id>/seats/<seat>`; data-testid="add-seat-link"),
// "group-conflicts" (each data-testid="conflict": an h3 naming the field, values
// data-testid="conflict-value", buttons data-testid="keep-value") and "group-timeline"
// (rows data-testid="timeline-entry"; "Name this version" behind a details summary).
// Each summary row has a Change link data-testid="change-<row>" to a form on its own page
// (`/groups/<id>/edit/details|rules|terms|links`, form data-testid="group-edit", button
// data-testid="save-group") which returns to the group with data-testid="group-saved".
// The terms page lists functions in ol data-testid="add-function-list" of li
// data-testid="list-item" (Edit data-testid="edit-item" opens a textarea
// data-testid="edit-item-input", data-testid="save-item"); "Done" is data-testid="terms-done".
// The seat page is data-testid="seat-editor" (selects labelled "Holder" / "Named deputy",
// dates labelled "DBS check date", …; data-testid="save-seat"); badges data-testid="obligation".
import { waitFor } from "../helpers/harness.mjs";
import { SyncStatus } from "./sync-status.mjs";

export class GroupPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId("group-name");
    this.summary = page.getByTestId("group-summary");
    // What the page reads: about, terms of reference, meetings and decisions.
    this.terms = page.getByTestId("group-sheet");
    this.purpose = page.getByTestId("group-purpose");
    this.membership = page.getByTestId("group-membership");
    this.seats = page.getByTestId("seat-row");
    this.edit = page.getByTestId("group-edit");
    this.purposeInput = this.edit.getByLabel("Purpose", { exact: true });
    this.saveButton = page.getByTestId("save-group");
    this.status = new SyncStatus(page);
  }

  async goto(path) {
    await this.page.goto(path);
    await this.waitForLoaded();
    return this;
  }

  async text(locator) {
    if ((await locator.count()) === 0) return undefined;
    return (await locator.innerText({ timeout: 1000 })).trim() || undefined;
  }

  async waitForLoaded() {
    await waitFor(async () => (await this.text(this.name)) !== undefined, {
      what: `the group page to show a name in [data-testid="group-name"] (${this.page.url()})`,
      describe: async () => `group-name: ${JSON.stringify(await this.text(this.name))}; ${await this.status.describe()}`,
    });
    return this;
  }

  async describe() {
    return `name ${JSON.stringify(await this.text(this.name))}, purpose ${JSON.stringify(await this.text(this.purpose))}, ${await this.seats.count()} seats, ${await this.status.describe()}`;
  }

  /** Waits until the terms of reference section contains `text`. */
  async waitForTerms(text, { who = "the page", timeout } = {}) {
    await waitFor(async () => ((await this.text(this.terms)) ?? "").includes(text), {
      what: `${who} to show ${JSON.stringify(text)} in the terms of reference`,
      timeout,
      describe: () => this.describe(),
    });
  }

  async waitForPurpose(text, { who = "the page", timeout } = {}) {
    await waitFor(async () => (await this.text(this.purpose)) === text, {
      what: `${who} to show the purpose ${JSON.stringify(text)}`,
      timeout,
      describe: () => this.describe(),
    });
  }

  async waitForSeats(atLeast, { who = "the page" } = {}) {
    await waitFor(async () => (await this.seats.count()) >= atLeast, {
      what: `${who} to list at least ${atLeast} seats in the membership table`,
      describe: () => this.describe(),
    });
  }

  /** Waits until the history (data-testid="group-timeline") lists a change described as `what`. */
  async waitForTimeline(what, { who = "the page", timeout } = {}) {
    const entries = this.page.getByTestId("timeline-entry");
    await waitFor(async () => (await entries.allInnerTexts()).some((e) => e.includes(what)), {
      what: `${who} to list the change ${JSON.stringify(what)} in the history`,
      timeout,
      describe: async () => `history: ${JSON.stringify((await entries.allInnerTexts()).slice(0, 5))}; ${await this.describe()}`,
    });
  }

  /** Follows the Change link `testid` from the group page and waits for the form. */
  async change(testid, form = this.edit) {
    await this.page.getByTestId(testid).click();
    await form.waitFor({ state: "visible" });
  }

  /** Opens the details form (name, kind, purpose, frequency, reporting line, chairing). */
  async changeDetails() {
    await this.change("change-about-kind");
  }

  /** Opens the meetings and decisions form (papers, agenda, quorum, decisions, attendance). */
  async changeRules() {
    await this.change("change-rules-papers");
  }

  /** Opens the functions and standing agenda page (unless it is open). */
  async changeTerms() {
    const add = this.page.getByLabel("Add a function", { exact: true });
    if (await add.isVisible()) return;
    await this.change("change-functions", add);
  }

  /** Back from the functions page to the group page. */
  async doneWithTerms() {
    await this.page.getByTestId("terms-done").click();
    await this.waitForLoaded();
  }

  /** Saves the open form and waits for the group page's success notification. */
  async saveAndReturn() {
    await this.saveButton.click();
    await this.page.getByTestId("group-saved").waitFor({ state: "visible" });
  }

  async setPurpose(text) {
    await this.changeDetails();
    await this.purposeInput.fill(text);
    await this.saveAndReturn();
  }

  async rename(name) {
    await this.changeDetails();
    await this.edit.getByLabel("Name", { exact: true }).fill(name);
    await this.saveAndReturn();
  }

  async currentName() {
    return this.text(this.name);
  }

  async waitForName(expected, { who = "the page", timeout } = {}) {
    await waitFor(async () => (await this.currentName()) === expected, {
      what: `${who} to show the group name ${JSON.stringify(expected)}`,
      timeout,
      describe: () => this.describe(),
    });
  }

  /** The functions of the terms of reference, as shown (on the group page or the functions page). */
  async functionTexts() {
    const lists = this.page.locator('[data-testid="group-functions"], [data-testid="add-function-list"]');
    return (await lists.getByTestId("item-text").allInnerTexts()).map((t) => t.trim());
  }

  /** Adds a function on the functions page, waits for it to be listed there, and returns to the group page. */
  async addFunction(text) {
    await this.changeTerms();
    await this.page.getByLabel("Add a function", { exact: true }).fill(text);
    await this.page.getByRole("button", { name: "Add function", exact: true }).click();
    await waitFor(async () => (await this.functionTexts()).includes(text), {
      what: `the functions page to list ${JSON.stringify(text)}`,
      describe: async () => `functions ${JSON.stringify(await this.functionTexts())}`,
    });
    await this.doneWithTerms();
  }

  /** Edits the function at `index` (0-based) to `text`, saves it and returns to the group page. */
  async editFunction(index, text) {
    await this.changeTerms();
    const item = this.page.getByTestId("add-function-list").getByTestId("list-item").nth(index);
    await item.getByTestId("edit-item").click();
    const input = item.getByTestId("edit-item-input");
    // The form puts the caret at the end of the text in the next frame; fill after that, as a person would.
    await waitFor(async () => input.evaluate((el) => el === document.activeElement), { what: "the edit box to take focus" });
    await input.fill(text);
    await item.getByTestId("save-item").click();
    await item.getByTestId("item-text").waitFor({ state: "visible" });
    await this.doneWithTerms();
  }

  /** Clicks "Move up" on the function at `index` (0-based), then returns to the group page. */
  async moveFunctionUp(index) {
    await this.changeTerms();
    await this.page.getByTestId("add-function-list").getByTestId("list-item").nth(index).getByRole("button", { name: /^Move up/ }).click();
    await this.doneWithTerms();
  }

  async waitForFunction(index, expected, { who = "the page", timeout } = {}) {
    await waitFor(async () => (await this.functionTexts())[index] === expected, {
      what: `${who} to show function ${index + 1} as ${JSON.stringify(expected)}`,
      timeout,
      describe: async () => `functions ${JSON.stringify(await this.functionTexts())}; ${await this.describe()}`,
    });
  }

  /** Follows the Change link of the seat whose role is `role` to its form. */
  async editSeat(role) {
    await this.seats.filter({ has: this.page.getByRole("rowheader", { name: role, exact: true }) }).getByTestId("edit-seat").click();
    const editor = this.page.getByTestId("seat-editor");
    await editor.waitFor({ state: "visible" });
    return editor;
  }

  /** The texts of the holder cell and the badges of the seat whose role is `role`. */
  async seatSummary(role) {
    const row = this.seats.filter({ has: this.page.getByRole("rowheader", { name: role, exact: true }) }).first();
    return {
      holder: (await row.getByTestId("seat-holder").innerText()).trim(),
      badges: (await row.getByTestId("obligation").allInnerTexts()).map((t) => t.trim()),
    };
  }

  /** The conflict (data-testid="conflict") whose heading is `field`. */
  conflict(field) {
    return this.page.getByTestId("conflict").filter({ has: this.page.getByRole("heading", { name: field, exact: true }) });
  }

  async conflictValues(field) {
    const c = this.conflict(field);
    if ((await c.count()) === 0 || !(await c.first().isVisible())) return [];
    return (await c.first().getByTestId("conflict-value").allInnerTexts()).map((v) => v.trim());
  }

  async waitForConflict(field, values, { who = "the page", timeout } = {}) {
    await waitFor(async () => {
      const shown = await this.conflictValues(field);
      return values.every((v) => shown.includes(v));
    }, {
      what: `${who} to show a conflict on ${field} between ${JSON.stringify(values)}`,
      timeout,
      describe: async () => `conflict values ${JSON.stringify(await this.conflictValues(field))}; ${await this.describe()}`,
    });
  }

  /** Keeps `value` of the conflict on `field`. */
  async keep(field, value) {
    const item = this.conflict(field).first().getByRole("listitem").filter({ hasText: value });
    await item.getByTestId("keep-value").click();
  }
}
