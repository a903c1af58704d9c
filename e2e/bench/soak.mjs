// `cargo xtask bench soak`: a kiosk screen against the simulator at 1,000 agents
// (5 teams × 200) at high speed with random faults, for SOAK_CYCLES poll cycles (each
// request the proxy answers, faulted or not), rotating its playlist as a wallboard
// does. JS heap + wasm memory (DevTools protocol, after a forced GC) and DOM nodes are
// sampled on the same page of the rotation; growth is measured after a warm-up.
// Prints the curve to stderr and the figures as JSON on stdout.
import { launchBrowser, startSimulator, waitUntil } from "../support.mjs";
import { growth, readMemory, soakPage } from "./memory.mjs";

const CYCLES = Number(process.env.SOAK_CYCLES ?? 10_000);
const MAX_S = Number(process.env.SOAK_MAX_S ?? 720);
const WARMUP_S = Number(process.env.SOAK_WARMUP_S ?? 60);
const SAMPLE_S = 20;
const WORK_TYPES = 25;

const FAULTS = [
  "500:*:rate=0.02",
  "503:*:rate=0.01:retry-after=1",
  "429:*:rate=0.01:retry-after=1",
  "502-html:*:rate=0.01",
  "reset:*:rate=0.01",
  "truncated:*:rate=0.01",
  "malformed:*:rate=0.01",
  "wrong-types:*:rate=0.02",
  "unknown-enums:*:rate=0.02",
  "html-names:*:rate=0.02",
  "delay:*:rate=0.005:delay-ms=1500",
  "hang:*:rate=0.002",
  "huge:*:rate=0.001",
];

const log = (...a) => console.error(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sim = await startSimulator([
  "--teams", "5", "--agents-per-team", "200", "--work-types", String(WORK_TYPES), "--speed", "10",
  ...FAULTS.flatMap((f) => ["--fault", f]),
]);
const browser = await launchBrowser();
const samples = [];
let counts = { pageErrors: 0, panics: 0 };
try {
  const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
  const teams = catalog.teams.map((t) => t.teamId).join(",");
  const workTypes = catalog.workTypes.map((w) => w.workTypeId).join(",");
  let context, page, cdp;
  ({ context, page, cdp, counts } = await soakPage(browser, log));
  await page.goto(
    `${sim.base}/?kiosk&pixelShift=1&refresh=1s&timeoutSeconds=4&maxConcurrent=6&rotate=5` +
      `&views=overview,agents:${catalog.teams[0].teamId},queues&teams=${teams}&workTypes=${workTypes}`,
  );
  const cycles = async () => Object.values((await (await fetch(`${sim.base}/__faults`)).json()).requests).reduce((a, b) => a + b, 0);

  const sample = async (t) => {
    // Same page of the rotation each time, settled, after a full GC.
    // A boolean, not the element: a handle to it would keep its whole tree alive.
    const onOverview = () => location.hash === "#/overview" && document.querySelector("[data-testid=view-overview]") !== null;
    await waitUntil(page, onOverview, null, { timeout: 30_000, interval: 100 });
    await sleep(300);
    const { heap, wasm, nodes } = await readMemory(page, cdp);
    const s = { t, cycles: await cycles(), heap, wasm, total: heap + wasm, nodes, attached: await page.evaluate(() => document.getElementsByTagName("*").length) };
    samples.push(s);
    log(`t=${String(t).padStart(4)} s  cycles=${String(s.cycles).padStart(6)}  js=${(heap / 1e6).toFixed(2)} MB  wasm=${(wasm / 1e6).toFixed(2)} MB  nodes=${s.nodes} (attached ${s.attached})`);
    return s;
  };

  const start = Date.now();
  const elapsed = () => Math.round((Date.now() - start) / 1000);
  await page.waitForSelector("[data-testid=team-card] [data-testid=signed-on]:not(:empty)", { timeout: 30_000 });
  await sleep(WARMUP_S * 1000);
  await sample(elapsed());
  while ((await cycles()) < CYCLES && elapsed() < MAX_S) {
    await sleep(SAMPLE_S * 1000);
    await sample(elapsed());
  }
  await sample(elapsed());
  await context.close();
} finally {
  await browser.close();
  sim.stop();
}

const end = samples.at(-1);
log(`curve start: ${JSON.stringify(samples[0])}`);
log(`curve end:   ${JSON.stringify(end)}`);
console.log(
  JSON.stringify({
    soak_cycles: end.cycles,
    soak_heap_growth_bytes: growth(samples, "total"),
    soak_js_heap_growth_bytes: growth(samples, "heap"),
    soak_wasm_memory_start_bytes: samples[0].wasm,
    soak_wasm_memory_growth_bytes: growth(samples, "wasm"),
    soak_dom_growth_nodes: growth(samples, "nodes"),
    soak_panics: counts.panics,
    soak_page_errors: counts.pageErrors,
    soak_seconds: end.t,
    soak_heap_start_bytes: samples[0].total,
    soak_heap_end_bytes: end.total,
    soak_dom_start_nodes: samples[0].nodes,
    soak_dom_end_nodes: end.nodes,
    soak_agents: 1000,
  }),
);
