// `/sign-in`: h1 "Sign in", fields labelled "Email address" and "Password", button "Sign in";
// errors in the GOV.UK error summary (.govuk-error-summary). The header shows the signed-in
// name (data-testid="account-name") and a "Sign out" button (data-testid="sign-out").
import { DEMO_PASSWORD, waitFor } from "../helpers/harness.mjs";

export class SignInPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Sign in", exact: true });
    this.email = page.getByLabel("Email address", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.button = page.getByRole("button", { name: "Sign in", exact: true });
    this.errorSummary = page.locator(".govuk-error-summary");
    this.accountName = page.getByTestId("account-name");
    this.signOutButton = page.getByTestId("sign-out");
  }

  /** Opens `/sign-in` (optionally `?next=<path>`). */
  async goto(next) {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
    await this.waitForForm();
    return this;
  }

  async waitForForm() {
    await this.heading.waitFor({ state: "visible" });
    return this;
  }

  async signIn(email, password = DEMO_PASSWORD) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.button.click();
  }

  /** Submits the form and resolves with the status of the server's answer to POST /api/session. */
  async attempt(email, password = DEMO_PASSWORD) {
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.url().endsWith("/api/session") && r.request().method() === "POST"),
      this.signIn(email, password),
    ]);
    return response.status();
  }

  /** Signs in and waits until the header names the account (the page has moved on). */
  async signInAs(email, { name, password } = {}) {
    await this.signIn(email, password);
    await waitFor(async () => (await this.accountName.count()) > 0 && (!name || (await this.accountName.innerText()).includes(name)), {
      what: `the header to show the signed-in account after signing in as ${email}`,
      describe: async () => `url ${this.page.url()}; errors: ${JSON.stringify(await this.errors())}`,
    });
  }

  /** The messages in the error summary (empty when it is hidden). */
  async errors() {
    if (!(await this.errorSummary.isVisible())) return [];
    return (await this.errorSummary.locator("li").allInnerTexts()).map((t) => t.trim());
  }

  async waitForError(text) {
    return waitFor(async () => (await this.errors()).some((e) => e.includes(text)), {
      what: `the error summary to say ${JSON.stringify(text)}`,
      describe: async () => `errors: ${JSON.stringify(await this.errors())}`,
    });
  }
}
