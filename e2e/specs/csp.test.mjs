// The built app under the strict Content-Security-Policy that `floorview-proxy
// simulate --static` sends: every view, kiosk mode and the settings' actions run
// without a single violation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openView, VIEWS } from "../axe.mjs";
import { sharedSimulator, waitUntil } from "../support.mjs";

// One simulator and one browser for the whole file.
const shared = sharedSimulator();

/** A page that records CSP violations (from its first script on) and page errors. */
async function watched(options = {}) {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const violations = () => page.evaluate(() => window.__violations);
  return { context, page, errors, violations };
}

describe("content security policy", () => {
  test("the proxy serves the app with the strict policy", async () => {
    const r = await fetch(`${shared.sim.base}/`);
    const csp = r.headers.get("content-security-policy");
    assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'/);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    const html = await r.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
    assert.doesNotMatch(html, /\sstyle=/, "no inline style attribute");
  });

  test("every view and kiosk mode run without a violation", { timeout: 120_000 }, async () => {
    const { context, page, errors, violations } = await watched();
    for (const view of VIEWS) {
      await openView(page, shared.sim.base, view);
      assert.deepEqual(await violations(), [], view);
    }
    await openView(page, shared.sim.base, "overview", "?kiosk&theme=high-contrast&textScale=1.25");
    // Some polls and clock ticks, with their re-rendering (bar widths through the CSSOM).
    await page.waitForTimeout(6_000);
    assert.deepEqual(await violations(), []);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "ready");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("saving, exporting, importing and copying a link run without a violation", { timeout: 60_000 }, async () => {
    const { context, page, errors, violations } = await watched();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.sim.base });
    await openView(page, shared.sim.base, "settings");
    await page.selectOption("#f-theme", "light");
    await page.click("[data-testid=save]");
    await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export]")]);
    await page.setInputFiles("[data-testid=import-file]", await download.path());
    await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("Imported"));
    await page.click("[data-testid=copy-link]");
    await page.waitForSelector("[data-testid=wallboard-link]");
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
