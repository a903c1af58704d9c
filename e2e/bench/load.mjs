// `cargo xtask bench load`: navigation start → first team card with data on screen,
// in headless Chromium against the local simulator, over N cold loads. Prints JSON.
//
// Beside the dashboard, the same loads of a floor: a static page with no framework
// whose deferred script fetches one teamActivity and draws its signed-on count,
// served the same way (a second simulator serving that page) and seen by the same
// observer. The ratio says what the dashboard adds to the least any page must do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { launchBrowser, startSimulator, waitUntil } from "../support.mjs";

const LOADS = Number(process.env.LOADS ?? 10);

// Runs in the page before any of its scripts: notes the first time a team card shows
// its signed-on count, on the page's own clock (ms since navigation start).
const observe = () => {
  const seen = () => [...document.querySelectorAll("[data-testid=team-card] [data-testid=signed-on]")].some((e) => e.textContent !== "");
  new MutationObserver((_, observer) => {
    if (window.__firstDataMs === undefined && seen()) {
      window.__firstDataMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The floor page, polling `teamId`'s teamActivity as the dashboard does, in a directory of its own. */
function writeFloor(teamId) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "floorview-floor-"));
  fs.writeFileSync(
    path.join(dir, "index.html"),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title><script defer src="floor.js"></script></head><body></body></html>\n',
  );
  fs.writeFileSync(
    path.join(dir, "floor.js"),
    `fetch("/via/v2/organizations/demo/reporting/queries/teamActivity/data?teamId=${encodeURIComponent(teamId)}")
  .then((r) => r.json())
  .then((body) => {
    const row = (body.rows || [])[0] || {};
    const signedOn = Object.entries(row)
      .filter(([k, v]) => k.endsWith("Count") && typeof v === "number")
      .reduce((a, [, v]) => a + v, 0);
    const card = document.createElement("article");
    card.dataset.testid = "team-card";
    const count = document.createElement("span");
    count.dataset.testid = "signed-on";
    count.textContent = String(signedOn);
    card.append(row.teamName || "${teamId}", " ", count, " signed on");
    document.body.append(card);
  });
`,
  );
  return dir;
}

/** Navigation start → first data on screen of one cold load of `url`, in ms. */
async function firstData(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(observe);
  await page.goto(url);
  await waitUntil(page, () => window.__firstDataMs !== undefined, null, { timeout: 30_000, interval: 20 });
  const ms = await page.evaluate(() => window.__firstDataMs);
  await context.close();
  return ms;
}

const sim = await startSimulator();
const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
const floorDir = writeFloor(catalog.teams[0].teamId);
const floor = await startSimulator([], undefined, floorDir);
const browser = await launchBrowser();
const samples = [];
const floorSamples = [];
try {
  // One warm-up load of each so the simulators and the browser process are started;
  // the two pages alternate, so a machine that slows down slows both alike.
  for (let i = 0; i <= LOADS; i++) {
    const app = await firstData(browser, `${sim.base}/#/overview`);
    const bare = await firstData(browser, `${floor.base}/`);
    if (i > 0) {
      samples.push(app);
      floorSamples.push(bare);
    }
  }
} finally {
  await browser.close();
  sim.stop();
  floor.stop();
  fs.rmSync(floorDir, { recursive: true, force: true });
}
const round = (x) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    first_data_ms_median: median(samples),
    first_data_ms_min: Math.min(...samples),
    first_data_ms_max: Math.max(...samples),
    first_data_loads: samples.length,
    first_data_floor_ms_median: median(floorSamples),
    first_data_ratio: round(median(samples) / median(floorSamples)),
  }),
);
