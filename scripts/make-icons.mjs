#!/usr/bin/env node
// One-off: renders the app icons (PNG) from the same drawing as public/icon.svg with headless
// Chromium. The PNGs are committed; the build does not run this. Usage (after npm ci in tests/):
//   NODE_PATH=tests/node_modules node scripts/make-icons.mjs
import { createRequire } from "node:module";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = createRequire(join(root, "tests/package.json"))("playwright-core");

const glyph = `<circle cx="30" cy="30" r="15" fill="none" stroke="#ffffff" stroke-width="7"/>
  <path d="M38 38 L50 50" stroke="#ffdd00" stroke-width="8" stroke-linecap="round"/>`;
// "any": the rounded square of icon.svg, transparent corners.
const any = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b0c0c"/>${glyph}</svg>`;
// "maskable": full-bleed background, the glyph inside the central safe zone (radius 40%).
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0b0c0c"/><g transform="translate(32 32) scale(0.62) translate(-32 -32)">${glyph}</g></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium", args: ["--disable-gpu"] });
const page = await browser.newPage();
for (const [file, svg, size] of [
  ["icon-192.png", any, 192],
  ["icon-512.png", any, 512],
  ["icon-maskable-512.png", maskable, 512],
  ["apple-touch-icon.png", maskable.replace('fill="#0b0c0c"/>', 'fill="#0b0c0c"/>'), 180],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: join(root, "public", file), omitBackground: true });
  console.log(`public/${file} (${size}x${size})`);
}
await browser.close();
