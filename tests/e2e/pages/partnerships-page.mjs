// `/`: the partnerships list. h1 "Partnerships"; each partnership a link
// data-testid="partnership-link" whose text is its name, href /partnerships/<documentId>.
import { waitFor } from "../helpers/harness.mjs";
import { PartnershipPage } from "./partnership-page.mjs";
import { SyncStatus } from "./sync-status.mjs";

export class PartnershipsPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Partnerships", exact: true });
    this.links = page.getByTestId("partnership-link");
    this.status = new SyncStatus(page);
  }

  async goto() {
    await this.page.goto("/");
    await this.heading.waitFor({ state: "visible" }).catch((err) => {
      throw new Error(`the partnerships list did not render: no visible h1 "Partnerships" on ${this.page.url()} (a blank page?)\n  ${err.message.split("\n")[0]}`);
    });
    return this;
  }

  async names() {
    return (await this.links.allInnerTexts()).map((name) => name.trim());
  }

  /** Waits until at least one partnership is listed; returns the names. */
  async waitForPartnerships({ containing } = {}) {
    return waitFor(
      async () => {
        const names = await this.names();
        const ok = containing ? names.some((n) => n.includes(containing)) : names.length > 0;
        return ok ? names : undefined;
      },
      {
        what: containing ? `a partnership whose name contains "${containing}"` : "at least one partnership in the list",
        describe: async () => `partnership links: ${JSON.stringify(await this.names())}`,
      },
    );
  }

  /** The first listed partnership (or the first whose name contains `containing`). */
  link(containing) {
    return (containing ? this.links.filter({ hasText: containing }) : this.links).first();
  }

  /** Path `/partnerships/<documentId>` of a listed partnership. */
  async pathOf(containing) {
    const href = await this.link(containing).getAttribute("href");
    const path = href && new URL(href, this.page.url()).pathname;
    if (!path || !/^\/partnerships\/[^/]+$/.test(path)) {
      throw new Error(`partnership link href ${JSON.stringify(href)} is not /partnerships/<documentId>`);
    }
    return path;
  }

  /** Clicks a partnership and waits for its page. */
  async open(containing) {
    const path = await this.pathOf(containing);
    await this.link(containing).click();
    await this.page.waitForURL((url) => url.pathname === path);
    const partnership = new PartnershipPage(this.page);
    await partnership.waitForLoaded();
    return partnership;
  }
}
