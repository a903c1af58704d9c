// The settings page: keyboard only, validation as typed, save and reset, a page of
// its own that a wallboard never loads, export → import gives the same screen, and a
// wallboard link reproduces the screen in a fresh browser, with the viewer key only
// when asked for.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { openView } from "../axe.mjs";
import { screenshot, sharedSimulator, waitUntil } from "../support.mjs";

// One simulator and one browser for the whole file.
const shared = sharedSimulator();

async function fresh(options = {}) {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** What a person sees of the configuration: teams, queues, theme, text size, issues. */
async function screen(page) {
  await page.goto(`${shared.sim.base}/#/overview`);
  await page.waitForSelector("[data-testid=view-overview]");
  await page.waitForTimeout(500);
  return page.evaluate(() => ({
    teams: [...document.querySelectorAll("[data-testid=team-card]")].map((c) => c.dataset.teamId),
    workTypes: [...document.querySelectorAll("[data-testid=queue-panel]")].map((p) => p.dataset.workTypeId),
    theme: document.documentElement.dataset.theme,
    kiosk: document.documentElement.dataset.kiosk,
    fontSize: getComputedStyle(document.documentElement).fontSize,
    issues: document.querySelector("[data-testid=config-issues]")?.textContent ?? "",
  }));
}

/** Presses Tab until `selector` has the focus; fails after `max` presses. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${selector}`);
}

const focusRing = (page) => page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);

describe("settings", () => {
  test("keyboard only: views, a refused value with its reason, save, and reset", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await fresh();
    await openView(page, shared.sim.base, "overview");
    // The views by keyboard: Tab to a view link, Enter opens it, with a visible focus ring.
    await page.keyboard.press("Tab");
    await tabTo(page, "[data-testid=nav-queues]");
    assert.equal(await focusRing(page), "solid");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=view-queues]");
    await tabTo(page, "[data-testid=nav-settings]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=view-settings]");
    await page.waitForSelector("[data-testid=picker-teams]");

    // A value the API would refuse is named beside the field as it is typed.
    await tabTo(page, "#f-orgId");
    assert.equal(await focusRing(page), "solid");
    await page.keyboard.press("End");
    await page.keyboard.type(".evil");
    const error = await page.textContent("[data-testid=error-orgId]");
    assert.match(error, /organisation id "demo\.evil" is not valid/);
    assert.equal(await page.getAttribute("#f-orgId", "aria-invalid"), "true");
    const describedBy = await page.getAttribute("#f-orgId", "aria-describedby");
    assert.ok(describedBy.split(" ").includes("f-orgId-error"));
    // Save refuses and brings the focus back to the field.
    await tabTo(page, "[data-testid=save]");
    await page.keyboard.press("Enter");
    await waitUntil(page, () => document.activeElement?.id === "f-orgId");
    assert.match(await page.textContent("[data-testid=settings-status]"), /1 setting\(s\) need attention/);
    for (let i = 0; i < 5; i++) await page.keyboard.press("Backspace");
    assert.equal(await page.textContent("[data-testid=error-orgId]"), "");

    // A proxy URL with credentials is refused: settings never hold secrets.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("https://me:pw@proxy.example");
    assert.match(await page.textContent("[data-testid=error-proxyUrl]"), /never hold secrets/);
    for (let i = 0; i < 28; i++) await page.keyboard.press("Backspace");

    // Untick a team with the space bar, choose the light theme with the arrow keys, save.
    await tabTo(page, "#f-teams-3");
    await page.keyboard.press("Space");
    await tabTo(page, "#f-theme");
    await page.keyboard.press("ArrowDown"); // auto → light
    await tabTo(page, "[data-testid=save]");
    await page.keyboard.press("Enter");
    await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved and applied"));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem("floorview.settings")));
    assert.deepEqual(Object.keys(saved).sort(), ["teams", "theme"], "only what differs from config.json is saved");
    assert.equal(saved.teams.length, 3);
    await screenshot(page, "settings-saved-light");

    // Reset to the deployment's settings.
    await tabTo(page, "[data-testid=reset]");
    await page.keyboard.press("Enter");
    await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("removed"));
    assert.equal(await page.evaluate(() => localStorage.getItem("floorview.settings")), null);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "auto");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the settings are a page of their own: a wallboard never loads their code", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await fresh();
    const wasm = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
    });
    await openView(page, shared.sim.base, "overview", "?theme=dark");
    assert.equal(wasm.length, 1, `one wasm for the wallboard: ${wasm}`);
    assert.doesNotMatch(wasm[0], /settings/);

    // The top bar's link moves the tab to settings.html, with the address bar's
    // settings kept (they still win in this tab) and its own wasm.
    await page.click("[data-testid=nav-settings]");
    await page.waitForSelector("[data-testid=view-settings]");
    const settings = new URL(page.url());
    assert.equal(settings.pathname, "/settings.html");
    assert.equal(settings.search, "?theme=dark");
    assert.equal(settings.hash, "#/settings");
    assert.match(await page.textContent("[data-testid=url-overrides]"), /theme/);
    assert.match(wasm.at(-1), /settings/);

    // A view's link goes back to the wallboard; Back returns to the settings,
    // and Back again to the view the person came from.
    await page.click("[data-testid=nav-agents]");
    await page.waitForSelector("[data-testid=view-agents]");
    assert.equal(new URL(page.url()).pathname, "/");
    assert.equal(new URL(page.url()).search, "?theme=dark");
    await page.goBack();
    await page.waitForSelector("[data-testid=view-settings]");
    await page.goBack();
    await page.waitForSelector("[data-testid=view-overview]");
    assert.equal(new URL(page.url()).pathname, "/");

    // A typed address reaches the page that holds it; the settings page's own
    // address, with no route, is the settings page.
    await page.goto(`${shared.sim.base}/settings.html`);
    await page.waitForSelector("[data-testid=view-settings]");
    assert.equal(new URL(page.url()).pathname, "/settings.html");
    await page.goto(`${shared.sim.base}/settings.html#/queues`);
    await page.waitForSelector("[data-testid=view-queues]");
    assert.equal(new URL(page.url()).pathname, "/");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("export then import into another browser gives the same screen", { timeout: 90_000 }, async () => {
    const a = await fresh({ colorScheme: "dark" });
    await openView(a.page, shared.sim.base, "settings");
    await a.page.uncheck("#f-workTypes-1");
    await a.page.selectOption("#f-theme", "high-contrast");
    await a.page.selectOption("#f-textScale", "1.25");
    await a.page.fill("#f-thresholds-queueWarn", "3");
    await a.page.fill("#f-state-wrap-critical", "10m");
    await a.page.click("[data-testid=save]");
    await waitUntil(a.page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved"));
    const [download] = await Promise.all([a.page.waitForEvent("download"), a.page.click("[data-testid=export]")]);
    assert.equal(download.suggestedFilename(), "config.json");
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, "utf8"));
    assert.equal(exported.theme, "high-contrast");
    assert.equal(exported.thresholds.states.wrap[1], 600);
    assert.ok(!JSON.stringify(exported).toLowerCase().includes("key"), "no secret in the export");
    const want = await screen(a.page);
    assert.equal(want.workTypes.length, 4);
    assert.equal(want.theme, "high-contrast");

    const b = await fresh({ colorScheme: "dark" });
    await openView(b.page, shared.sim.base, "settings");
    await b.page.setInputFiles("[data-testid=import-file]", file);
    await waitUntil(b.page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("Imported"));
    await b.page.click("[data-testid=save]");
    await waitUntil(b.page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved"));
    assert.deepEqual(await screen(b.page), want);
    // The same form, field for field.
    const fields = (page) => page.evaluate(() => [...document.querySelectorAll(".settings input, .settings select")].map((e) => `${e.id}=${e.type === "checkbox" ? e.checked : e.value}`));
    await openView(a.page, shared.sim.base, "settings");
    await openView(b.page, shared.sim.base, "settings");
    assert.deepEqual(await fields(b.page), await fields(a.page));
    assert.deepEqual([...a.errors, ...b.errors], []);
    await a.context.close();
    await b.context.close();
  });

  test("a copied wallboard link shows the same screen in a fresh browser", { timeout: 90_000 }, async () => {
    const a = await fresh();
    await a.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.sim.base });
    // A viewer key arrives with the first link, as a wallboard's would.
    await a.page.goto(`${shared.sim.base}/#/settings?key=wallboard-7`);
    await a.page.waitForSelector("[data-testid=picker-teams]");
    await a.page.uncheck("#f-teams-0");
    await a.page.selectOption("#f-theme", "dark");
    await a.page.fill("#f-playlist", "overview, queues");
    await a.page.fill("#f-rotateSeconds", "20");
    await a.page.fill("#f-thresholds-longestWaitWarn", "45");
    await a.page.click("[data-testid=copy-link]");
    await waitUntil(a.page, () => document.querySelector("[data-testid=link-status]")?.textContent.startsWith("Copied"));
    const link = await a.page.inputValue("[data-testid=wallboard-link]");
    assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), link);
    const url = new URL(link);
    assert.equal(url.pathname, "/", "the wallboard's page, not the settings page it was made on");
    assert.equal(url.hash, "", "no viewer key unless the box is ticked");
    assert.ok(!link.includes("wallboard-7"));
    assert.equal(url.searchParams.get("views"), "overview,queues");
    assert.equal(url.searchParams.get("rotate"), "20");
    assert.equal(url.searchParams.get("theme"), "dark");
    assert.equal(url.searchParams.get("teams"), "support_team,billing_team,retention_team");
    assert.ok(url.searchParams.has("kiosk") && url.searchParams.has("workTypes") && url.searchParams.has("thresholds"));
    await screenshot(a.page, "settings-wallboard-link");

    // Saved settings stay in their browser; the link carries them to another.
    assert.equal(url.searchParams.get("fit"), "auto");
    const c = await fresh();
    // `fit=scale` keeps the whole Overview on one page, to read every team at once.
    await c.page.goto(link.replace("fit=auto", "fit=scale"));
    await c.page.waitForSelector("[data-testid=view-queues], [data-testid=view-overview]");
    const shown = await c.page.evaluate(() => ({
      view: document.querySelector("[data-testid^=view-]").dataset.testid,
      theme: document.documentElement.dataset.theme,
      kiosk: document.documentElement.dataset.kiosk,
      issues: document.querySelector("[data-testid=config-issues]")?.textContent ?? "",
    }));
    // One of the playlist's views: kiosk rotation follows the wall clock, so every
    // screen with the same link shows the same page at the same moment.
    assert.ok(["view-overview", "view-queues"].includes(shown.view), `a playlist view: ${shown.view}`);
    assert.deepEqual({ ...shown, view: undefined }, { view: undefined, theme: "dark", kiosk: "on", issues: "" });
    await c.page.evaluate(() => location.replace("#/overview"));
    await c.page.waitForSelector("[data-testid=view-overview]");
    await waitUntil(c.page, () => document.querySelectorAll("[data-testid=team-card]").length > 0);
    const teams = await c.page.$$eval("[data-testid=team-card]", (cards) => cards.map((x) => x.dataset.teamId));
    assert.deepEqual(teams, ["support_team", "billing_team", "retention_team"]);

    // Ticked, the key rides in the fragment, which never reaches a server.
    await a.page.check("[data-testid=include-key]");
    await a.page.click("[data-testid=copy-link]");
    await waitUntil(a.page, () => document.querySelector("[data-testid=wallboard-link]")?.value.includes("#key="));
    const keyed = new URL(await a.page.inputValue("[data-testid=wallboard-link]"));
    assert.equal(keyed.hash, "#key=wallboard-7");
    assert.ok(!keyed.search.includes("wallboard-7"));
    assert.equal(await a.page.evaluate(() => localStorage.getItem("floorview.settings")), null, "copying saves nothing");
    assert.deepEqual([...a.errors, ...c.errors], []);
    await a.context.close();
    await c.context.close();
  });
});
