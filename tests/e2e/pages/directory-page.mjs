// `/partnerships/<documentId>/directory` (people who hold seats, each in their own document): a table (data-testid="people-table", rows
// data-testid="person-row"); an add form (data-testid="new-person-form": "Full name", "Job
// title", …; button data-testid="add-person"); "Erase this person" (data-testid="erase-person")
// asks to confirm (data-testid="confirm-erase-button").
import { waitFor } from "../helpers/harness.mjs";

export class DirectoryPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.rows = page.getByTestId("person-row");
    this.form = page.getByTestId("new-person-form");
  }

  async names() {
    return (await this.rows.locator("th").allInnerTexts()).map((t) => t.trim());
  }

  async add({ name, jobTitle = "", email = "" }) {
    await this.form.getByLabel("Full name", { exact: true }).fill(name);
    await this.form.getByLabel("Job title", { exact: true }).fill(jobTitle);
    await this.form.getByLabel("Email address (optional)", { exact: true }).fill(email);
    await this.form.getByTestId("add-person").click();
  }

  async waitForPerson(text, { who = "the page" } = {}) {
    await waitFor(async () => (await this.names()).some((n) => n.includes(text)), {
      what: `${who} to list the person ${JSON.stringify(text)}`,
      describe: async () => `people: ${JSON.stringify(await this.names())}`,
    });
  }

  async erase(text) {
    await this.rows.filter({ hasText: text }).getByTestId("erase-person").click();
    await this.page.getByTestId("confirm-erase-button").click();
  }
}
