// The procedures pages (issue 11): the library `/partnerships/<id>/procedures` (manuals,
// chapters, procedures with a status tag, an offline search box), the reader `/procedures/<doc>`
// (latest published version) and the draft `/procedures/<doc>/draft` (a textarea per section
// labelled `Text of “<heading>” (Markdown)`, lifecycle and sign-off panels).
import { waitFor } from "../helpers/harness.mjs";
import { PartnershipsPage } from "./partnerships-page.mjs";
import { SyncStatus } from "./sync-status.mjs";

export class LibraryPage {
  /**
   * The library of `partnership` (a name, or part of one), through the app's own links:
   * the list of partnerships, the partnership, its "Procedures" link.
   * @param {import("playwright-core").Page} page
   */
  static async open(page, partnership) {
    const list = await new PartnershipsPage(page).goto();
    await list.waitForPartnerships({ containing: partnership });
    await list.open(partnership);
    await page.getByRole("link", { name: "Procedures", exact: true }).first().click();
    const library = new LibraryPage(page);
    await library.heading.waitFor({ state: "visible" });
    return library;
  }

  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Procedures", exact: true });
    this.search = page.getByLabel("Search procedures");
    this.hits = page.getByTestId("search-hit");
    this.entries = page.getByTestId("procedure-entry");
    this.status = new SyncStatus(page);
  }

  /** Opens the library of the partnership at `partnershipPath` (`/partnerships/<id>`). */
  async goto(partnershipPath) {
    await this.page.goto(`${partnershipPath}/procedures`);
    await this.heading.waitFor({ state: "visible" });
    return this;
  }

  async waitForProcedure(title) {
    await waitFor(async () => (await this.entries.filter({ hasText: title }).count()) > 0, {
      what: `the procedure "${title}" in the library`,
      describe: async () => `entries: ${JSON.stringify(await this.entries.allInnerTexts())}`,
    });
  }

  /** Types `query` in the search box; returns the hit texts once one contains `expect`. */
  async searchFor(query, expect = query) {
    await this.search.fill(query);
    return waitFor(async () => {
      const texts = await this.hits.allInnerTexts();
      return texts.some((t) => t.includes(expect)) ? texts : undefined;
    }, { what: `a search hit for "${query}"`, describe: async () => `hits: ${JSON.stringify(await this.hits.allInnerTexts())}` });
  }

  /** The highlighted words of the hits. */
  async marked() {
    return this.page.locator("[data-testid=search-hit] mark").allInnerTexts();
  }

  /** Clicks a procedure and waits for its reader page. */
  async openProcedure(title) {
    await this.entries.filter({ hasText: title }).getByRole("link").first().click();
    const reader = new ReaderPage(this.page);
    await reader.title.waitFor({ state: "visible" });
    return reader;
  }
}

export class ReaderPage {
  constructor(page) {
    this.page = page;
    this.title = page.getByTestId("procedure-title");
    this.version = page.getByTestId("procedure-version");
    this.amendments = page.getByTestId("amendments");
    this.published = page.getByTestId("published");
    this.draftLink = page.getByTestId("draft-link");
  }

  async openDraft() {
    await this.draftLink.click();
    const draft = new DraftPage(this.page);
    await draft.sections.first().waitFor({ state: "visible" });
    return draft;
  }
}

export class DraftPage {
  /**
   * The draft of the procedure `title` in `partnership`'s library, through the app's own
   * links (library, reader, "draft").
   * @param {import("playwright-core").Page} page
   */
  static async open(page, partnership, title) {
    const library = await LibraryPage.open(page, partnership);
    await library.waitForProcedure(title);
    const reader = await library.openProcedure(title);
    return reader.openDraft();
  }

  constructor(page) {
    this.page = page;
    this.sections = page.getByTestId("draft-section");
    this.status = new SyncStatus(page);
    this.draftStatus = page.getByTestId("draft-status");
  }

  async goto(path) {
    await this.page.goto(path);
    await this.sections.first().waitFor({ state: "visible" });
    return this;
  }

  editor(heading) {
    return this.page.getByLabel(`Text of “${heading}” (Markdown)`);
  }

  /** Puts the caret at the end of a section's text and types `text` key by key. */
  async typeAtEnd(heading, text, { delay = 15 } = {}) {
    const area = this.editor(heading);
    await area.click();
    await area.press("Control+End");
    await this.page.keyboard.type(text, { delay });
  }

  /** Puts the caret at the start and types. */
  async typeAtStart(heading, text, { delay = 15 } = {}) {
    const area = this.editor(heading);
    await area.click();
    await area.press("Control+Home");
    await this.page.keyboard.type(text, { delay });
  }

  async text(heading) {
    return this.editor(heading).inputValue();
  }

  async moveTo(statusLabel) {
    await this.page.getByRole("button", { name: `Move to ${statusLabel.toLowerCase()}`, exact: true }).click();
    await waitFor(async () => (await this.draftStatus.innerText()).trim() === statusLabel, {
      what: `the status "${statusLabel}"`,
      describe: async () => `status: ${await this.draftStatus.innerText()}; error: ${await this.page.getByTestId("draft-error").allInnerTexts()}`,
    });
  }

  async signOffFor(partnership) {
    await this.page.getByRole("button", { name: `Sign off for ${partnership}` }).click();
  }

  async publish(summary) {
    await this.page.getByLabel("What changed in this version").fill(summary);
    await this.page.getByTestId("publish").click();
  }
}

/** The "Comments" panel of one section of the draft (or the reader, read-only). */
export class SectionComments {
  /** @param {DraftPage} draft @param {string} heading the section's heading */
  constructor(draft, heading) {
    this.page = draft.page;
    this.section = draft.sections.filter({ has: this.page.getByRole("heading", { level: 3, name: heading }) });
    this.panel = this.section.getByTestId("comments");
    this.open = this.panel.getByTestId("open-comments").getByTestId("comment");
    this.resolved = this.panel.getByTestId("resolved-comments");
    this.error = this.panel.getByTestId("comments-error");
    this.form = this.panel.getByTestId("add-comment");
  }

  /** Opens "Add a comment", fills it in and sends it. */
  async add({ quote, comment = "", replacement = "" }) {
    if (!(await this.form.isVisible())) await this.panel.getByTestId("add-comment-toggle").click();
    await this.form.getByLabel("The words you are commenting on").fill(quote);
    await this.form.getByLabel("Your comment").fill(comment);
    await this.form.getByLabel("Suggest replacement text (optional)").fill(replacement);
    await this.form.getByRole("button", { name: "Add comment" }).click();
  }

  /** The open comment whose text contains `text`. */
  comment(text) {
    return this.open.filter({ hasText: text });
  }

  async waitForOpen(text, { timeout = 20_000 } = {}) {
    await waitFor(async () => (await this.comment(text).count()) > 0, {
      what: `an open comment with "${text}"`,
      timeout,
      describe: async () => `open: ${JSON.stringify(await this.open.allInnerTexts())}; error: ${JSON.stringify(await this.error.allInnerTexts())}`,
    });
    return this.comment(text);
  }

  async accept(text) {
    await this.comment(text).getByRole("button", { name: "Accept the suggested change" }).click();
  }

  async resolve(text) {
    await this.comment(text).getByRole("button", { name: "Resolve this comment" }).click();
  }
}
