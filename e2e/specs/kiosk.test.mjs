// Kiosk mode against `floorview-proxy simulate`: a TV-sized dark screen without
// controls that rotates its playlist without a flash or history growth, keeps the
// screen awake, shifts against burn-in, hides the cursor, says OFFLINE with the time
// of its data, survives a reload while the proxy is down, picks up a new deployment
// and is covered by the watchdog.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { DIST, PROXY, freePort, screenshot, sharedSimulator, waitUntil } from "../support.mjs";

const config = JSON.parse(fs.readFileSync(path.join(DIST, "config.json"), "utf8"));
const CLOCK = /\d\d:\d\d:\d\d/;
// One simulator and one browser for the whole file.
const shared = sharedSimulator();

/** A kiosk page; `viewport` and `scale` pick the screen. */
async function kiosk(query, { base = shared.sim.base, width = 1920, height = 1080, scale = 1, hash = "" } = {}) {
  const context = await shared.browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && /panicked/.test(m.text()) && errors.push(m.text()));
  // These tests read the whole floor at once: `fit=scale` keeps it on one page (the
  // pages of `fit=auto` are fit.test.mjs's).
  const fit = query.includes("fit=") ? "" : "&fit=scale";
  await page.goto(`${base}/?kiosk&${query}${fit}${hash}`);
  return { page, context, errors, close: () => context.close() };
}

const waitForData = (page, timeout = 20_000) =>
  waitUntil(page, 
    (n) => [...document.querySelectorAll("[data-testid=team-card] [data-testid=signed-on]")].filter((e) => e.textContent !== "").length === n,
    config.teams.length,
    { timeout },
  );

