// `/partnerships/<documentId>/compliance`, the partnership's compliance rules: a summary list
// (data-testid="compliance-summary": summary-dbs, summary-dbs-categories, summary-categories, summary-title,
// summary-version) with "Change" links to the fields of the admins' form
// (data-testid="compliance-form": "How many years a DBS check stays valid", a checkbox per seat
// category under "Which seats need a DBS check" and under "Which seats must sign the agreement", "Agreement title", "Agreement version",
// "Agreement text"; button data-testid="save-compliance"). Other roles see
// data-testid="compliance-read-only" and no form.
//
// `/partnerships/<documentId>/dashboard`, the compliance dashboard: tables of flags
// (data-testid="flags-overdue" and "flags-soon", rows data-testid="flag-row" with "flag-owed"
// and "flag-seat"), attendance by organisation (data-testid="rates-table", rows "rate-row") and
// its CSV (data-testid="download-rates-csv").
import { waitFor } from "../helpers/harness.mjs";

export class CompliancePage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.summary = page.getByTestId("compliance-summary");
    this.form = page.getByTestId("compliance-form");
    this.errorSummary = page.locator("main .govuk-error-summary");
    this.notice = page.getByTestId("success-notice");
  }

  async waitForLoaded() {
    await this.summary.waitFor();
    return this;
  }

  /** The summary list's values, by what they say. */
  async rules() {
    const value = (id) => this.page.getByTestId(id).innerText().then((t) => t.trim());
    return {
      dbs: await value("summary-dbs"),
      dbsCategories: await value("summary-dbs-categories"),
      categories: await value("summary-categories"),
      title: await value("summary-title"),
      version: await value("summary-version"),
    };
  }

  /**
   * Fills the form: `dbsYears`, `version` (strings), `categories` (who signs the agreement) and
   * `dbsCategories` (who needs a DBS check), each like { "Lay member": false, ... }; then saves.
   */
  async change({ dbsYears, version, categories = {}, dbsCategories = {} }) {
    if (dbsYears !== undefined) await this.form.getByLabel("How many years a DBS check stays valid", { exact: true }).fill(dbsYears);
    if (version !== undefined) await this.form.getByLabel("Agreement version", { exact: true }).fill(version);
    const ticks = [["Which seats need a DBS check", dbsCategories], ["Which seats must sign the agreement", categories]];
    for (const [legend, choices] of ticks) {
      for (const [label, on] of Object.entries(choices)) {
        await this.form.getByRole("group", { name: legend }).getByLabel(label, { exact: true }).setChecked(on);
      }
    }
    await this.page.getByTestId("save-compliance").click();
  }
}

export class DashboardPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.headline = page.getByTestId("flags-headline");
  }

  async waitForLoaded() {
    await this.page.getByTestId("rates-table").or(this.page.getByTestId("rates-empty")).waitFor();
    return this;
  }

  /** Every flag as "seat: what is owed". */
  async flags() {
    return this.page.getByTestId("flag-row").evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('[data-testid="flag-seat"]').innerText.trim()}: ${r.querySelector('[data-testid="flag-owed"]').innerText.trim()}`),
    );
  }

  /** Waits until the flags satisfy `pred`. */
  async waitForFlags(pred, what) {
    await waitFor(async () => pred(await this.flags()), { what, describe: async () => JSON.stringify(await this.flags()) });
    return this.flags();
  }
}
