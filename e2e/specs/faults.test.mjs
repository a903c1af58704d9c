// The kiosk fault matrix: one kiosk screen polling `floorview-proxy simulate` meets
// every fault of the proxy's fault injection in turn, as a wallboard would over weeks.
// For each fault: the last good data stays, marked stale with its absolute time; the
// panel says what went wrong in words; requests back off (counted at the proxy); the
// screen recovers within two poll periods of the fault clearing; no page error, no
// wasm panic, no script from the payload runs. The matrix is printed as a table and
// written to e2e/artifacts/fault-matrix.json (read by `cargo xtask bench faults`).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ARTIFACTS, DIST, launchBrowser, startSimulator } from "../support.mjs";

const config = JSON.parse(fs.readFileSync(path.join(DIST, "config.json"), "utf8"));
const SOURCES = config.teams.length + config.workTypes.length;
// Every source the page polls, the Overview's panels and the other views' sources:
// teamActivity and userActivity per team, channelActivity per work type, listActivity
// per list, presence of everyone and per work type.
const POLLED = 2 * config.teams.length + 2 * config.workTypes.length + config.contactLists.length + 1;
const PERIOD_S = 2;
const TIMEOUT_S = 3;
/** How long a fault stays on once every panel shows it, for counting requests. */
const HOLD_MS = 6_000;
const STALE = /^stale since \d\d:\d\d:\d\d \((.+)\)$/;

let sim;
let browser;
let context;
let page;
const errors = [];
const rows = [];

const httpDate = (ms) => new Date(ms).toUTCString();

/** Every fault: the rule, and the words a panel must show while it lasts. */
const FAULTS = [
  { name: "401", rule: { kind: "401" }, words: /not signed in to the Reporting API \(401\)/ },
  { name: "403", rule: { kind: "403" }, words: /was refused \(403\)/ },
  { name: "404", rule: { kind: "404" }, words: /was not found \(404\)/ },
  // Chromium re-sends a request answered 408 on a reused connection (HTTP's "idle
  // connection closed", up to twice), so the proxy sees up to three times the app's requests.
  { name: "408", rule: { kind: "408" }, words: /the server timed out \(408\)/, browserResends: true },
  { name: "429 Retry-After 4 (seconds)", rule: { kind: "429", retryAfter: "4" }, words: /throttled by the server \(429\), asked to wait 4 s/, retryAfterS: 4 },
  { name: "429 Retry-After (HTTP date)", rule: () => ({ kind: "429", retryAfter: httpDate(Date.now() + 5_000) }), words: /throttled by the server \(429\)/, retryAfterS: 5 },
  { name: "500", rule: { kind: "500" }, words: /server error \(500\)/ },
  { name: "502 HTML page", rule: { kind: "502-html" }, words: /server error \(502\)/ },
  { name: "503 Retry-After 3", rule: { kind: "503", retryAfter: "3" }, words: /the service is unavailable \(503\).*asked to wait 3 s/, retryAfterS: 3 },
  // Sources queued behind the requests that hang (at the concurrency cap) are stale
  // without an error of their own: "no new data" is what they can truthfully say.
  { name: "slow (beyond the timeout)", rule: { kind: "delay", delayMs: (TIMEOUT_S + 3) * 1000 }, words: /no answer from the proxy in time \(timed out\)|^no new data$/ },
  { name: "hung", rule: { kind: "hang" }, words: /no answer from the proxy in time \(timed out\)|^no new data$/, hangs: true },
  { name: "connection reset", rule: { kind: "reset" }, words: /cannot reach the proxy \(network error\)/ },
  { name: "proxy killed and restarted", special: "kill", words: /cannot reach the proxy \(network error\)/ },
  { name: "truncated JSON", rule: { kind: "truncated" }, words: /unusable data for/ },
  { name: "malformed JSON", rule: { kind: "malformed" }, words: /unusable data for/ },
  { name: "browser offline, then online", special: "offline", words: /no new data|cannot reach the proxy \(network error\)/ },
  // Payloads a tolerant decoder takes: the screen stays live and shows them safely.
  { name: "wrong field types", rule: { kind: "wrong-types" }, tolerated: true },
  { name: "unknown enum values", rule: { kind: "unknown-enums" }, tolerated: true, shows: /hologram/i },
  { name: "<script> / <img onerror> names", rule: { kind: "html-names" }, tolerated: true, shows: /<script>window\.__pwned=1<\/script>/ },
  // Left unread: wasm memory never shrinks, and the screen runs for weeks.
  { name: "10 MB payload", rule: { kind: "huge" }, words: /unusable data for .*: the response is too large \(10\.0 MB\)/ },
];

