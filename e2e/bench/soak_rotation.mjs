// `cargo xtask bench soak`, its second half: a 1080p kiosk rotating all five views
// every 5 s against the simulator at 2,000 agents (10 teams × 200, 20 work types),
// polling every 2 s, as a wallboard runs for weeks. The JS heap and the wasm memory
// (after a forced GC) are read once a minute on the Overview, and growth is measured
// from the end of a warm-up to the end of the run: every page of the rotation has been
// built and torn down many times by then, so what still grows is kept by something
// that outlives the view that made it.
//
// ROTATION_MINUTES (20), ROTATION_WARMUP_MINUTES (3) and ROTATION_VIEWS (all five)
// shorten or narrow the run while hunting a leak. Prints the curve to stderr and the
// figures as JSON on stdout.
import { launchBrowser, startSimulator, waitUntil } from "../support.mjs";
import { growth, readMemory, soakPage } from "./memory.mjs";

const MINUTES = Number(process.env.ROTATION_MINUTES ?? 20);
const WARMUP_MINUTES = Number(process.env.ROTATION_WARMUP_MINUTES ?? 3);
const VIEWS = process.env.ROTATION_VIEWS ?? "overview,agents,queues,outbound,presence";
const SAMPLE_VIEW = VIEWS.split(",")[0].split(":")[0];

const log = (...a) => console.error(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sim = await startSimulator(["--teams", "10", "--agents-per-team", "200", "--work-types", "20", "--speed", "2"]);
const browser = await launchBrowser();
const samples = [];
let counts = { pageErrors: 0, panics: 0 };
try {
  const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
  const ids = (xs, key) => xs.map((x) => x[key]).join(",");
  let context, page, cdp;
  ({ context, page, cdp, counts } = await soakPage(browser, log));
  await page.goto(
    `${sim.base}/?kiosk&refresh=2s&rotate=5&views=${VIEWS}` +
      `&teams=${ids(catalog.teams, "teamId")}&workTypes=${ids(catalog.workTypes, "workTypeId")}` +
      `&contactLists=${ids(catalog.contactLists ?? [], "name")}`,
  );
  await page.waitForSelector("[data-testid=view-" + SAMPLE_VIEW + "]", { timeout: 60_000 });
  const start = Date.now();
  const minutes = () => (Date.now() - start) / 60_000;
  const sample = async () => {
    // On the same page of the rotation each time, settled. A boolean, not the element:
    // a handle to it would keep its whole tree alive.
    await waitUntil(page, (v) => document.querySelector(`[data-testid=view-${v}]`) !== null, SAMPLE_VIEW, {
      timeout: 60_000,
      interval: 100,
    });
    await sleep(500);
    const m = { t: Number(minutes().toFixed(2)), ...(await readMemory(page, cdp)) };
    log(
      `t=${m.t.toFixed(1).padStart(5)} min  js=${(m.heap / 1e6).toFixed(2)} MB  wasm=${(m.wasm / 1e6).toFixed(2)} MB  ` +
        `nodes=${m.nodes}  listeners=${m.listeners}`,
    );
    return m;
  };
  const warm = await (async () => {
    await sleep(WARMUP_MINUTES * 60_000);
    return sample();
  })();
  samples.push(warm);
  for (let i = 1; i <= MINUTES; i++) {
    await sleep(Math.max(0, start + (WARMUP_MINUTES + i) * 60_000 - Date.now()));
    samples.push(await sample());
  }
  await context.close();
} finally {
  await browser.close();
  sim.stop();
}

// Growth over the measured minutes: the three samples after the warm-up against the
// last three (medians, so one GC that lands late does not decide the figure).
console.log(
  JSON.stringify({
    soak_rotation_wasm_growth_bytes: growth(samples, "wasm"),
    soak_rotation_js_growth_bytes: growth(samples, "heap"),
    soak_rotation_dom_growth_nodes: growth(samples, "nodes"),
    soak_rotation_minutes: MINUTES,
    soak_rotation_wasm_start_bytes: samples[0].wasm,
    soak_rotation_wasm_end_bytes: samples.at(-1).wasm,
    soak_rotation_panics: counts.panics,
    soak_rotation_page_errors: counts.pageErrors,
    soak_rotation_agents: 2000,
  }),
);
