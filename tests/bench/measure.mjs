// Helpers the browser benchmarks (client.mjs, scale.mjs) share.
import { setTimeout as delay } from "node:timers/promises";

/** The `p`th percentile of `values` (nearest rank). */
export function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Polls `check` every 50 ms until it returns something truthy (errors count as not yet). */
export async function until(check, what, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await delay(50);
  }
}

/**
 * Presses `n` keys into the focused element of `page`, each timed from its keydown to the
 * first task after the frame that follows its input event (ms), waiting `pause` ms between
 * keys. Tasks the page queued for after that frame (saving, sending, the views that read the
 * document again) run before that task, so this counts them too.
 */
export async function timedKeystrokes(page, n, { pause = 0 } = {}) {
  await page.evaluate(() => {
    window.__benchKeys = [];
    const el = document.activeElement;
    let t0 = 0;
    el.addEventListener("keydown", (e) => (t0 = e.timeStamp), { capture: true });
    el.addEventListener("input", () => {
      const start = t0;
      requestAnimationFrame(() => setTimeout(() => window.__benchKeys.push(performance.now() - start)));
    });
  });
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await until(() => page.evaluate((b) => window.__benchKeys.length > b, i), "a keystroke to be handled");
    if (pause) await delay(pause);
  }
  return page.evaluate(() => window.__benchKeys);
}