async function faults(method, pathname = "", body) {
  const r = await fetch(`${sim.base}/__faults${pathname}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(r.ok, `${method} /__faults${pathname} answered ${r.status}`);
  return r.status === 200 ? r.json() : null;
}

const requestCount = async () => Object.values((await faults("GET")).requests).reduce((a, b) => a + b, 0);

/** Every panel's freshness and words, and the banner. */
const screen = () =>
  page.evaluate(() => {
    const panels = [...document.querySelectorAll("[data-testid=team-card], [data-testid=queue-panel]")].map((p) => ({
      freshness: p.querySelector("[data-testid=freshness]")?.dataset.freshness,
      words: p.querySelector("[data-testid=freshness] .freshness__text")?.textContent ?? "",
      hasData: !!p.querySelector("[data-testid=signed-on]:not(:empty), [data-testid=channel-row]"),
    }));
    const banner = document.querySelector("[data-testid=kiosk-banner]");
    return {
      panels,
      banner: banner?.dataset.banner,
      bannerText: banner?.textContent ?? "",
      pwned: window.__pwned !== undefined,
      injected: document.querySelectorAll("main script, main img").length,
      watchdog: !!document.querySelector("[data-testid=watchdog]"),
      text: document.querySelector("main")?.textContent ?? "",
    };
  });

async function until(predicate, timeoutMs, stepMs = 100) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeoutMs) {
    last = await screen();
    if (predicate(last)) return { state: last, ms: Date.now() - start };
    await page.waitForTimeout(stepMs);
  }
  return { state: last, ms: null };
}

const allLive = (s) => s.panels.length === SOURCES && s.panels.every((p) => p.freshness === "live") && s.banner === "clear";
const allStale = (s) => s.panels.length === SOURCES && s.panels.every((p) => p.freshness === "stale");

before(async () => {
  sim = await startSimulator();
  browser = await launchBrowser();
  await open();
});

async function open() {
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`page error: ${e}`));
  page.on("console", (m) => m.type() === "error" && /panicked|RuntimeError/.test(m.text()) && errors.push(`console: ${m.text()}`));
  await page.goto(`${sim.base}/?kiosk&fit=scale&pixelShift=off&refresh=${PERIOD_S}s&timeoutSeconds=${TIMEOUT_S}#/overview`);
  const { ms } = await until(allLive, 30_000, 250);
  assert.ok(ms !== null, "the kiosk screen came up live");
}

after(async () => {
  printMatrix();
  await context?.close();
  await browser?.close();
  sim?.stop();
});

function printMatrix() {
  const head = ["fault", "stale + time", "words on the panels", "requests proxy / page (healthy)", "recovery s", "errors", "result"];
  const table = rows.map((r) => [r.fault, r.stale, r.words, r.requests, r.recovery, r.errors, r.passed ? "PASS" : "FAIL"]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  const out = [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...table.map(line)];
  const passed = rows.filter((r) => r.passed).length;
  out.push(`fault matrix: ${passed} of ${FAULTS.length} passed`);
  console.log("\n" + out.join("\n"));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, "fault-matrix.json"), JSON.stringify({ passed, total: FAULTS.length, rows }, null, 2));
}

