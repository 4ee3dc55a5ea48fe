// Two-step verification (issue 10, item 11), end to end: the Leicester viewer sets it up on
// the account page (the key shown in groups of 4; an empty code names the problem; the code is
// computed here from the key with HMAC-SHA1, as an authenticator app would), sees the 8
// recovery codes once, signs out, and signs back in: the password step is followed by a code
// step (autocomplete="one-time-code", inputmode="numeric") where a wrong code is refused and
// the right one signs in. axe-core at 360 and 1280 px on the set-up and code pages;
// screenshots to docs/screenshots/two-step-{1280,360}.png (set-up) and
// two-step-code-{1280,360}.png (sign-in) with QUORUM_SCREENSHOTS=1.
// Signed in again, they get new recovery codes with their password (an empty password is named
// in the error summary): 8 new codes, none of the old, shown once; axe on the form and the codes;
// screenshots two-step-new-codes-{1280,360}.png.
// Then an admin ticks "Admins of this partnership must use two-step verification" on the
// People page: refused until their own account has it on, saved afterwards.
import { createHmac } from "node:crypto";
import { ACCOUNTS, DEMO_PASSWORD, e2eSuite, waitFor } from "./helpers/harness.mjs";
import { expectNoSeriousAxeViolations } from "./helpers/axe.mjs";
import { SignInPage } from "./pages/sign-in-page.mjs";
import { PartnershipsPage } from "./pages/partnerships-page.mjs";
import { PeoplePage } from "./pages/people-page.mjs";

const scenario = e2eSuite();
const SHOTS = process.env.QUORUM_SCREENSHOTS === "1";

/** RFC 4648 base32 (no padding) to bytes. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, "").toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP code (RFC 6238: HMAC-SHA1, 30 s) of `secret` at `step`. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

async function axeAt(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSeriousAxeViolations(page, `${name} at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function shoot(page, name) {
  if (!SHOTS) return;
  await page.evaluate(() => document.activeElement?.blur());
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `docs/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The messages of the error summary in `scope` (a page or a section of one). */
async function summaryErrors(scope) {
  const summary = scope.locator(".govuk-error-summary");
  if (!(await summary.isVisible())) return [];
  return (await summary.locator("li").allInnerTexts()).map((t) => t.trim());
}

scenario("a person sets up two-step verification, signs out, and signs back in with a code", async (h) => {
  const server = await h.startServer();
  const { page } = await h.newSession("viewer", server, { account: ACCOUNTS.leicesterViewer });
  await page.goto("/account");
  const section = page.getByTestId("two-step");
  await section.getByRole("heading", { name: "Two-step verification" }).waitFor();
  await page.getByTestId("two-step-start").click();

  const secretBox = page.getByTestId("two-step-secret");
  await secretBox.waitFor({ state: "visible" });
  const secret = await secretBox.getAttribute("data-secret");
  const shown = (await secretBox.locator("code").innerText()).trim();
  if (!/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/.test(shown) || shown.replace(/ /g, "") !== secret) {
    throw new Error(`the key should show in groups of 4: ${JSON.stringify(shown)} (${secret})`);
  }
  await waitFor(() => page.getByTestId("two-step-qr").evaluate((img) => img.complete && img.naturalWidth > 0), { what: "the QR code to load" });
  const link = await page.getByTestId("two-step-link").getAttribute("href");
  if (!link.startsWith("otpauth://totp/Quorum:") || !link.includes(`secret=${secret}`)) throw new Error(`otpauth link: ${link}`);
  const codeInput = page.getByLabel("Code from your authenticator app");
  for (const [attr, want] of [["autocomplete", "one-time-code"], ["inputmode", "numeric"]]) {
    if ((await codeInput.getAttribute(attr)) !== want) throw new Error(`the code input's ${attr} should be ${want}`);
  }

  await axeAt(page, "two-step set-up");
  await shoot(page, "two-step");

  // An empty code: the error summary names it and takes focus.
  await page.getByTestId("two-step-confirm").click();
  await waitFor(async () => (await summaryErrors(page)).includes("Enter the 6-digit code from your authenticator app"), {
    what: "the error summary to ask for the code",
    describe: async () => JSON.stringify(await summaryErrors(page)),
  });
  await waitFor(() => page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), { what: "focus on the error summary" });
  await axeAt(page, "two-step set-up (with an error)");

  await codeInput.fill(totp(secret, stepNow()));
  await page.getByTestId("two-step-confirm").click();
  const codes = page.getByTestId("recovery-code");
  await waitFor(async () => (await codes.count()) === 8, { what: "8 recovery codes", describe: async () => `${await codes.count()} codes; ${JSON.stringify(await summaryErrors(page))}` });
  const recovery = await codes.allInnerTexts();
  if (!recovery.every((c) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(c.trim()))) throw new Error(`recovery codes: ${JSON.stringify(recovery)}`);
  await axeAt(page, "two-step recovery codes");
  await page.getByTestId("recovery-codes-saved").click();
  await page.getByTestId("two-step-on").waitFor();
  if (await page.getByTestId("recovery-code").count()) throw new Error("recovery codes are shown only once");

  // Sign out, then back in: the password, then the code.
  await page.getByTestId("sign-out").click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  const signIn = new SignInPage(page);
  await signIn.waitForForm();
  await signIn.signIn(ACCOUNTS.leicesterViewer);
  const codeStep = page.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" });
  await codeStep.waitFor({ state: "visible" });
  await waitFor(() => page.evaluate(() => document.activeElement?.tagName === "H1"), { what: "focus on the code step's heading" });
  const code = page.getByLabel("Code", { exact: true });
  for (const [attr, want] of [["autocomplete", "one-time-code"], ["inputmode", "numeric"]]) {
    if ((await code.getAttribute(attr)) !== want) throw new Error(`the sign-in code input's ${attr} should be ${want}`);
  }
  await axeAt(page, "sign-in code step");
  await shoot(page, "two-step-code");
  const next = totp(secret, stepNow() + 1);
  const wrong = next === "000000" ? "111111" : "000000";
  await code.fill(wrong);
  await page.getByTestId("sign-in-code").click();
  await signIn.waitForError("The code is wrong or has expired");
  await axeAt(page, "sign-in code step (with an error)");
  // The code of the next step: the current one was used to confirm the set-up, and a code works once.
  await code.fill(next);
  await page.getByTestId("sign-in-code").click();
  await waitFor(async () => (await signIn.accountName.count()) > 0, {
    what: "the header to show the signed-in account after the code",
    describe: async () => `url ${page.url()}; errors ${JSON.stringify(await signIn.errors())}`,
  });
  const status = await page.request.get(`${server.url}/api/me/two-step`);
  const body = await status.json();
  if (!body.enabled || body.recoveryCodesLeft !== 8) throw new Error(`two-step status: ${JSON.stringify(body)}`);

  // New recovery codes in place of the old ones, with the password.
  await page.goto("/account");
  await page.getByTestId("recovery-codes-new").click();
  const form = page.getByTestId("recovery-codes-form");
  await form.waitFor({ state: "visible" });
  await page.getByTestId("recovery-codes-make").click();
  await waitFor(async () => (await summaryErrors(page)).includes("Enter your password"), {
    what: "the error summary to ask for the password",
    describe: async () => JSON.stringify(await summaryErrors(page)),
  });
  await axeAt(page, "new recovery codes (with an error)");
  await page.getByLabel("Enter your password to get new recovery codes").fill(DEMO_PASSWORD);
  await page.getByTestId("recovery-codes-make").click();
  await waitFor(async () => (await codes.count()) === 8, { what: "8 new recovery codes", describe: async () => `${await codes.count()} codes; ${JSON.stringify(await summaryErrors(page))}` });
  const renewed = (await codes.allInnerTexts()).map((c) => c.trim());
  if (renewed.some((c) => recovery.map((r) => r.trim()).includes(c))) throw new Error(`new codes repeat old ones: ${JSON.stringify(renewed)}`);
  const said = await page.getByTestId("two-step-message").innerText();
  if (!said.includes("Your old ones no longer work")) throw new Error(`the message after new codes: ${JSON.stringify(said)}`);
  await axeAt(page, "new recovery codes");
  await shoot(page, "two-step-new-codes");
  await page.getByTestId("recovery-codes-saved").click();
  await page.getByTestId("two-step-on").waitFor();
  if (await page.getByTestId("recovery-code").count()) throw new Error("new recovery codes are shown only once");
});

