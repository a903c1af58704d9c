// Shared by the e2e specs and the load benchmark: a free port, the simulator serving
// the built dashboard, and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
export const PROXY = process.env.FLOORVIEW_PROXY ?? path.join(TARGET, "release/floorview-proxy");
export const DIST = process.env.FLOORVIEW_DIST ?? path.join(ROOT, "dist");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(ROOT, "e2e/artifacts");

/** The kiosk screens every view and board must fit: 720p, 1080p, 4K and a portrait 1080p. */
export const KIOSK_SCREENS = [
  [1280, 720],
  [1920, 1080],
  [3840, 2160],
  [1080, 1920],
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `floorview-proxy simulate --static dist` (or another `staticDir`) on a free
 * port (or on `port`, so a restarted simulator comes back at the same address);
 * resolves once /healthz answers.
 * `exited` resolves when the process has gone.
 */
export async function startSimulator(extraArgs = [], port = undefined, staticDir = DIST) {
  for (const need of [PROXY, path.join(staticDir, "index.html")]) {
    if (!fs.existsSync(need)) throw new Error(`${need} is missing: run \`cargo xtask setup\` and build first`);
  }
  port ??= await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ["simulate", "--listen", `127.0.0.1:${port}`, "--org", "demo", "--seed", "7", "--static", staticDir, ...extraArgs];
  const child = spawn(PROXY, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the simulator exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) {
        const exited = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
        return { base, port, stop: () => child.kill("SIGTERM"), kill: () => child.kill("SIGKILL"), exited };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`the simulator did not answer /healthz in 20 s: ${stderr}`);
}

/**
 * One simulator and one browser for a whole spec file: started before its first test,
 * stopped after its last. `sim` and `browser` are set once the file's tests run.
 */
export function sharedSimulator(extraArgs = []) {
  const shared = { sim: undefined, browser: undefined };
  before(async () => {
    shared.sim = await startSimulator(extraArgs);
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    shared.sim?.stop();
  });
  return shared;
}

/**
 * Records, from now on, the page's errors and the last body of each Reporting API
 * query it received (keyed `teamActivity?teamId=…`), to compare the screen with.
 */
export function recordPage(page) {
  const errors = [];
  const bodies = new Map();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", async (r) => {
    const url = new URL(r.url());
    if (r.status() === 200 && url.pathname.includes("/reporting/")) {
      try {
        bodies.set(url.pathname.split("/").at(-2) + "?" + url.searchParams.toString(), await r.json());
      } catch {
        // a body cut short by navigation; the next poll brings another
      }
    }
  });
  return { errors, bodies };
}

/** Headless Debian Chromium; never a downloaded browser. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // A full-page capture keeps the sticky status bar where the viewport ended, over the
  // panels; let it sit at the end of the page for the picture.
  // (Through the CSSOM: the page's CSP refuses an injected <style>.)
  await page.evaluate(() => document.querySelectorAll(".status-bar").forEach((e) => e.style.setProperty("position", "static")));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits until `fn(arg)`, evaluated in the page, is truthy. Playwright's
 * waitForFunction evaluates its predicate from a string, which the app's CSP (no
 * 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol instead.
 */
export async function waitUntil(page, fn, arg = null, { timeout = 30_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // A navigation (a reload the test waits for) destroys the context mid-evaluate:
    // that is "not yet", not a failure.
    const value = await page.evaluate(fn, arg).catch((e) => {
      if (/context was destroyed|navigation|Target closed/i.test(String(e))) return undefined;
      throw e;
    });
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitUntil: timed out after ${timeout} ms: ${fn}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Compares what the page shows with the bodies it received until the two agree:
 * `mismatch()` returns "" when they do, else what differs. The page and the recorder
 * see a reply at slightly different moments (the recorder reads the body after the
 * page may have drawn it, and a poll can land between the two reads), so one
 * disagreement is a race, not a failure; one that lasts is.
 */
export async function untilConsistent(mismatch, { attempts = 8, interval = 700 } = {}) {
  let last = "";
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await mismatch();
    if (!last) return;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`the page and the replies it received still disagree: ${last}`);
}