/** Runs one fault through its whole life and records its row; throws on a failed check. */
async function run(fault) {
  const row = { fault: fault.name, stale: "-", words: "-", requests: "-", recovery: "-", errors: "-", passed: false };
  rows.push(row);
  const errorsBefore = errors.length;
  let cleared = false;
  let clearedAt = 0;
  const clear = async () => {
    if (cleared) return;
    cleared = true;
    clearedAt = Date.now();
    if (fault.special === "offline") await context.setOffline(false);
    else if (fault.special === "kill") sim = await startSimulator([], sim.port);
    else await faults("DELETE");
  };
  try {
    await faults("POST", "/reset-counts");
    const started = Date.now();
    let pageRequests = 0;
    const countPage = (r) => r.url().includes("/reporting/") && pageRequests++;
    page.on("request", countPage);
    if (fault.special === "offline") await context.setOffline(true);
    else if (fault.special === "kill") {
      sim.kill();
      await sim.exited;
    } else await faults("POST", "", typeof fault.rule === "function" ? fault.rule() : fault.rule);

    if (fault.tolerated) {
      // Keep the fault on for several polls: the screen stays live and safe.
      await page.waitForTimeout(PERIOD_S * 3 * 1000);
      const s = await screen();
      const timedOut = (p) => p.freshness === "stale" && /timed out/.test(p.words) && p.hasData;
      const ok = fault.mayTimeOut ? s.panels.every((p) => p.freshness === "live" || timedOut(p)) : allLive(s);
      assert.ok(ok, `the screen stays live: ${JSON.stringify(s.panels.map((p) => p.words))}`);
      row.stale = s.panels.some(timedOut) ? "some timed out, data kept" : "stays live";
      if (fault.shows) {
        assert.match(s.text, fault.shows, "the odd value is shown as text");
        row.words = "shown as text";
      } else row.words = "n/a";
      assert.equal(s.pwned, false, "no script from the payload ran");
      assert.equal(s.injected, 0, "no element from the payload");
      row.requests = `${await requestCount()} / ${pageRequests} (${Math.round((POLLED * (Date.now() - started)) / (PERIOD_S * 1000))})`;
      await clear();
      const recovered = await until(allLive, 2 * PERIOD_S * 1000 + 20_000);
      const recoveryMs = recovered.ms === null ? null : Date.now() - clearedAt;
      row.recovery = recoveryMs === null ? "never" : (recoveryMs / 1000).toFixed(1);
      assert.ok(recoveryMs !== null && recoveryMs <= 2 * PERIOD_S * 1000, `recovered in ${row.recovery} s`);
    } else {
      // Every panel goes stale with its time, keeps its data, and says why.
      const { state, ms } = await until(allStale, 30_000);
      assert.ok(ms !== null, `every panel went stale: ${JSON.stringify(state.panels.map((p) => p.words))}`);
      assert.ok(state.panels.every((p) => p.hasData), "the last good data stays on screen");
      const words = state.panels.map((p) => p.words.match(STALE)?.[1] ?? p.words);
      row.stale = "yes";
      assert.ok(
        words.every((w) => fault.words.test(w)),
        `every panel says ${fault.words}: ${JSON.stringify([...new Set(words)])}`,
      );
      assert.match(state.bannerText, /^(OFFLINE · showing data from|STALE · \d+ of \d+ panels not updated since) \d\d:\d\d:\d\d · /);
      row.words = [...new Set(words)].join(" / ").slice(0, 90);
      await page.waitForTimeout(HOLD_MS);
      // Back off: never more often than healthy polling, and Retry-After honoured.
      const elapsedS = (Date.now() - started) / 1000;
      // Counted at the proxy; with the proxy dead or the browser offline, at the page.
      const atProxy = fault.special ? pageRequests : await requestCount();
      const counted = fault.browserResends ? pageRequests : atProxy;
      const normal = Math.ceil((POLLED * elapsedS) / PERIOD_S);
      const allowed = fault.retryAfterS ? POLLED * (Math.ceil(elapsedS / fault.retryAfterS) + 1) : normal + POLLED;
      row.requests = `${atProxy} / ${pageRequests} (${normal})`;
      assert.ok(counted <= Math.min(allowed, normal + POLLED), `${counted} requests in ${elapsedS.toFixed(1)} s; healthy polling makes ${normal}`);
      if (fault.browserResends) assert.ok(atProxy <= 3 * pageRequests, `the proxy saw ${atProxy} for the page's ${pageRequests}`);
      if (fault.hangs) {
        const hanging = (await faults("GET")).hanging;
        assert.ok(hanging <= 4, `hung requests are given up, not piled up (${hanging} hanging)`);
      }
      await clear();
      // Recovery within two poll periods (after any Retry-After still running).
      const holdLeft = fault.retryAfterS ? fault.retryAfterS : 0;
      const deadline = 2 * PERIOD_S * 1000 + holdLeft * 1000;
      const recovered = await until(allLive, deadline + 20_000);
      const recoveryMs = recovered.ms === null ? null : Date.now() - clearedAt;
      row.recovery = recoveryMs === null ? "never" : (recoveryMs / 1000).toFixed(1);
      assert.ok(recoveryMs !== null && recoveryMs <= deadline, `recovered in ${row.recovery} s; the bound is ${deadline / 1000} s`);
    }
    page.off("request", countPage);
    const s = await screen();
    assert.equal(s.pwned, false, "no script from a payload ran");
    assert.equal(s.watchdog, false, "the watchdog never fired");
    const mine = errors.slice(errorsBefore);
    row.errors = String(mine.length);
    assert.deepEqual(mine, [], "no page error and no panic");
    row.passed = true;
  } finally {
    await clear();
    // Whatever happened, the next fault starts from a live screen.
    await until(allLive, 60_000, 250);
  }
}

describe("fault matrix", () => {
  for (const fault of FAULTS) {
    test(fault.name, { timeout: 120_000 }, () => run(fault));
  }
});
