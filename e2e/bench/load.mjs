// `cargo xtask bench load`: navigation start → first team card with data on screen,
// in headless Chromium against the local simulator, over N cold loads. Prints JSON.
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

const sim = await startSimulator();
const browser = await launchBrowser();
const samples = [];
try {
  // One warm-up load so the simulator and the browser process are started.
  for (let i = 0; i <= LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(observe);
    await page.goto(`${sim.base}/#/overview`);
    await waitUntil(page, () => window.__firstDataMs !== undefined, null, { timeout: 30_000, interval: 20 });
    const ms = await page.evaluate(() => window.__firstDataMs);
    if (i > 0) samples.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  sim.stop();
}
console.log(
  JSON.stringify({
    first_data_ms_median: median(samples),
    first_data_ms_min: Math.min(...samples),
    first_data_ms_max: Math.max(...samples),
    first_data_loads: samples.length,
  }),
);
