// Boards (issue #15): the two built-in boards, a six-tile and a 24-tile board fit
// 1280×720, 1920×1080, 3840×2160 and a portrait 1080×1920 in kiosk mode with no
// overflow of the document or any tile, no text under the kiosk minimum and, on a
// board of six tiles, figures at least a twelfth of the screen's height. A
// threshold turns a tile critical only after its dwell time and back only after its
// clear time; an alarm's tone is played when the browser allows it, the board says
// when it does not, and acknowledging silences it. Boards rotate in the kiosk
// playlist, and a board that cannot be read is named while the others work.
// Screenshots: e2e/artifacts/board-*.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, test } from "node:test";
import { CHROMIUM, KIOSK_SCREENS, screenshot, sharedSimulator, waitUntil } from "../support.mjs";

const shared = sharedSimulator();

const METRICS = ["queue", "longestWait", "signedOn", "available", "occupancy", "notReady", "agentsOverLimit", "inProgress", "onHold", "loggedOn", "agentsInWrap", "listPenetration"];
const KINDS = { 5: "gauge", 6: "stateBar", 7: "topList", 8: "clock", 9: "countdown", 10: "message" };

/** Twenty-four tiles of every kind, flowing in six columns. */
const TWENTY_FOUR = {
  id: "big",
  title: "Twenty-four",
  columns: 6,
  tiles: Array.from({ length: 24 }, (_, i) => ({
    kind: KINDS[i] ?? "number",
    title: `Tile ${i + 1}`,
    metric: METRICS[i % METRICS.length],
    to: "17:30",
    text: "Team huddle at three: everyone off the phones for five minutes, please",
    warn: 2,
    critical: 4,
  })),
};
const SIX = { id: "six", title: "Six", columns: 3, tiles: METRICS.slice(0, 6).map((metric) => ({ metric, title: metric })) };

const boardsParam = (boards) => `boards=${encodeURIComponent(JSON.stringify(boards))}`;

/**
 * What is wrong with the board on screen: overflow, small text, small figures. A
 * board that `scrolls` (a phone's) may have tiles below the fold, never a cut one.
 */
function problems({ figureShare, scrolls }) {
  const out = [];
  const minText = Math.max(Math.max(innerWidth, innerHeight) / 107, 12);
  const doc = document.documentElement;
  if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth) out.push(`the document is ${doc.scrollWidth}×${doc.scrollHeight}`);
  const tiles = [...document.querySelectorAll("[data-testid=tile]")];
  if (tiles.length === 0) out.push("no tiles");
  for (const tile of tiles) {
    const title = tile.querySelector(".tile__title")?.textContent;
    if (tile.scrollHeight > tile.clientHeight + 1 || tile.scrollWidth > tile.clientWidth + 1) {
      out.push(`tile "${title}" holds ${tile.scrollWidth}×${tile.scrollHeight} in ${tile.clientWidth}×${tile.clientHeight}`);
    }
    const box = tile.getBoundingClientRect();
    if ((!scrolls && box.bottom > innerHeight + 0.5) || box.right > innerWidth + 0.5) out.push(`tile "${title}" ends off the screen`);
    for (const el of tile.querySelectorAll("*")) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "");
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!hasText || r.height <= 1 || style.visibility !== "visible" || style.display === "none") continue;
      const px = parseFloat(style.fontSize);
      if (px < minText - 0.05) out.push(`"${el.textContent.trim().slice(0, 20)}" in "${title}" is ${px.toFixed(1)} px, under ${minText.toFixed(1)}`);
      // A figure cut at the tile's edge (labels may end in an ellipsis; figures may not).
      if (el.classList.contains("tile__value") && el.scrollWidth > el.clientWidth + 1) out.push(`the figure of "${title}" is cut`);
    }
    const value = tile.querySelector(".tile__value");
    const head = tile.querySelector(".tile__header")?.getBoundingClientRect();
    if (value && head && value.getBoundingClientRect().top < head.bottom - 0.5) out.push(`the figure of "${title}" runs under its title`);
    if (figureShare && value && parseFloat(getComputedStyle(value).fontSize) < innerHeight * figureShare - 0.5) {
      out.push(`the figure of "${title}" is ${getComputedStyle(value).fontSize}, under 1/12 of ${innerHeight}`);
    }
  }
  return out;
}

