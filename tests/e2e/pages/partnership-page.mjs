// `/partnerships/<documentId>`, the partnership's home: h1 data-testid="partnership-name"; what
// needs attention (data-testid="attention"); the groups (ul data-testid="group-list", li
// data-testid="group-item", each linking to /groups/<documentId>) and the structure chart; summary
// lists whose "Change" links (in .govuk-summary-list__actions) open one form each on its own page:
// the name (data-testid="change-name" → input labelled "Partnership name", button
// data-testid="save-name"), a new group (data-testid="add-group-link" → input labelled "Group
// name", a kind radio, button data-testid="add-group"). Saving returns to the home with a success
// notification (data-testid="success-notice").
import { waitFor } from "../helpers/harness.mjs";
import { GroupPage } from "./group-page.mjs";
import { DirectoryPage } from "./directory-page.mjs";
import { SyncStatus } from "./sync-status.mjs";

export class PartnershipPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId("partnership-name");
    this.nameInput = page.getByLabel("Partnership name", { exact: true });
    this.saveNameButton = page.getByTestId("save-name");
    this.groupList = page.getByTestId("group-list");
    this.groups = page.getByTestId("group-item");
    this.groupNameInput = page.getByLabel("Group name", { exact: true });
    this.addGroupButton = page.getByTestId("add-group");
    this.addGroupLink = page.getByTestId("add-group-link");
    this.changeLinks = page.locator("main .govuk-summary-list__actions a");
    this.notice = page.getByTestId("success-notice");
    this.errorSummary = page.locator("main .govuk-error-summary");
    this.status = new SyncStatus(page);
  }

  /** Opens `/partnerships/<documentId>` directly (a deep link). */
  async goto(path) {
    await this.page.goto(path);
    await this.waitForLoaded();
    return this;
  }

  /** Waits until the partnership's name is shown (the document is loaded). */
  async waitForLoaded() {
    await waitFor(async () => (await this.currentName()) !== undefined, {
      what: `the partnership page to show a name in [data-testid="partnership-name"] (${this.page.url()})`,
      describe: async () => `partnership-name: ${JSON.stringify(await this.currentName())}; ${await this.status.describe()}`,
    });
    return this;
  }

  /** The shown name, or undefined while it is absent or empty. */
  async currentName() {
    if ((await this.name.count()) === 0) return undefined;
    const text = (await this.name.innerText({ timeout: 1000 })).trim();
    return text || undefined;
  }

  async groupNames() {
    return (await this.groups.allInnerTexts()).map((g) => g.trim());
  }

  /** How many groups the structure chart (data-testid="structure-chart", an SVG) draws, and how many as joint. */
  async chartCounts() {
    const chart = this.page.getByTestId("structure-chart");
    return {
      groups: await chart.locator("g[data-joint]").count(),
      joint: await chart.locator('g[data-joint="true"]').count(),
    };
  }

  /** Follows the group item's link whose text contains `groupName`; returns the group page. */
  async openGroup(groupName) {
    await this.waitForGroup(groupName);
    await this.groups.filter({ hasText: groupName }).first().getByRole("link").click();
    await this.page.waitForURL((url) => url.pathname.startsWith("/groups/"));
    return new GroupPage(this.page).waitForLoaded();
  }

  /** Follows the directory link (data-testid="directory-link"): people who hold seats. */
  async openDirectory() {
    await this.page.getByTestId("directory-link").click();
    await this.page.waitForURL((url) => url.pathname.endsWith("/directory"));
    return new DirectoryPage(this.page);
  }

  /** How many reporting lines the chart draws: { solid, dashed } (dashed: "also reports to"). */
  async chartLines() {
    const chart = this.page.getByTestId("structure-chart");
    return {
      solid: await chart.locator('path[data-further="false"]').count(),
      dashed: await chart.locator('path[data-further="true"][stroke-dasharray="6 4"]').count(),
    };
  }

  /** The home's path, `/partnerships/<documentId>`. */
  homePath() {
    const m = new URL(this.page.url()).pathname.match(/^\/partnerships\/[^/]+/);
    if (!m) throw new Error(`not on a partnership page: ${this.page.url()}`);
    return m[0];
  }

  /** Waits until the browser is back on the home (after a form saved). */
  async waitForHome(home) {
    await this.page.waitForURL((url) => url.pathname === home);
    await this.waitForLoaded();
  }

  /**
   * The constitution's section headings (data-testid="constitution-section"), numbered, read
   * on the constitution's own page (opened from the home's link, then back).
   */
  async sectionHeadings() {
    const onHome = !new URL(this.page.url()).pathname.endsWith("/constitution");
    if (onHome) {
      await this.page.getByTestId("constitution-link").click();
      await this.page.waitForURL((url) => url.pathname.endsWith("/constitution"));
      await this.page.getByTestId("constitution-sections").waitFor({ state: "attached" });
    }
    const headings = (await this.page.getByTestId("constitution-section").locator("h2").allInnerTexts()).map((t) => t.trim());
    if (onHome) {
      await this.page.goBack();
      await this.waitForLoaded();
    }
    return headings;
  }

  /** Follows "History and named versions" (data-testid="history-link"): revisions, "Name this version", changes. */
  async openHistory() {
    await this.page.getByTestId("history-link").click();
    await this.page.waitForURL((url) => url.pathname.endsWith("/history"));
    await this.page.getByTestId("revisions").waitFor();
  }

  /** Renames through the name's "Change" link and form; back on the home afterwards. */
  async rename(newName) {
    const home = this.homePath();
    await this.page.getByTestId("change-name").click();
    await this.nameInput.waitFor();
    await this.nameInput.fill(newName);
    await this.saveNameButton.click();
    await this.waitForHome(home);
  }

  /** Adds a group of `kind` (a radio's label) through "Add a group"; back on the home afterwards. */
  async addGroup(groupName, kind = "Subgroup") {
    const home = this.homePath();
    await this.addGroupLink.click();
    await this.groupNameInput.waitFor();
    await this.groupNameInput.fill(groupName);
    await this.page.getByLabel(kind, { exact: true }).check();
    await this.addGroupButton.click();
    await this.waitForHome(home);
  }

  /** The error summary's messages, or [] when it is hidden. */
  async errorMessages() {
    if ((await this.errorSummary.count()) === 0 || !(await this.errorSummary.isVisible())) return [];
    return (await this.errorSummary.locator("li").allInnerTexts()).map((t) => t.trim());
  }

  async describe() {
    return `name ${JSON.stringify(await this.currentName())}, groups ${JSON.stringify(await this.groupNames())}, ${await this.status.describe()}`;
  }

  async waitForName(expected, { timeout, who = "the page" } = {}) {
    await waitFor(async () => (await this.currentName()) === expected, {
      what: `${who} to show the partnership name ${JSON.stringify(expected)}`,
      timeout,
      describe: () => this.describe(),
    });
  }

  /** Waits until a group item's text contains `groupName`. */
  async waitForGroup(groupName, { timeout, who = "the page" } = {}) {
    await waitFor(async () => (await this.groupNames()).some((g) => g.includes(groupName)), {
      what: `${who} to list the group ${JSON.stringify(groupName)}`,
      timeout,
      describe: () => this.describe(),
    });
  }
}