scenario("an admin with two-step verification requires it of the partnership's admins on the People page", async (h) => {
  const server = await h.startServer();
  const admin = await h.newSession("leicester-admin", server, { account: ACCOUNTS.leicesterAdmin });
  const api = (method, path, data) =>
    admin.context.request.fetch(`${server.url}${path}`, { method, data, headers: { Origin: server.url }, failOnStatusCode: false });
  const list = await new PartnershipsPage(admin.page).goto();
  await list.waitForPartnerships({ containing: "Leicester" });
  const path = await list.pathOf("Leicester");
  await admin.page.goto(`${path}/people`);
  await new PeoplePage(admin.page).waitForLoaded();
  const section = admin.page.getByTestId("two-step-policy");
  const box = admin.page.getByLabel("Admins of this partnership must use two-step verification");
  await box.check();
  await section.getByRole("button", { name: "Save setting" }).click();
  await waitFor(async () => (await summaryErrors(section)).some((e) => e.includes("Set up two-step verification for your own account")), {
    what: "the setting to be refused while the admin has no two-step verification",
    describe: async () => JSON.stringify(await summaryErrors(section)),
  });

  // The admin sets it up (through the API, as the first scenario does through the page)...
  const secret = (await (await api("POST", "/api/me/two-step", {})).json()).secret;
  const confirmed = await api("POST", "/api/me/two-step/confirm", { code: totp(secret, stepNow()) });
  if (confirmed.status() !== 200) throw new Error(`confirming answered ${confirmed.status()}: ${await confirmed.text()}`);
  // ...and then may require it.
  await section.getByRole("button", { name: "Save setting" }).click();
  await waitFor(async () => (await admin.page.getByTestId("two-step-policy-message").innerText()).includes("must now use two-step verification"), {
    what: "the setting to be saved",
    describe: async () => JSON.stringify(await summaryErrors(section)),
  });
  await expectNoSeriousAxeViolations(admin.page, "people (two-step setting)");
  const me = await (await api("GET", "/api/me")).json();
  const leicester = me.partnerships.find((p) => p.name.startsWith("Leicester Safeguarding"));
  const policy = await (await api("GET", `/api/partnerships/${leicester.id}/two-step`)).json();
  if (!policy.adminsRequired) throw new Error(`the setting: ${JSON.stringify(policy)}`);
});