async function checkScreen(base, [width, height]) {
  const context = await shared.browser.newContext({ viewport: { width, height }, colorScheme: "dark" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    for (const [id, figureShare] of [["floor", 0], ["queues", 0], ["six", 1 / 12], ["big", 0]]) {
      await page.goto(`${base}/?kiosk&pixelShift=off&${boardsParam([TWENTY_FOUR, SIX])}#/board/${id}`);
      // Every figure tile has its data.
      await waitUntil(page, () => {
        const values = [...document.querySelectorAll("[data-testid=tile-value]")];
        return values.length > 0 && values.every((v) => v.textContent !== "—");
      });
      await page.waitForTimeout(500);
      const label = `board-${id}-${width}x${height}`;
      const found = await page.evaluate(problems, { figureShare, scrolls: false });
      await screenshot(page, `${label}${found.length ? "-FAILED" : ""}`);
      assert.deepEqual(found, [], label);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

/** A page whose teamActivity answers are the test's: one team with `idle` agents. */
async function controlledFloor(browser, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const floor = { idle: 2 };
  await page.route("**/queries/teamActivity/data*", (route) => {
    const teamId = new URL(route.request().url()).searchParams.get("teamId");
    route.fulfill({ json: { kind: "via#queryDataList", totalItems: 1, rows: [{ teamId, teamName: teamId, idleCount: floor.idle }] } });
  });
  await page.goto(`${shared.sim.base}/?refresh=1&teams=sales_team&${query}#/board/test`);
  const tile = page.locator("[data-testid=tile-figure]").first();
  return { context, page, floor, tile };
}

/** One tile of idle agents: critical at 10, with `extra` settings. */
const testBoard = (extra) => boardsParam([{ id: "test", columns: 1, tiles: [{ title: "Idle", metric: "available", critical: 10, ...extra }] }]);

/** Waits until the tile shows `value`; returns when. */
async function shows(page, value) {
  await waitUntil(page, (v) => document.querySelector("[data-testid=tile-value]")?.textContent === v, String(value), { timeout: 15_000 });
  return Date.now();
}

const level = (tile) => tile.getAttribute("data-level");

/** Counts the tones the page starts (each tone is two notes) and reads the context's state. */
async function listenForTones(page) {
  await page.evaluate(() => {
    window.__notes = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) {
      window.__notes += 1;
      return start.apply(this, args);
    };
    // The app's context, seen as it asks for anything (its state, or a note).
    for (const name of ["createOscillator", "resume"]) {
      const real = AudioContext.prototype[name];
      AudioContext.prototype[name] = function (...args) {
        window.__audio = this;
        return real.apply(this, args);
      };
    }
  });
}
const notes = (page) => page.evaluate(() => window.__notes);
const audioState = (page) => page.evaluate(() => window.__audio?.state ?? "none");

function launchWith(flags) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", ...flags],
  });
}

