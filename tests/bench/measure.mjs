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
