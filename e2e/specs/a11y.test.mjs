// Accessibility: axe-core finds no violation in any view, in any theme or in kiosk
// mode; breaches are counted in the tab title and announced politely.
import assert from "node:assert/strict";
import { describe as suite, test } from "node:test";
import { axeViolations, describe, openView, THEMES, VIEWS } from "../axe.mjs";
import { screenshot, sharedSimulator, startSimulator, waitUntil } from "../support.mjs";

// One simulator and one browser for the whole file.
const shared = sharedSimulator();

suite("accessibility", () => {
  for (const theme of THEMES) {
    test(`every view in the ${theme} theme has no axe violations`, { timeout: 180_000 }, async () => {
      const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      for (const view of VIEWS) {
        await openView(page, shared.sim.base, view, `?theme=${theme}`);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `${view} (${theme}):\n${describe(violations)}`);
        if (view === "overview" || view === "settings") {
          await screenshot(page, `a11y-${view}-${theme}-1280`);
          await page.setViewportSize({ width: 1920, height: 1080 });
          await screenshot(page, `a11y-${view}-${theme}-1920`);
          await page.setViewportSize({ width: 1280, height: 800 });
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test("every view in kiosk mode has no axe violations", { timeout: 180_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    for (const view of VIEWS.filter((v) => v !== "settings")) {
      await openView(page, shared.sim.base, view, "?kiosk");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.kiosk), "on");
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${view} (kiosk):\n${describe(violations)}`);
      if (view === "overview") await screenshot(page, "a11y-kiosk-overview-1920");
    }
    await context.close();
  });

  test("the system's colour scheme and reduced motion are followed, and the text scales", { timeout: 60_000 }, async () => {
    const background = {};
    for (const scheme of ["light", "dark"]) {
      const context = await shared.browser.newContext({ colorScheme: scheme, reducedMotion: "reduce" });
      const page = await context.newPage();
      await openView(page, shared.sim.base, "overview", "?theme=auto");
      background[scheme] = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      // Reduced motion stops animations and transitions everywhere.
      const motion = await page.evaluate(() => getComputedStyle(document.querySelector(".panel")).transitionDuration);
      assert.equal(motion, "1e-05s");
      await context.close();
    }
    assert.deepEqual(background, { light: "rgb(244, 246, 248)", dark: "rgb(15, 20, 25)" });
    // A text scale of 150 % makes the type half as large again.
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    await openView(page, shared.sim.base, "overview");
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await openView(page, shared.sim.base, "overview", "?textScale=1.5");
    const scaled = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.equal(scaled, base * 1.5);
    await context.close();
  });

  test("breaches are counted in the tab title and announced politely", { timeout: 120_000 }, async () => {
    // A thinly staffed floor, so queues build past their thresholds.
    const busy = await startSimulator(["--agents-per-team", "2", "--speed", "4"]);
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    try {
      await openView(page, busy.base, "overview", "?thresholds=" + encodeURIComponent('{"queueWarn":1,"queueCritical":3,"longestWaitWarn":5,"longestWaitCritical":20}'));
      await waitUntil(page, () => /^\(\d+\)/.test(document.title), null, { timeout: 60_000 });
      const title = await page.title();
      const breached = await page.getAttribute("[data-testid=announcer]", "data-breaches");
      assert.equal(title.match(/^\((\d+)\)/)[1], breached, `${title} vs ${breached}`);
      // Every figure marked on screen is among the counted breaches.
      const marked = await page.$$eval(".queue-panel [data-level=warn], .queue-panel [data-level=critical]", (els) => els.length);
      assert.ok(marked > 0 && marked <= Number(breached), `${marked} marked, ${breached} counted`);
      const region = page.locator("[data-testid=announcer]");
      assert.equal(await region.getAttribute("aria-live"), "polite");
      await waitUntil(page, () => document.querySelector("[data-testid=announcer]").textContent.includes("breached in all"), null, { timeout: 10_000 });
      const said = await region.textContent();
      // Rate-limited: the same words stay for at least the next 10 s while figures tick.
      await page.waitForTimeout(10_000);
      assert.equal(await region.textContent(), said);
    } finally {
      await context.close();
      busy.stop();
    }
  });
});