/** Starts the simulator on `port` (so a restart comes back at the same address). */
async function simulatorOn(port, dist = DIST) {
  const child = spawn(PROXY, ["simulate", "--listen", `127.0.0.1:${port}`, "--org", "demo", "--seed", "7", "--static", dist], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the simulator did not start");
}

describe("kiosk", () => {
  test("a dark TV screen without controls rotates its playlist with no flash and no history growth", { timeout: 90_000 }, async () => {
    const { page, errors, close } = await kiosk("rotate=5&views=overview,queues,agents:sales_team");
    await waitForData(page);
    const root = await page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      kiosk: document.documentElement.dataset.kiosk,
      nav: getComputedStyle(document.querySelector(".top-bar__nav")).display,
      fontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
      history: history.length,
    }));
    assert.deepEqual([root.theme, root.kiosk, root.nav], ["dark", "on", "none"], "dark, kiosk, no navigation");
    assert.ok(root.fontPx >= 22, `type is large on a 1080p TV (${root.fontPx} px)`);
    assert.match(await page.textContent("[data-testid=data-time]"), /^Data as of \d\d:\d\d:\d\d$/);
    assert.match(await page.textContent("[data-testid=kiosk-page]"), /^(Overview|Queues|Agents · sales_team) [123]\/3 · next in \d s$/);

    // Sample every frame across three page turns: the view is never empty.
    await page.evaluate(() => {
      window.__frames = { total: 0, empty: 0, hashes: new Set() };
      const sample = () => {
        const view = document.querySelector("main.view");
        const shown = view?.firstElementChild;
        window.__frames.total++;
        if (!shown || shown.getBoundingClientRect().height < 20) window.__frames.empty++;
        window.__frames.hashes.add(location.hash);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await page.waitForTimeout(11_000);
    const frames = await page.evaluate(() => ({ ...window.__frames, hashes: [...window.__frames.hashes] }));
    assert.ok(frames.hashes.length >= 2, `pages turned: ${frames.hashes}`);
    for (const h of frames.hashes) assert.ok(["#/overview", "#/queues", "#/agents?team=sales_team"].includes(h), h);
    assert.equal(frames.empty, 0, `${frames.empty} of ${frames.total} frames showed an empty view`);
    assert.equal(await page.evaluate(() => history.length), root.history, "location.replace adds no history");
    assert.deepEqual(errors, []);
    await close();
  });

  test("a rotating kiosk rests the data no page on screen or next shows, and each page turns up live", { timeout: 90_000 }, async () => {
    // Team answers take 1.2 s (a slow branch link), longer than a clock tick: a
    // woken source whose old data were judged by the new, shorter limit at once would
    // show "stale" until its answer came. Limit here: max(3 × 1 s, 1 s + 2 s + 2 s) = 5 s,
    // while the teams rest for a whole 6 s page.
    const context = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: "block" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.route("**/teamActivity/**", async (route) => {
      await new Promise((r) => setTimeout(r, 1_200));
      await route.continue().catch(() => {});
    });
    const asked = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/via/")) asked.push({ at: Date.now(), url: r.url() });
    });
    await page.goto(`${shared.sim.base}/?kiosk&fit=scale&refresh=1&timeoutSeconds=2&rotate=6&views=overview,queues,agents`);
    await waitForData(page);
    // Every source answered once: on a busy machine the last first answers (behind the
    // teams' slow ones) can come after the teams' cards fill, and "waiting" for a first
    // answer is not what this test is about.
    await waitUntil(page, () => !/waiting/.test(document.querySelector("[data-testid=freshness-summary]")?.textContent ?? "waiting"), undefined, { timeout: 20_000 });
    await page.evaluate(() => {
      window.__turns = [];
      window.__unwell = [];
      addEventListener("hashchange", () => {
        const turn = { at: Date.now(), hash: location.hash, shown: null };
        window.__turns.push(turn);
        // What the page's panels say once it is drawn.
        setTimeout(() => {
          turn.shown = [...document.querySelectorAll("main.view [data-testid=freshness]")].map((e) => e.dataset.freshness);
        }, 1_000);
      });
      setInterval(() => {
        const summary = document.querySelector("[data-testid=freshness-summary]")?.textContent ?? "";
        if (/stale|failing|waiting/.test(summary)) window.__unwell.push(summary);
      }, 100);
    });
    const start = Date.now();
    await page.waitForTimeout(26_000);
    const end = Date.now();
    const { turns, unwell } = await page.evaluate(() => ({ turns: window.__turns, unwell: window.__unwell }));
    const inWindow = asked.filter((r) => r.at >= start && r.at <= end);
    const perUrl = (part) => {
      const counts = new Map();
      for (const r of inWindow.filter((r) => r.url.includes(part))) counts.set(r.url, (counts.get(r.url) ?? 0) + 1);
      return counts;
    };

    assert.ok(turns.length >= 3, `pages turned: ${JSON.stringify(turns)}`);
    // Presence and the contact lists are on no page of the playlist: asked every 2 min.
    for (const part of ["/presence/users/", "/listActivity/"]) {
      for (const [url, n] of perUrl(part)) assert.ok(n <= 1, `${url} asked ${n} times in 26 s`);
    }
    // The teams (Overview) and agents (Agents) are on screen one page in three and
    // woken shortly before it: asked at the configured 1 s (plus the teams' 1.2 s
    // answers) meanwhile.
    for (const part of ["/teamActivity/", "/userActivity/"]) {
      const counts = perUrl(part);
      assert.equal(counts.size, config.teams.length, part);
      for (const [url, n] of counts) assert.ok(n >= 3, `${url} asked only ${n} times in 26 s`);
    }
    // Each page's data was asked for before it turned up, and its panels show it live.
    const pages = { "#/overview": "/teamActivity/", "#/agents": "/userActivity/" };
    const checked = turns.filter((t) => pages[t.hash] && t.at + 1_500 < end);
    assert.ok(checked.length >= 1, `no Overview or Agents page turned up: ${JSON.stringify(turns)}`);
    for (const turn of checked) {
      for (const url of perUrl(pages[turn.hash]).keys()) {
        const before = asked.filter((r) => r.url === url && r.at <= turn.at && r.at > turn.at - 2_500);
        assert.ok(before.length > 0, `${url} was not asked in the 2.5 s before ${turn.hash} turned up`);
      }
      assert.ok(turn.shown.every((f) => f === "live"), `${turn.hash}: ${turn.shown}`);
    }
    // Resting is never mistaken for staleness.
    assert.deepEqual(unwell, [], "the status bar called data stale, failing or waiting");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("1080p and 4K screenshots", { timeout: 90_000 }, async () => {
    for (const [name, options] of [
      ["kiosk-1080p", { width: 1920, height: 1080, scale: 1 }],
      ["kiosk-4k-scaled", { width: 1920, height: 1080, scale: 2 }],
      ["kiosk-4k", { width: 3840, height: 2160, scale: 1 }],
    ]) {
      const { page, errors, close } = await kiosk("pixelShift=off&fit=auto", { ...options, hash: "#/overview" });
      // The Overview's first page: the teams.
      await waitForData(page, 60_000);
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(path.dirname(await screenshot(page, name)), `${name}-screen.png`) });
      assert.deepEqual(errors, []);
      await close();
    }
  });

  test("the cursor hides when still and comes back on a move", { timeout: 60_000 }, async () => {
    const { page, errors, close } = await kiosk("hideCursor=1");
    await page.mouse.move(100, 100);
    await waitUntil(page, () => document.documentElement.dataset.cursor === "hidden", null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).cursor), "none");
    await page.mouse.move(300, 200);
    await waitUntil(page, () => document.documentElement.dataset.cursor === "shown", null, { timeout: 5_000 });
    assert.deepEqual(errors, []);
    await close();
  });

  test("the screen wake lock is held and asked for again after the page was hidden", { timeout: 60_000 }, async () => {
    const context = await shared.browser.newContext();
    // The page sees a wake lock that counts requests and releases (headless has none).
    await context.addInitScript(() => {
      window.__wake = { requests: 0, released: 0 };
      let hidden = false;
      Object.defineProperty(document, "hidden", { get: () => hidden });
      Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible") });
      window.__setHidden = (h) => {
        hidden = h;
        if (h) window.__wake.released++; // the browser drops the lock when hidden
        document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
      };
      Object.defineProperty(navigator, "wakeLock", {
        value: { request: async () => (window.__wake.requests++, { release: async () => {} }) },
      });
    });
    const page = await context.newPage();
    await page.goto(`${shared.sim.base}/?kiosk`);
    await waitUntil(page, () => document.documentElement.dataset.wakeLock === "held", null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.__wake.requests), 1);
    await page.evaluate(() => window.__setHidden(true));
    await page.evaluate(() => window.__setHidden(false));
    await waitUntil(page, () => window.__wake.requests === 2, null, { timeout: 5_000 });
    await context.close();
  });

  test("the layout shifts a pixel at a time, and not at all with pixelShift=off", { timeout: 60_000 }, async () => {
    const { page, errors, close } = await kiosk("pixelShift=1");
    await page.waitForSelector("[data-testid=view-overview]");
    const offsets = new Set();
    for (let i = 0; i < 8; i++) {
      offsets.add(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--kiosk-shift-x") + "," + getComputedStyle(document.documentElement).getPropertyValue("--kiosk-shift-y")));
      await page.waitForTimeout(600);
    }
    assert.ok(offsets.size >= 3, `the offset moved: ${[...offsets]}`);
    for (const o of offsets) {
      const [x, y] = o.split(",").map((v) => parseInt(v, 10));
      assert.ok(Math.abs(x) <= 2 && Math.abs(y) <= 2, o);
    }
    assert.deepEqual(errors, []);
    await close();
    const off = await kiosk("pixelShift=off");
    await off.page.waitForSelector("[data-testid=view-overview]");
    await off.page.waitForTimeout(1_500);
    assert.equal(await off.page.evaluate(() => getComputedStyle(document.querySelector(".shell")).transform), "matrix(1, 0, 0, 1, 0, 0)");
    await off.close();
  });

  test("offline: the banner says OFFLINE with the time of the data, and the screen recovers", { timeout: 90_000 }, async () => {
    const { page, context, errors, close } = await kiosk("pixelShift=off");
    await waitForData(page);
    assert.equal(await page.getAttribute("[data-testid=kiosk-banner]", "data-banner"), "clear");
    const before = await page.textContent("[data-testid=team-card] [data-testid=signed-on]");
    await context.setOffline(true);
    await page.waitForSelector("[data-testid=kiosk-banner][data-banner=offline]", { timeout: 10_000 });
    const text = await page.textContent("[data-testid=kiosk-banner]");
    assert.match(text, /^OFFLINE · showing data from \d\d:\d\d:\d\d · /);
    assert.equal(await page.textContent("[data-testid=team-card] [data-testid=signed-on]"), before, "the last data stays");
    await screenshot(page, "kiosk-offline-banner");
    await context.setOffline(false);
    await page.waitForSelector("[data-testid=kiosk-banner][data-banner=clear]", { state: "attached", timeout: 15_000 });
    assert.deepEqual(errors, []);
    await close();
  });

  test("a reload while the proxy is down shows the app with its banner, and it recovers by itself", { timeout: 120_000 }, async () => {
    const port = await freePort();
    let server = await simulatorOn(port);
    const { page, errors, close } = await kiosk("pixelShift=off&refresh=2s", { base: server.base, hash: "#/overview" });
    try {
      await waitForData(page);
      // The offline shell is installed and controls the page.
      await waitUntil(page, () => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
      await waitUntil(page, async () => (await caches.keys()).length > 0 && !!(await caches.match(new URL("./", location.href).href)), null, {
        timeout: 20_000,
      });
      server.child.kill("SIGKILL");
      await new Promise((r) => server.child.once("exit", r));
      await page.reload();
      await page.waitForSelector("[data-testid=kiosk-banner][data-banner=offline]", { timeout: 30_000 });
      assert.match(await page.textContent("[data-testid=kiosk-banner]"), /^OFFLINE · no data yet · cannot reach the proxy/);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.kiosk), "on", "the kiosk parameters survived");
      await screenshot(page, "kiosk-reload-while-down");
      server = await simulatorOn(port);
      await waitForData(page, 30_000);
      await page.waitForSelector("[data-testid=kiosk-banner][data-banner=clear]", { state: "attached", timeout: 15_000 });
      assert.deepEqual(errors, []);
    } finally {
      await close();
      server.child.kill("SIGTERM");
    }
  });

  test("a new deployment is picked up without anyone touching the screen", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "floorview-deploy-"));
    for (const f of fs.readdirSync(DIST)) if (!f.startsWith(".")) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
    const server = await simulatorOn(await freePort(), dir);
    const { page, errors, close } = await kiosk("updateCheck=5&pixelShift=off", { base: server.base });
    try {
      await waitForData(page);
      // Deploy: the same build under a new content hash, as Trunk would name a new one.
      const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
      const hash = html.match(/floorview-([0-9a-f]{15,})_bg\.wasm/)[1];
      const next = "0123456789abcdef".slice(0, hash.length);
      for (const f of fs.readdirSync(dir).filter((f) => f.includes(hash))) fs.copyFileSync(path.join(dir, f), path.join(dir, f.replace(hash, next)));
      fs.writeFileSync(path.join(dir, "index.html"), html.replaceAll(hash, next));
      await waitUntil(page, (n) => document.head.innerHTML.includes(`floorview-${n}_bg.wasm`), next, { timeout: 30_000 });
      await waitForData(page);
      assert.deepEqual(errors, []);
    } finally {
      await close();
      server.child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the daily reload comes at its quiet time and keeps the kiosk parameters", { timeout: 60_000 }, async () => {
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    // A fake clock a minute before the quiet time (the browser's local time).
    await page.clock.install({ time: new Date(2026, 0, 5, 3, 29, 0) });
    await page.goto(`${shared.sim.base}/?kiosk&dailyReload=03:30&pixelShift=off#/overview`);
    await page.waitForSelector("[data-testid=view-overview]", { timeout: 20_000 });
    await page.evaluate(() => (window.__beforeReload = true));
    await page.clock.fastForward("00:30");
    await page.waitForTimeout(1_500);
    assert.equal(await page.evaluate(() => window.__beforeReload), true, "no reload before 03:30");
    await page.clock.fastForward("00:45");
    await waitUntil(page, () => window.__beforeReload === undefined, null, { timeout: 20_000 });
    await page.waitForSelector("[data-testid=view-overview]", { timeout: 20_000 });
    assert.equal(new URL(page.url()).search, "?kiosk&dailyReload=03:30&pixelShift=off");
    await context.close();
  });

  test("the watchdog covers kiosk: it says so across the room and its reload keeps the kiosk parameters", { timeout: 90_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    let blocked = 0;
    await page.route("**/*.wasm", (route) => (blocked++ === 0 ? route.abort() : route.continue()));
    const url = `${shared.sim.base}/?kiosk&rotate=30&views=overview,queues#/overview`;
    await page.goto(url);
    const notice = await page.waitForSelector("[data-testid=watchdog].watchdog--kiosk", { timeout: 30_000 });
    assert.match(await notice.textContent(), /Floorview stopped: the app did not start\. Reloading in \d+ s/);
    await waitForData(page, 30_000).catch(async () => {
      // the rotation may have turned to the Queues page: its panels are data too
      await page.waitForSelector("[data-testid=queue-panel] [data-testid=channel-row]", { timeout: 20_000 });
    });
    assert.ok(blocked >= 2, "the page was reloaded");
    const search = new URL(page.url()).search;
    assert.equal(search, "?kiosk&rotate=30&views=overview,queues");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.kiosk), "on");
    await context.close();
  });
});
