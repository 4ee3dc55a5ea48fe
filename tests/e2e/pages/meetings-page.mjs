// `/groups/<id>/meetings`: tables data-testid="upcoming-meetings" and "past-meetings" of rows
// data-testid="meeting-row" (the date links to `/meetings/<id>`; the status is a tag);
// "Add a meeting" data-testid="add-meeting" opens `/groups/<id>/meetings/new`
// (form data-testid="new-meeting-form": Day, Month, Year, Start time, End time, Venue;
// data-testid="save-meeting"), which opens the new meeting.
// `/meetings/<id>`: h1 data-testid="meeting-title"; data-testid="quorum-panel" (data-quorate
// "true"/"false"), "meeting-summary", "agenda" (rows "agenda-item"), "attendance" (rows
// "attendance-row"), "decisions" (each "decision"), "minutes", "actions" (rows
// "action-row", an "Overdue" tag data-testid="overdue"); "Record attendance"
// data-testid="record-attendance" opens `/meetings/<id>/attendance` (form
// data-testid="attendance-form", a fieldset data-testid="seat-attendance" per seat with radios
// Present, Present online, Deputy present, Apologies, Absent; data-testid="save-attendance").
// Editors also see: "Change" data-testid="change-details" (`/meetings/<id>/edit`, form
// data-testid="meeting-details-form"); per agenda item links "change-item", "record-decision",
// "add-action" and buttons "move-up"/"move-down"; "add-item" (`/meetings/<id>/items/new`,
// form data-testid="item-form": Title, Lead, Purpose radios, Time allotted;
// data-testid="save-item"); "write-minutes" (`/meetings/<id>/minutes`, the textarea labelled
// "Minutes (Markdown)"); each action row a "Mark as done" button data-testid="mark-done";
// open actions of earlier meetings in data-testid="carried" (rows "carried-row"). Forms
// return to the meeting with a success banner data-testid="meeting-saved".
import { waitFor } from "../helpers/harness.mjs";
import { PartnershipsPage } from "./partnerships-page.mjs";

export const LEICESTER = "Leicester Safeguarding Children Board";
export const BOARD = "Leicester Safeguarding Children Board (Board)";

export class MeetingsPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.upcoming = page.getByTestId("upcoming-meetings");
    this.past = page.getByTestId("past-meetings");
  }

  /**
   * As a person gets there: the partnerships list, the partnership, its group (once its
   * seats show), then the group's "Meetings" link.
   */
  static async open(page, { partnership = LEICESTER, group = BOARD, seats = 20 } = {}) {
    const list = await new PartnershipsPage(page).goto();
    await list.waitForPartnerships({ containing: partnership });
    const home = await list.open(partnership);
    return MeetingsPage.fromPartnership(page, home, { group, seats });
  }

  /** From a partnership's page (a PartnershipPage): its group, then the "Meetings" link. */
  static async fromPartnership(page, home, { group = BOARD, seats = 20 } = {}) {
    const g = await home.openGroup(group);
    await g.waitForSeats(seats);
    await page.getByTestId("group-meetings-link").click();
    await page.waitForURL((url) => url.pathname.endsWith("/meetings"));
    return new MeetingsPage(page).waitForLoaded();
  }

  async waitForLoaded() {
    await this.page.getByRole("heading", { level: 1, name: "Meetings" }).waitFor();
    await this.past.waitFor();
    return this;
  }

  /** Hrefs of the past meetings whose status tag reads `status`, latest first. */
  async pastHrefs(status = "Held") {
    await waitFor(async () => (await this.past.getByTestId("meeting-row").count()) > 0, { what: "past meetings to be listed" });
    const rows = this.past.getByTestId("meeting-row").filter({ hasText: status });
    const hrefs = [];
    for (let i = 0; i < (await rows.count()); i++) hrefs.push(await rows.nth(i).getByRole("link").getAttribute("href"));
    return hrefs;
  }
}

