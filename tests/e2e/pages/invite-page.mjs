// `/invite/<token>`: h1 "Your invitation"; the offer (data-testid="invitation-offer"); for the
// signed-in invitee a button "Accept as <email>" (data-testid="accept-invitation"); for a new
// person a form (data-testid="new-account-form": "Full name", "Password", "Confirm password").
import { waitFor } from "../helpers/harness.mjs";

export class InvitePage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Your invitation", exact: true });
    this.offer = page.getByTestId("invitation-offer");
    this.accept = page.getByTestId("accept-invitation");
  }

  async goto(path) {
    await this.page.goto(path);
    await this.heading.waitFor({ state: "visible" });
    await waitFor(async () => (await this.offer.count()) > 0, {
      what: `the invitation at ${path} to show what it offers`,
      describe: async () => (await this.page.locator("main").innerText()).slice(0, 400),
    });
    return this;
  }

  async offerText() {
    return (await this.offer.innerText()).trim();
  }

  /** Accepts as the signed-in account; waits for the partnerships list. */
  async acceptAsSignedIn(email) {
    await this.accept.waitFor({ state: "visible" });
    const text = (await this.accept.innerText()).trim();
    if (text !== `Accept as ${email}`) throw new Error(`the accept button says ${JSON.stringify(text)}`);
    await this.accept.click();
    await this.page.waitForURL((url) => url.pathname === "/");
  }
}
