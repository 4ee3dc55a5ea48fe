// The sync status region every page shows: data-testid="sync-status", data-state one of
// offline | connecting | syncing | saved-local | saved-server.
import { TIMEOUT_MS, waitFor } from "../helpers/harness.mjs";

export const SYNC_STATES = ["offline", "connecting", "syncing", "saved-local", "saved-server"];

export class SyncStatus {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.region = page.getByTestId("sync-status");
  }

  /** The current data-state, or undefined if the region is not on the page (yet). */
  async state() {
    if ((await this.region.count()) === 0) return undefined;
    return (await this.region.getAttribute("data-state", { timeout: 1000 })) ?? undefined;
  }

  async text() {
    if ((await this.region.count()) === 0) return undefined;
    return (await this.region.innerText({ timeout: 1000 })).trim();
  }

  async describe() {
    const state = await this.state();
    if (state === undefined) return `no [data-testid="sync-status"] on ${this.page.url()}`;
    return `sync-status data-state="${state}" text ${JSON.stringify(await this.text())}`;
  }

  /** Waits until data-state is `state` (one of SYNC_STATES). */
  async waitFor(state, { timeout = TIMEOUT_MS, who = "the page" } = {}) {
    if (!SYNC_STATES.includes(state)) throw new Error(`unknown sync state ${state}`);
    await waitFor(async () => (await this.state()) === state, {
      what: `${who}'s sync status to be "${state}"`,
      timeout,
      describe: () => this.describe(),
    });
  }
}
