// `/partnerships/<documentId>/people` (admins): h1 "People"; a table data-testid="people"
// (rows data-testid="person-row" with data-testid="person-email", a role select
// data-testid="person-role" + button data-testid="save-role", a "Remove" button confirmed by
// data-testid="confirm-remove"); the "Invite someone" form (data-testid="invite-form": "Email
// address", role radios "Admin"/"Editor"/"Viewer", a select "Only one group (optional)", button
// data-testid="send-invitation") and the link it makes (input data-testid="invite-link"); the
// audit log (data-testid="audit", rows data-testid="audit-entry").
import { waitFor } from "../helpers/harness.mjs";

export class PeoplePage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "People", exact: true });
    this.rows = page.getByTestId("person-row");
    this.form = page.getByTestId("invite-form");
    this.link = page.getByTestId("invite-link");
    this.audit = page.getByTestId("audit-entry");
  }

  async waitForLoaded() {
    await this.heading.waitFor({ state: "visible" });
    await waitFor(async () => (await this.rows.count()) > 0, {
      what: "the people table to list at least one person",
      describe: async () => (await this.page.locator("main").innerText()).slice(0, 400),
    });
    return this;
  }

  /** The row of the person with `email`. */
  row(email) {
    return this.rows.filter({ has: this.page.getByTestId("person-email").filter({ hasText: email }) });
  }

  /** The role the row's select shows ("admin", "editor" or "viewer"). */
  async roleOf(email) {
    return this.row(email).getByTestId("person-role").inputValue();
  }

  /** Chooses `role` ("Admin", "Editor", "Viewer") for `email` and presses Save. */
  async setRole(email, role) {
    const row = this.row(email);
    await row.getByTestId("person-role").selectOption({ label: role });
    await row.getByTestId("save-role").click();
  }

  /** Removes `email`, confirming. */
  async remove(email) {
    const row = this.row(email);
    await row.getByTestId("remove-person").click();
    await row.getByTestId("confirm-remove").click();
  }

  async emails() {
    return (await this.page.getByTestId("person-email").allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Invites `email` as `role` ("Admin", "Editor" or "Viewer"), to one group when `group` (its
   * name) is given; returns the link's path (/invite/<token>).
   */
  async invite(email, role, { group } = {}) {
    await this.form.getByLabel("Email address", { exact: true }).fill(email);
    await this.form.getByLabel(role, { exact: true }).check();
    if (group) await this.form.getByLabel("Only one group (optional)").selectOption({ label: group });
    await this.page.getByTestId("send-invitation").click();
    const href = await waitFor(async () => ((await this.link.count()) ? await this.link.inputValue() : undefined), {
      what: `an invitation link for ${email}`,
      describe: async () => (await this.page.locator(".govuk-error-summary").innerText().catch(() => "")) || "no link, no error",
    });
    const path = new URL(href).pathname;
    if (!/^\/invite\/[^/]+$/.test(path)) throw new Error(`the invitation link ${href} is not /invite/<token>`);
    return path;
  }
}