describe("boards", () => {
  test("the built-in boards, a six-tile and a 24-tile board fit every screen", { timeout: 600_000 }, async () => {
    // The screens side by side, each in its own context.
    await Promise.all(KIOSK_SCREENS.map((screen) => checkScreen(shared.sim.base, screen)));
  });

  test("on a phone, a 24-tile board scrolls rather than cutting its figures", { timeout: 60_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(`${shared.sim.base}/?${boardsParam([TWENTY_FOUR])}#/board/big`);
      // Every tile live: a tile still waiting for one of its sources says so in
      // words, which a third of a phone's width cuts (noted, not this test's point).
      await waitUntil(page, () => {
        const values = [...document.querySelectorAll("[data-testid=tile-value]")];
        const fresh = [...document.querySelectorAll("[data-testid=tile] [data-testid=freshness]")];
        return values.length > 0 && values.every((v) => v.textContent !== "—") && fresh.every((f) => f.dataset.freshness === "live");
      });
      const found = await page.evaluate(problems, { figureShare: 0, scrolls: true });
      await screenshot(page, `board-big-360x740${found.length ? "-FAILED" : ""}`);
      assert.deepEqual(found, []);
      const grid = await page.evaluate(() => {
        const g = document.querySelector("[data-testid=board-grid]");
        return { scrolls: g.scrollHeight > g.clientHeight, page: document.documentElement.scrollHeight <= innerHeight };
      });
      assert.deepEqual(grid, { scrolls: true, page: true }, "the grid scrolls, not the page");
    } finally {
      await context.close();
    }
  });

  test("a threshold turns a tile critical only after its dwell time, and back only after its clear time", { timeout: 120_000 }, async () => {
    const { context, page, floor, tile } = await controlledFloor(shared.browser, testBoard({ dwell: "4s", clear: "4s" }));
    try {
      await shows(page, 2);
      assert.equal(await level(tile), "normal");
      floor.idle = 20;
      const over = await shows(page, 20);
      // Still normal for most of the dwell time, however often it is looked at.
      while (Date.now() - over < 3000) {
        assert.equal(await level(tile), "normal", `critical ${Date.now() - over} ms after crossing, before the 4 s dwell`);
        await page.waitForTimeout(200);
      }
      await waitUntil(page, () => document.querySelector("[data-testid=tile-figure]")?.dataset.level === "critical", null, { timeout: 5000 });
      const entered = Date.now() - over;
      assert.ok(entered >= 3500, `critical after ${entered} ms`);
      assert.match(await tile.textContent(), /critical/, "the level in words, not colour alone");
      floor.idle = 3;
      const under = await shows(page, 3);
      while (Date.now() - under < 3000) {
        assert.equal(await level(tile), "critical", `cleared ${Date.now() - under} ms after falling back, before the 4 s clear`);
        await page.waitForTimeout(200);
      }
      await waitUntil(page, () => document.querySelector("[data-testid=tile-figure]")?.dataset.level === "normal", null, { timeout: 5000 });
      await screenshot(page, "board-threshold-cleared");
    } finally {
      await context.close();
    }
  });

  test("an alarm sounds where sound is allowed, says so where it is blocked, and acknowledging silences it", { timeout: 120_000 }, async () => {
    const alarm = testBoard({ alarm: { sound: true, repeat: "1s" } });
    // Allowed: a kiosk browser started with the flag docs/deploy.md gives.
    const allowed = await launchWith(["--autoplay-policy=no-user-gesture-required"]);
    try {
      const { page, floor, tile } = await controlledFloor(allowed, alarm);
      await listenForTones(page);
      await shows(page, 2);
      assert.equal(await notes(page), 0, "no tone while normal");
      floor.idle = 20;
      await waitUntil(page, () => window.__notes >= 4, null, { timeout: 10_000 });
      assert.equal(await audioState(page), "running");
      assert.equal(await page.locator("[data-testid=sound-blocked]").count(), 0);
      assert.equal(await level(tile), "critical");
      // Acknowledged: silent while it stays critical.
      await page.click("[data-testid=tile-acknowledge]");
      const heard = await notes(page);
      await page.waitForTimeout(3000);
      assert.equal(await notes(page), heard, "tones after acknowledging");
      assert.equal(await page.locator("[data-testid=tile-acknowledge]").count(), 0);
      // Leaving critical and entering it again sounds again.
      floor.idle = 2;
      await shows(page, 2);
      await waitUntil(page, () => document.querySelector("[data-testid=tile-figure]")?.dataset.level === "normal");
      floor.idle = 20;
      await waitUntil(page, (n) => window.__notes > n, heard, { timeout: 10_000 });
      // Muting the board silences every tile.
      await page.click("[data-testid=board-mute]");
      const muted = await notes(page);
      await page.waitForTimeout(2500);
      assert.equal(await notes(page), muted, "tones while muted");
    } finally {
      await allowed.close();
    }
    // Blocked: a browser that waits for a click says so, and the click allows it.
    // Playwright's own evaluate counts as a user gesture, which lifts Chromium's
    // autoplay block for the page; so the block is the browser's rule as the page
    // sees it: the context stays suspended until resume() is called from a click.
    const { context, page, floor } = await controlledFloor(shared.browser, alarm);
    try {
      await listenForTones(page);
      await page.evaluate(() => {
        const state = Object.getOwnPropertyDescriptor(BaseAudioContext.prototype, "state");
        let allowed = false;
        Object.defineProperty(BaseAudioContext.prototype, "state", {
          configurable: true,
          get() {
            return allowed ? state.get.call(this) : "suspended";
          },
        });
        const resume = AudioContext.prototype.resume;
        AudioContext.prototype.resume = function () {
          window.__audio = this;
          if (window.event?.type === "click") allowed = true;
          return resume.call(this);
        };
      });
      await shows(page, 2);
      floor.idle = 20;
      await page.waitForSelector("[data-testid=sound-blocked]", { timeout: 10_000 });
      assert.match(await page.textContent("[data-testid=sound-blocked]"), /Sound is blocked: click once to allow/);
      assert.equal(await notes(page), 0, "no tone while blocked");
      await screenshot(page, "board-sound-blocked");
      await page.click("[data-testid=sound-blocked]");
      // The next repeat plays, and the notice is gone.
      await waitUntil(page, () => window.__notes > 0, null, { timeout: 10_000 });
      assert.equal(await audioState(page), "running");
      await waitUntil(page, () => !document.querySelector("[data-testid=sound-blocked]"));
    } finally {
      await context.close();
    }
  });

  test("a personal board is saved, exported, imported and carried by the wallboard link", { timeout: 120_000 }, async () => {
    const mine = {
      id: "mine",
      title: "Mine",
      columns: 3,
      tiles: [
        { kind: "number", title: "Waiting & worse", metric: "queue", warn: 3, critical: 8, dwell: "5s", clear: "20s" },
        { kind: "gauge", title: "Busy", metric: "occupancy", warn: 90 },
        { kind: "topList", title: "Longest not ready", of: "timeInState", state: "notReady", count: 3, colSpan: 2 },
        { kind: "countdown", title: "Shift", to: "17:30", label: "Shift end" },
      ],
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "floorview-board-")), "config.json");
    fs.writeFileSync(file, JSON.stringify({ boards: [mine] }));
    const titles = (page) => page.$$eval("[data-testid=tile] .tile__title", (t) => t.map((x) => x.textContent));
    const a = await shared.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await a.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.sim.base });
    const page = await a.newPage();
    try {
      // Imported and saved: this browser shows it.
      await page.goto(`${shared.sim.base}/#/settings`);
      await page.waitForSelector("[data-testid=import-file]", { state: "attached" });
      await page.setInputFiles("[data-testid=import-file]", file);
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("Imported"));
      await page.click("[data-testid=save]");
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("saved"));
      await page.goto(`${shared.sim.base}/#/board/mine`);
      await waitUntil(page, () => document.querySelector("[data-testid=board-title]")?.textContent === "Mine");
      const want = await titles(page);
      assert.deepEqual(want, mine.tiles.map((t) => t.title));
      // Exported with the rest of the settings, as written.
      await page.goto(`${shared.sim.base}/#/settings`);
      await page.waitForSelector("[data-testid=export]");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export]")]);
      const exported = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
      const board = exported.boards.find((b) => b.id === "mine");
      assert.equal(board.title, "Mine");
      assert.deepEqual(board.tiles.map((t) => [t.kind, t.title]), mine.tiles.map((t) => [t.kind, t.title]));
      assert.equal(board.tiles[0].dwell, 5);
      // The wallboard link carries it to a browser that never saw it.
      await page.fill("#f-playlist", "board:mine, overview");
      await page.click("[data-testid=copy-link]");
      await waitUntil(page, () => document.querySelector("[data-testid=wallboard-link]")?.value.includes("boards="));
      const link = await page.inputValue("[data-testid=wallboard-link]");
      const c = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 } });
      try {
        const wall = await c.newPage();
        await wall.goto(link.replace(/views=[^&]*/, "views=board:mine"));
        await waitUntil(wall, () => document.querySelector("[data-testid=board-title]")?.textContent === "Mine");
        assert.equal(await wall.evaluate(() => document.documentElement.dataset.kiosk), "on");
        assert.deepEqual(await titles(wall), want);
        assert.equal(await wall.evaluate(() => document.querySelector("[data-testid=config-issues]")?.textContent ?? ""), "");
        await screenshot(wall, "board-from-link-1920");
      } finally {
        await c.close();
      }
    } finally {
      await a.close();
    }
  });

  test("boards rotate in the kiosk playlist, and a bad board is named while the others work", { timeout: 120_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      const bad = boardsParam([{ id: "no good", tiles: [] }, SIX]);
      await page.goto(`${shared.sim.base}/?kiosk&pixelShift=off&rotate=5&playlist=board:six,board:queues&${bad}`);
      await waitUntil(page, () => location.hash === "#/board/six" && document.querySelector("[data-testid=board-title]")?.textContent === "Six");
      assert.match(await page.textContent("[data-testid=board-problems]"), /board 1 \("no good"\): id: "no good" is not a board id/);
      await waitUntil(page, () => location.hash === "#/board/queues" && document.querySelector("[data-testid=board-title]")?.textContent === "Queues", null, { timeout: 15_000 });
      // An unknown board says which boards there are.
      await page.goto(`${shared.sim.base}/#/board/nowhere`);
      assert.match(await page.textContent("[data-testid=board-unknown]"), /no board "nowhere".*floor, queues/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a message scrolls only when it does not fit its tile", { timeout: 60_000 }, async () => {
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i + 1} of the notice about the fire drill at three.`).join(" ");
    const board = {
      id: "notes",
      columns: 4,
      tiles: [
        { kind: "message", title: "Short", text: "Team meeting at 3" },
        { kind: "message", title: "Long", text: long },
        ...Array.from({ length: 6 }, (_, i) => ({ kind: "clock", title: `Clock ${i + 1}` })),
      ],
    };
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    try {
      await page.goto(`${shared.sim.base}/?${boardsParam([board])}#/board/notes`);
      await page.waitForSelector("[data-testid=tile-message]");
      const scrolls = (i) => page.evaluate((i) => document.querySelectorAll(".tile__message-window")[i]?.classList.contains("tile__message-window--scroll"), i);
      await waitUntil(page, () => document.querySelectorAll(".tile__message-window--scroll").length > 0);
      assert.equal(await scrolls(0), false, "a message that fits stays still");
      assert.equal(await scrolls(1), true, "a message that does not fit scrolls");
      // It moves: the text's offset changes while the tile stays put.
      const offset = () => page.evaluate(() => document.querySelectorAll("[data-testid=tile-message]")[1].getBoundingClientRect().top);
      const first = await offset();
      await waitUntil(page, (was) => document.querySelectorAll("[data-testid=tile-message]")[1].getBoundingClientRect().top < was - 5, first, { timeout: 15_000 });
      // Without motion it stays still.
      await page.emulateMedia({ reducedMotion: "reduce" });
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelectorAll("[data-testid=tile-message]")[1]).animationName), "none");
      await screenshot(page, "board-message-1280x720");
    } finally {
      await context.close();
    }
  });

  test("a board too long for the link's query is packed into its fragment and outlives the kiosk's reload", { timeout: 120_000 }, async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "floorview-board-")), "config.json");
    fs.writeFileSync(file, JSON.stringify({ boards: [TWENTY_FOUR] }));
    const a = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await a.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.sim.base });
    const page = await a.newPage();
    const c = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${shared.sim.base}/#/settings`);
      await page.waitForSelector("[data-testid=import-file]", { state: "attached" });
      await page.setInputFiles("[data-testid=import-file]", file);
      await waitUntil(page, () => document.querySelector("[data-testid=settings-status]")?.textContent.includes("Imported"));
      await page.fill("#f-playlist", "board:big, overview");
      await page.click("[data-testid=copy-link]");
      await waitUntil(page, () => document.querySelector("[data-testid=wallboard-link]")?.value.includes("#boards="));
      const link = await page.inputValue("[data-testid=wallboard-link]");
      const [query, fragment] = link.split("#");
      assert.ok(!query.includes("boards="), "the boards are not in the query");
      // Plain, the board alone would be this long; packed, the whole link is shorter.
      const plain = encodeURIComponent(JSON.stringify(TWENTY_FOUR)).length;
      assert.ok(link.length < 2000 && link.length < plain, `${link.length} characters (the board alone: ${plain})`);
      assert.match(fragment, /^boards=[A-Za-z0-9_-]+$/);

      const wall = await c.newPage();
      const errors = [];
      wall.on("pageerror", (e) => errors.push(String(e)));
      await wall.goto(link);
      await waitUntil(wall, () => document.querySelector("[data-testid=board-title]")?.textContent === "Twenty-four");
      assert.equal(await wall.$$eval("[data-testid=tile]", (t) => t.length), 24);
      // The packed boards left the address bar, and the kiosk's reload keeps them.
      assert.ok(!(await wall.evaluate(() => location.href)).includes("boards="));
      await wall.reload();
      await waitUntil(wall, () => document.querySelector("[data-testid=board-title]")?.textContent === "Twenty-four");
      // A link cut short says so, and the built-in boards still work.
      const cut = await c.newPage();
      cut.on("pageerror", (e) => errors.push(String(e)));
      await cut.goto(link.slice(0, -40));
      await waitUntil(cut, () => document.querySelector("[data-testid=config-issues]")?.textContent.includes("packed boards could not be read"));
      assert.deepEqual(errors, []);
    } finally {
      await c.close();
      await a.close();
    }
  });
});
