// `cargo xtask bench kiosk`: how busy a rotating wallboard keeps the main thread, the
// figure a Raspberry Pi-class screen lives or dies by. A 1080p kiosk over 10 teams ×
// 200 agents and 20 work types, polling every 2 s and rotating all five views every
// 5 s, measured for MEASURE_S (75) seconds after a warm-up of WARMUP_S (25), then
// traced for TRACE_S (30): once at full speed and once under DevTools CPU throttling
// ×4. Both windows are whole rotations (25 s): the pages differ several times in
// cost (the Overview asks for 30 sources, the Agents view for 10), and a 60 s
// window held some pages once more than others, as its start fell. Prints JSON:
// - kiosk_cpu_pct, kiosk_cpu_pct_throttled4: DevTools' TaskDuration (the renderer's
//   main-thread task time) over the window, as a share of it;
// - kiosk_long_task_ms, kiosk_long_task_ms_throttled4: the longest main-thread task
//   of the traced window (RunTask on CrRendererMain), so a quiet page still reports
//   its real longest task, not a long-task threshold's zero;
// - kiosk_cpu_floor_pct, kiosk_cpu_floor_pct_throttled4: the same share for a bare
//   page of the same origin that fetches the very URLs the kiosk asked for, each at
//   the kiosk's period, and parses each body: what the polling alone costs this
//   browser, whatever draws the data. kiosk_cpu_floor_requests_per_s is their rate;
//   kiosk_requests_per_s is the rate the kiosk asked at over its full-speed window
//   (lower: it rests the sources no page on screen or next shows).
import { launchBrowser, startSimulator, waitUntil } from "../support.mjs";
import { configuredPage, sleep } from "./measure.mjs";

const VIEWS = ["overview", "agents", "queues", "outbound", "presence"];
const ROTATE_S = 5;
const ROTATION_S = VIEWS.length * ROTATE_S;
const MEASURE_S = Number(process.env.MEASURE_S ?? 3 * ROTATION_S);
const WARMUP_S = Number(process.env.WARMUP_S ?? ROTATION_S);
// Six rotations: the longest task is a view being built.
const TRACE_S = Number(process.env.TRACE_S ?? 30);

/** The longest main-thread task of a Chrome trace, in ms. */
function longestTask(trace) {
  const events = JSON.parse(trace.toString()).traceEvents ?? [];
  const main = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let longest = 0;
  for (const e of events) {
    if (e.name === "RunTask" && e.ph === "X" && main.has(`${e.pid}:${e.tid}`)) longest = Math.max(longest, e.dur / 1000);
  }
  return longest;
}

/**
 * Main-thread busy share (%) over MEASURE_S, then the longest task over TRACE_S of a
 * trace taken after it (tracing costs time of its own, so it never overlaps the
 * share), with the CPU throttled `rate` times.
 */
async function measure(browser, page, rate, requests) {
  const cdp = await page.context().newCDPSession(page);
  const asked = requests.length;
  const busy = await busyShare(cdp, rate);
  const askedPerS = (requests.length - asked) / (MEASURE_S + WARMUP_S);
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  await sleep(TRACE_S * 1000);
  const trace = await browser.stopTracing();
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  return { pct: busy, longest: longestTask(trace), askedPerS };
}

/** The main thread's busy share (%) of the page of `cdp` over MEASURE_S after WARMUP_S, throttled `rate` times (left on). */
async function busyShare(cdp, rate) {
  await cdp.send("Performance.enable");
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await sleep(WARMUP_S * 1000);
  const taskSeconds = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "TaskDuration").value;
  };
  const [before, start] = [await taskSeconds(), Date.now()];
  await sleep(MEASURE_S * 1000);
  const [after, end] = [await taskSeconds(), Date.now()];
  return (100 * (after - before)) / ((end - start) / 1000);
}

/**
 * The polling floor: a blank page of the simulator's origin fetching every one of
 * `urls` each `periodS` seconds (spread evenly, as the kiosk spreads its first
 * requests), reading and parsing each body, and nothing else.
 */
async function floorShare(browser, base, urls, periodS, rate) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await page.route(`${base}/floor.html`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>floor</title>" }));
    await page.goto(`${base}/floor.html`);
    await page.evaluate(
      ({ urls, periodMs }) => {
        urls.forEach((url, i) =>
          setTimeout(() => {
            const poll = async () => {
              try {
                JSON.parse(await (await fetch(url)).text());
              } catch {
                // A failed poll is still a poll.
              }
              setTimeout(poll, periodMs);
            };
            poll();
          }, (i * periodMs) / urls.length),
        );
      },
      { urls, periodMs: periodS * 1000 },
    );
    return await busyShare(await context.newCDPSession(page), rate);
  } finally {
    await context.close();
  }
}

const sim = await startSimulator(["--teams", "10", "--agents-per-team", "200", "--work-types", "20"]);
const browser = await launchBrowser();
let figures;
try {
  const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
  const config = {
    proxyUrl: "",
    orgId: "demo",
    teams: catalog.teams.map((t) => t.teamId),
    workTypes: catalog.workTypes.map((w) => w.workTypeId),
    contactLists: catalog.contactLists.map((l) => l.name),
    pollSeconds: 2,
    kiosk: true,
    playlist: VIEWS,
    rotateSeconds: ROTATE_S,
  };
  const { context, page, errors } = await configuredPage(browser, { width: 1920, height: 1080 }, config);
  // What the kiosk asks the API for: the floor page asks for the same.
  const asked = new Set();
  const requests = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/via/")) {
      asked.add(r.url());
      requests.push(r.url());
    }
  });
  await page.goto(`${sim.base}/`);
  await waitUntil(page, () => document.querySelectorAll("[data-testid=freshness][data-freshness=live]").length > 0, null, {
    timeout: 60_000,
    interval: 250,
  });
  const full = await measure(browser, page, 1, requests);
  const slow = await measure(browser, page, 4, requests);
  await context.close();
  const urls = [...asked];
  const floor = await floorShare(browser, sim.base, urls, config.pollSeconds, 1);
  const floorSlow = await floorShare(browser, sim.base, urls, config.pollSeconds, 4);
  figures = {
    kiosk_cpu_pct: Math.round(full.pct * 10) / 10,
    kiosk_cpu_pct_throttled4: Math.round(slow.pct * 10) / 10,
    kiosk_long_task_ms: Math.round(full.longest * 10) / 10,
    kiosk_long_task_ms_throttled4: Math.round(slow.longest * 10) / 10,
    kiosk_cpu_floor_pct: Math.round(floor * 10) / 10,
    kiosk_cpu_floor_pct_throttled4: Math.round(floorSlow * 10) / 10,
    kiosk_requests_per_s: Math.round(full.askedPerS * 10) / 10,
    kiosk_cpu_floor_requests_per_s: Math.round((urls.length / config.pollSeconds) * 10) / 10,
    kiosk_measured_s: MEASURE_S,
    kiosk_page_errors: errors.length,
  };
} finally {
  await browser.close();
  sim.stop();
}
console.log(JSON.stringify(figures));
