// `/partnerships/<documentId>/constitution/edit`: one form (data-testid="section-form") that adds
// a section or, after a section's "Edit" button, changes it: inputs labelled "Section heading"
// and "Section text", button data-testid="save-section"; saving shows a success notification
// (data-testid="success-notice"). The sections are listed (li
// data-testid="constitution-edit-section", labelled "<n> – <heading>") with their buttons.
import { waitFor } from "../helpers/harness.mjs";
import { SyncStatus } from "./sync-status.mjs";

export class ConstitutionEditPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByLabel("Section heading", { exact: true });
    this.text = page.getByLabel("Section text", { exact: true });
    this.save = page.getByTestId("save-section");
    this.notice = page.getByTestId("success-notice");
    this.sections = page.getByTestId("constitution-edit-section");
    this.status = new SyncStatus(page);
  }

  /** Opens the form for the partnership whose home is `home` (`/partnerships/<id>`). */
  async goto(home) {
    await this.page.goto(`${home}/constitution/edit`);
    await this.page.getByTestId("section-form").waitFor();
    return this;
  }

  /** Adds a section and waits for "Section saved". */
  async add(heading, text) {
    await this.heading.fill(heading);
    await this.text.fill(text);
    await this.saveAndWait();
  }

  /** Saves the form and waits for its success notice (new each save). */
  async saveAndWait() {
    await this.save.click();
    await this.notice.waitFor();
    await waitFor(async () => (await this.heading.inputValue()) === "", { what: "the form to empty after saving" });
  }

  /** The section listed under `heading` (its label ends with it). */
  section(heading) {
    return this.sections.filter({ hasText: ` – ${heading}` });
  }

  /** Waits until a section is listed under `heading` (e.g. another browser's change synced). */
  async waitForListed(heading, { who = "" } = {}) {
    await waitFor(async () => (await this.section(heading).count()) === 1, {
      what: `${who} to list the section "${heading}"`,
      describe: async () => JSON.stringify(await this.sections.allInnerTexts()),
    });
  }

  /** Opens the form on the section listed under `heading`. */
  async edit(heading) {
    await this.section(heading).getByRole("button", { name: /^Edit section/ }).click();
    await waitFor(async () => (await this.heading.inputValue()) === heading, { what: `the form to hold "${heading}"` });
  }
}
