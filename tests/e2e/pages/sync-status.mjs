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

  /** Waits until data-state is `state` (one of SYNC_STATES), or one of several states. */
  async waitFor(state, { timeout = TIMEOUT_MS, who = "the page" } = {}) {
    const wanted = [state].flat();
    for (const s of wanted) if (!SYNC_STATES.includes(s)) throw new Error(`unknown sync state ${s}`);
    return waitFor(async () => {
      const current = await this.state();
      return wanted.includes(current) ? current : undefined;
    }, {
      what: `${who}'s sync status to be ${wanted.map((s) => `"${s}"`).join(" or ")}`,
      timeout,
      describe: () => this.describe(),
    });
  }
}
