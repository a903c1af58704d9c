// The board editor (issue #15): a six-tile board is built with the keyboard only,
// from ⚙ Settings' "New board" to "Save board"; it is then live against the
// simulator, its fields refuse what config.json would refuse with the reason beside
// them, axe finds nothing to fault, export then import gives the same board, and its
// wallboard link shows it in a browser that never saw it. Screenshots: e2e/artifacts/board-editor-*.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { axeViolations, describe as describeViolations } from "../axe.mjs";
import { screenshot, sharedSimulator, waitUntil } from "../support.mjs";

const shared = sharedSimulator();

/** Presses Tab until the focused element matches `selector`: the way a keyboard user gets there. */
async function tabTo(page, selector, max = 600) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Tabs to a text field and replaces its text by typing. */
async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  if (text) await page.keyboard.type(text);
}

/** Tabs to a select and picks `value` with the arrow keys. */
async function choose(page, selector, value) {
  await tabTo(page, selector);
  for (let i = 0; i < 60; i++) {
    if ((await page.evaluate((s) => document.querySelector(s).value, selector)) === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`${selector} never offered ${value}`);
}

/** Tabs to a button and presses Enter on it. */
async function press(page, selector) {
  await tabTo(page, selector);
  await page.keyboard.press("Enter");
}

/** The key of the tile whose fields are `n`th (1-based) in the editor. */
const tileKey = (page, n) =>
  page.evaluate((n) => document.querySelectorAll("[data-testid=editor-tile]")[n - 1]?.querySelector("select")?.id.split("-")[1], n);

// What the six tiles are, as the user types them in.
const TILES = [
  { kind: "number", title: "Signed on", metric: "signedOn" },
  { kind: "number", title: "Longest wait", metric: "longestWait", warn: "30", critical: "2m", dwell: "10s", sound: true },
  { kind: "gauge", title: "Occupancy", metric: "occupancy", warn: "85", critical: "95" },
  { kind: "stateBar", title: "States" },
  { kind: "topList", title: "Longest in state", count: "4" },
  { kind: "clock", title: "Floor time", label: "Here" },
];

describe("the board editor", () => {
  test("a six-tile board built with the keyboard only is saved, live, exported, imported and linked", { timeout: 240_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.sim.base });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      await page.goto(`${shared.sim.base}/#/settings`);
      await page.waitForSelector("[data-testid=new-board]");
      await press(page, "[data-testid=new-board]");
      await page.waitForSelector("[data-testid=board-editor]");
      await typeInto(page, "#board-id", "team-wall");
      await typeInto(page, "#board-title", "Team wall");
      await typeInto(page, "#board-columns", "3");

      for (const [i, tile] of TILES.entries()) {
        await press(page, "[data-testid=add-tile]");
        // The new tile's first field has the focus.
        await waitUntil(page, (n) => document.activeElement?.closest("[data-testid=editor-tile]") === document.querySelectorAll("[data-testid=editor-tile]")[n], i);
        const key = await tileKey(page, i + 1);
        const f = (name) => `#tile-${key}-${name}`;
        await choose(page, f("kind"), tile.kind);
        await typeInto(page, f("title"), tile.title);
        if (tile.metric) await choose(page, f("metric"), tile.metric);
        for (const name of ["warn", "critical", "dwell", "count", "label"]) {
          if (tile[name]) await typeInto(page, f(name), tile[name]);
        }
        if (tile.sound) {
          await tabTo(page, f("alarm-sound"));
          await page.keyboard.press("Space");
        }
      }

      // A wrong field is refused with the reason beside it, by config.json's rules.
      const wait = await tileKey(page, 2);
      await typeInto(page, `#tile-${wait}-critical`, "10");
      await waitUntil(page, (k) => document.querySelector(`#tile-${k}-critical-error`)?.textContent.includes("warn 30 is above critical 10"), wait);
      assert.equal(await page.getAttribute(`#tile-${wait}-critical`, "aria-invalid"), "true");
      await press(page, "[data-testid=save-board]");
      await waitUntil(page, () => document.querySelector("[data-testid=editor-status]")?.textContent.includes("need attention"));
      // Saving moved the focus to the wrong field.
      assert.equal(await page.evaluate(() => document.activeElement?.id), `tile-${wait}-critical`);
      await page.keyboard.press("Control+A");
      await page.keyboard.type("2m");
      await waitUntil(page, (k) => document.querySelector(`#tile-${k}-critical-error`)?.textContent === "", wait);

      // Place and size by keyboard: the clock first, the state bar two columns wide.
      const clock = await tileKey(page, 6);
      await tabTo(page, `#tile-${clock}-up`);
      for (let at = 5; at > 0; at--) {
        // The button keeps the focus as its tile moves: Enter again moves it again.
        await page.keyboard.press("Enter");
        await waitUntil(page, ([k, want]) => [...document.querySelectorAll("[data-testid=editor-tile]")].findIndex((t) => t.querySelector(`#tile-${k}-kind`)) === want, [clock, at - 1]);
        if (at > 1) await waitUntil(page, (k) => document.activeElement?.id === `tile-${k}-up`, clock);
      }
      const bar = await tileKey(page, 5);
      await tabTo(page, `#tile-${bar}-wider`);
      await page.keyboard.press("Enter");
      await waitUntil(page, (k) => document.querySelector(`#tile-${k}-colSpan`)?.value === "2", bar);

      // The preview is live while editing.
      await waitUntil(page, () => document.querySelectorAll("[data-testid=board-preview] [data-testid=tile]").length === 6);
      await screenshot(page, "board-editor-1600x1000");
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await press(page, "[data-testid=save-board]");

      // Saved: the board, live against the simulator.
      await waitUntil(page, () => location.hash === "#/board/team-wall" && document.querySelector("[data-testid=board-title]")?.textContent === "Team wall", null, { timeout: 20_000 });
      assert.match(await page.textContent("[data-testid=board-notice]"), /"Team wall" saved/);
      const kinds = await page.$$eval("[data-testid=tile]", (t) => t.map((x) => x.dataset.kind));
      assert.deepEqual(kinds, ["clock", "number", "number", "gauge", "stateBar", "topList"]);
      const titles = (p) => p.$$eval("[data-testid=tile] .tile__title", (t) => t.map((x) => x.textContent));
      const want = await titles(page);
      assert.deepEqual(want, ["Floor time", ...TILES.slice(0, 5).map((t) => t.title)]);
      // Figures from the simulator, not placeholders; the list has agents in it.
      await waitUntil(page, () => /^\d+$/.test(document.querySelectorAll("[data-testid=tile]")[1]?.querySelector("[data-testid=tile-value]")?.textContent.trim() ?? ""), null, { timeout: 20_000 });
      await waitUntil(page, () => document.querySelectorAll("[data-kind=topList] li").length > 0, null, { timeout: 20_000 });
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("floorview.settings")).boards.find((b) => b.id === "team-wall"));
      assert.equal(saved.tiles[2].critical, 120, "2m is read as 120 seconds");
      assert.equal(saved.tiles[4].colSpan, 2);
      assert.equal(saved.tiles[2].alarm.sound, true);
      await screenshot(page, "board-editor-saved-1600x1000");

      // Export, then import into a browser reset to the deployment: the same board.
      await page.goto(`${shared.sim.base}/#/settings`);
      await page.waitForSelector("[data-testid=export]");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export]")]);
      const file = await download.path();
      assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")).boards.find((b) => b.id === "team-wall"), saved);
      await page.click("[data-testid=reset]");
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("removed"));
      await page.setInputFiles("[data-testid=import-file]", file);
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("Imported"));
      await page.click("[data-testid=save]");
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved"));
      const again = await page.evaluate(() => JSON.parse(localStorage.getItem("floorview.settings")).boards.find((b) => b.id === "team-wall"));
      assert.deepEqual(again, saved);

      // The wallboard link shows it in a browser that never saw it, in kiosk mode.
      await page.fill("#f-playlist", "board:team-wall");
      await page.click("[data-testid=copy-link]");
      await waitUntil(page, () => document.querySelector("[data-testid=wallboard-link]")?.value.includes("boards="));
      const link = await page.inputValue("[data-testid=wallboard-link]");
      const fresh = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 } });
      try {
        const wall = await fresh.newPage();
        await wall.goto(link);
        await waitUntil(wall, () => document.querySelector("[data-testid=board-title]")?.textContent === "Team wall");
        assert.equal(await wall.evaluate(() => document.documentElement.dataset.kiosk), "on");
        assert.deepEqual(await titles(wall), want);
        // A kiosk has no editor.
        assert.equal(await wall.$("[data-testid=edit-board]"), null);
      } finally {
        await fresh.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
