// `cargo xtask bench board`: a 24-tile board (every tile kind; the agent tiles read
// all 10,000 agents) over 50 teams × 200 agents and 20 work types, in headless
// Chromium against the simulator, 1920×1080 kiosk. Prints JSON with the keys of
// shared/BENCH.md:
// - board_tick_ms_10k: scripting time of one clock tick (DevTools ScriptDuration
//   sampled every second with polling paused), median of 60;
// - board_apply_ms_10k: one team's userActivity poll in which 10% of its agents
//   changed state, from the reply to the settled DOM, decode included (the app's
//   `performance.measure` with `perfMarks`), median of the APPLIES polls after the
//   board has all its data;
// - board_dom_nodes: every node of the document.
import { launchBrowser, startSimulator, waitUntil } from "../support.mjs";
import { configuredPage, median, quietFigures, steadyApplies, tenPercentChanges } from "./measure.mjs";

const TICKS = Number(process.env.TICKS ?? 60);
const APPLIES = Number(process.env.APPLIES ?? 12);

/** 24 tiles: every kind, and every source; the agent metrics over the whole floor. */
const BOARD = {
  id: "bench",
  title: "Bench",
  columns: 6,
  tiles: [
    { metric: "signedOn", title: "Signed on" },
    { metric: "available", title: "Available", warn: 5, critical: 2, direction: "below", dwell: 10, clear: 30 },
    { metric: "queue", title: "Waiting", warn: 5, critical: 15, dwell: 10, clear: 30, sparkline: 15, change: true },
    { metric: "longestWait", title: "Longest wait", warn: 60, critical: 180, dwell: 10, clear: 30 },
    { kind: "gauge", metric: "occupancy", title: "Occupancy", warn: 85, critical: 95 },
    { metric: "agentsOverLimit", title: "Over their limit", warn: 1, critical: 5 },
    { kind: "stateBar", title: "Agent states", colSpan: 2 },
    { kind: "topList", of: "timeInState", title: "Longest in state", colSpan: 2 },
    { kind: "topList", of: "overLimit", title: "Over their limit" },
    { kind: "topList", of: "longestWait", title: "Longest waits" },
    { metric: "agentsInState", state: "notReady", title: "Not ready" },
    { kind: "gauge", metric: "shareInState", state: "idle", title: "Share idle" },
    { metric: "timeInState", state: "wrap", title: "Longest wrap", warn: 120, critical: 300 },
    { metric: "interactions", title: "Interactions" },
    { metric: "inProgress", title: "In progress" },
    { metric: "onHold", title: "On hold" },
    { metric: "agentsInWrap", title: "In wrap" },
    { metric: "loggedOn", title: "Logged on" },
    { metric: "listPenetration", reduction: "mean", title: "Penetration" },
    { metric: "ringing", title: "Ringing" },
    { metric: "recordsAvailable", title: "Records left" },
    { kind: "clock", title: "Here" },
    { kind: "countdown", to: "17:30", title: "Shift end" },
    { kind: "message", text: "Team huddle at three", title: "Note" },
  ],
};

async function openBoard(browser, base, catalog, poll, routeUsers) {
  const config = {
    proxyUrl: "",
    orgId: "demo",
    teams: catalog.teams.map((t) => t.teamId),
    workTypes: catalog.workTypes.map((w) => w.workTypeId),
    contactLists: catalog.contactLists.map((l) => l.name),
    pollSeconds: poll,
    maxConcurrent: 8,
    perfMarks: true,
    kiosk: true,
    pixelShift: "off",
    boards: [BOARD],
  };
  const { context, page, errors } = await configuredPage(browser, { width: 1920, height: 1080 }, config, routeUsers);
  await page.goto(`${base}/#/board/bench`);
  // Every figure and list has its data: every team's agents have arrived.
  await waitUntil(
    page,
    () => {
      const values = [...document.querySelectorAll("[data-testid=tile-value]")];
      const fresh = [...document.querySelectorAll("[data-testid=tile] [data-testid=freshness]")];
      return values.length > 0 && values.every((v) => v.textContent !== "—") && fresh.every((f) => f.dataset.freshness === "live");
    },
    null,
    { timeout: 180_000, interval: 500 },
  );
  return { context, page, errors };
}

const sim = await startSimulator(["--teams", "50", "--agents-per-team", "200", "--work-types", "20", "--contact-lists", "2"]);
const browser = await launchBrowser();
try {
  const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
  const still = { teamActivity: 3600, userActivity: 3600, channelActivity: 3600, listActivity: 3600, presence: 3600 };
  const quiet = await openBoard(browser, sim.base, catalog, still);
  const { tick, nodes, errors: quietErrors } = await quietFigures(quiet, TICKS);

  const target = catalog.teams[0].teamId;
  const busy = await openBoard(browser, sim.base, catalog, { ...still, userActivity: 5 }, tenPercentChanges(target));
  const { apply } = await steadyApplies(busy.page, target, APPLIES, 300_000);
  const errors = quietErrors + busy.errors.length;
  await busy.context.close();
  console.log(
    JSON.stringify({
      board_tick_ms_10k: tick,
      board_apply_ms_10k: median(apply),
      board_dom_nodes: nodes,
      board_tiles: BOARD.tiles.length,
      board_page_errors: errors,
    }),
  );
} finally {
  await browser.close();
  sim.stop();
}