export class MeetingPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.title = page.getByTestId("meeting-title");
    this.quorum = page.getByTestId("quorum-panel");
    this.decisions = page.getByTestId("decision");
    this.attendanceRows = page.getByTestId("attendance-row");
  }

  async goto(path) {
    await this.page.goto(path);
    return this.waitForLoaded();
  }

  async waitForLoaded() {
    await this.title.waitFor();
    await this.quorum.waitFor();
    return this;
  }

  async quorate() {
    return (await this.quorum.getAttribute("data-quorate")) === "true";
  }

  async waitForQuorate(want) {
    await waitFor(async () => (await this.quorate()) === want, {
      what: `the quorum panel to say ${want ? "quorate" : "not quorate"}`,
      describe: async () => await this.quorum.innerText(),
    });
  }

  agendaItem(title) {
    return this.page.getByTestId("agenda-item").filter({ hasText: title });
  }

  /** The success banner's text after a form returned here. */
  async saved() {
    const banner = this.page.getByTestId("meeting-saved");
    await banner.waitFor();
    return banner.innerText();
  }

  /** Adds an agenda item through its form; returns to the meeting. */
  async addItem({ title, lead = "", purpose = "For decision", minutes = "" }) {
    await this.page.getByTestId("add-item").click();
    const form = this.page.getByTestId("item-form");
    await form.waitFor();
    await form.getByLabel("Title", { exact: true }).fill(title);
    if (lead) await form.getByLabel("Lead (optional)").fill(lead);
    await form.getByLabel(purpose, { exact: true }).check();
    if (minutes) await form.getByLabel("Time allotted in minutes (optional)").fill(String(minutes));
    await this.page.getByTestId("save-item").click();
    await this.page.waitForURL((url) => !url.pathname.includes("/items/"));
    await this.waitForLoaded();
  }

  /** Titles of the agenda items, in order. */
  async agendaTitles() {
    const titles = await this.page.getByTestId("agenda-item").locator("h3").allInnerTexts();
    return titles.map((t) => t.replace(/^\d+\.\s*/, ""));
  }

  /** Opens the attendance form, marks every seat `mark` (its radio label) and saves. */
  async markEverySeat(mark) {
    await this.page.getByTestId("record-attendance").click();
    const seats = this.page.getByTestId("seat-attendance");
    await seats.first().waitFor();
    const n = await seats.count();
    for (let i = 0; i < n; i++) await seats.nth(i).getByLabel(mark, { exact: true }).check();
    await this.page.getByTestId("save-attendance").click();
    await this.page.waitForURL((url) => !url.pathname.endsWith("/attendance"));
    await this.waitForLoaded();
    return n;
  }
}

// `/written/<id>`: a decision by written procedure. h1 data-testid="written-question", the
// stage tag "written-stage" (Open, Ready to close, Carried, Not carried), "written-responded"
// ("1 of 6 entitled members have responded."), table "written-responses" (rows
// "written-response": member, response, recorded by), the outcome "written-outcome" once
// closed. Editors: form "written-response-form" (radios "Member" — each labelled with the
// member and their response so far — and "Response": For, Against, Abstain;
// "save-response"), then a success banner "written-saved"; "written-close-form" (the chair's
// consent and casting vote where the group's rule has them; "close-written") once it may
// close, "written-not-yet" before. Put to the group from the meetings page's "new-written"
// (`/groups/<id>/written/new`, form "new-written-form": "What is proposed", the closing
// date's Day, Month, Year; "open-written"); listed there in "written-list" (rows "written-row").
export class WrittenProcedurePage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.question = page.getByTestId("written-question");
    this.stage = page.getByTestId("written-stage");
    this.responded = page.getByTestId("written-responded");
    this.rows = page.getByTestId("written-response");
    this.form = page.getByTestId("written-response-form");
  }

  async waitForLoaded() {
    await this.question.waitFor();
    await this.page.getByTestId("written-responses").waitFor();
    return this;
  }

  /** The members the response form offers, as their radio labels read. */
  async members() {
    return this.form.getByRole("group", { name: "Member" }).locator("label").allInnerTexts();
  }

  /** Records `vote` ("For", "Against", "Abstain") for the member whose label starts with `member`. */
  async respond(member, vote) {
    await this.form.getByRole("group", { name: "Member" }).locator("label").filter({ hasText: new RegExp(`^${escape(member)} \\(`) }).click();
    await this.form.getByRole("group", { name: "Response" }).getByLabel(vote, { exact: true }).check();
    await this.page.getByTestId("save-response").click();
    await waitFor(async () => /Response recorded/.test((await this.page.getByTestId("written-saved").innerText().catch(() => "")) ?? ""), {
      what: `the response of ${member} to be recorded`,
    });
  }

  /** A member's own response ("For", "Against", "Abstain") from the "Your response" form. */
  async respondMyself(vote) {
    const mine = this.page.getByTestId("my-response-form");
    await mine.getByRole("group", { name: "Your response" }).getByLabel(vote, { exact: true }).check();
    await this.page.getByTestId("send-my-response").click();
    await waitFor(async () => /Your response was saved/.test((await this.page.getByTestId("written-saved").innerText().catch(() => "")) ?? ""), {
      what: `your response (${vote}) to be saved`,
    });
  }

  /** The response shown in the table for the member whose row contains `member`. */
  async responseOf(member) {
    const row = this.rows.filter({ has: this.page.locator("th", { hasText: new RegExp(`^${escape(member)}$`) }) });
    return (await row.locator("td").first().innerText()).trim();
  }
}

/** `s` as a regular expression's literal text. */
function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
