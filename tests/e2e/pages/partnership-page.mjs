// `/partnerships/<documentId>`: h1 data-testid="partnership-name"; a rename form (input labelled
// "Partnership name", button data-testid="save-name"); the groups (ul data-testid="group-list",
// li data-testid="group-item"); an add-group form (input labelled "Group name", button
// data-testid="add-group"). Each group item links to its group page (/groups/<documentId>).
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

  /** The constitution's section headings (data-testid="constitution-section"), numbered. */
  async sectionHeadings() {
    return (await this.page.getByTestId("constitution-section").locator("h3").allInnerTexts()).map((t) => t.trim());
  }

  async rename(newName) {
    await this.nameInput.fill(newName);
    await this.saveNameButton.click();
  }

  async addGroup(groupName) {
    await this.groupNameInput.fill(groupName);
    await this.addGroupButton.click();
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
