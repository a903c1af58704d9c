// `cargo xtask bench table`: the Agents view at 1,000 (5 teams × 200) and 10,000
// (50 × 200) agents, all teams shown, sorted by time in state, in headless Chromium
// against the simulator. Prints JSON with the keys of shared/BENCH.md:
// - tick_ms_*: scripting time of one clock tick: the page's ScriptDuration (DevTools
//   Performance metrics) sampled every second with polling paused, median of 60;
// - apply_ms_*: one team's poll in which 10% of its agents changed state, from the
//   response to the settled DOM, decode included: the app's own `performance.measure`
//   (config `perfMarks`) from the reply to the end of the reactive work it set off
//   (every microtask, so every re-render), median of the APPLIES polls after the
//   table has every team;
// - apply_queued_ms_*: the same reply to the browser's next task, which also counts
//   the other teams' replies that happened to be queued first (all 50 teams poll
//   every 5 s here), so it says more about the load than about one apply;
// - dom_nodes_*: every node of the document.
import { launchBrowser, startSimulator } from "../support.mjs";
import { configuredPage, median, quietFigures, sleep, steadyApplies, tenPercentChanges } from "./measure.mjs";

const TICKS = Number(process.env.TICKS ?? 60);
const APPLIES = Number(process.env.APPLIES ?? 12);
const AGENTS_PER_TEAM = 200;

/** A page showing every team's agents, with polling periods from `poll`. */
async function openAgents(browser, base, teams, poll, routeUsers) {
  const config = {
    proxyUrl: "",
    orgId: "demo",
    teams,
    workTypes: [],
    contactLists: [],
    pollSeconds: poll,
    maxConcurrent: 8,
    perfMarks: true,
  };
  const { context, page, errors } = await configuredPage(browser, { width: 1600, height: 1000 }, config, routeUsers);
  // Agents off shift are not listed: the floor is what every team's last body holds.
  const rows = new Map();
  page.on("response", async (r) => {
    const url = new URL(r.url());
    if (r.ok() && url.pathname.endsWith("/userActivity/data")) {
      try {
        rows.set(url.searchParams.get("teamId"), (await r.json()).rows.length);
      } catch {
        // cut short; the next poll brings another
      }
    }
  });
  await page.goto(`${base}/#/agents`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const total = [...rows.values()].reduce((a, b) => a + b, 0);
    const shown = await page.textContent("[data-testid=agents-shown]").catch(() => null);
    if (rows.size === teams.length && shown === `${total} agents`) break;
    if (Date.now() > deadline) throw new Error(`the table did not fill: ${rows.size} teams answered, "${shown}" shown`);
    await sleep(250);
  }
  return { context, page, errors };
}

async function measureScale(browser, teamsCount) {
  const sim = await startSimulator(["--teams", String(teamsCount), "--agents-per-team", String(AGENTS_PER_TEAM), "--work-types", "1", "--contact-lists", "1"]);
  try {
    const catalog = await (await fetch(`${sim.base}/floorview/v1/catalog`)).json();
    const teams = catalog.teams.map((t) => t.teamId);
    const still = { teamActivity: 3600, userActivity: 3600, channelActivity: 3600, listActivity: 3600, presence: 3600 };
    const quiet = await openAgents(browser, sim.base, teams, still);
    const { tick, nodes, errors: quietErrors } = await quietFigures(quiet, TICKS);

    const target = teams[0];
    const busy = await openAgents(browser, sim.base, teams, { ...still, userActivity: 5 }, tenPercentChanges(target));
    const { apply: applies, queued } = await steadyApplies(busy.page, target, APPLIES, 180_000);
    const errors = quietErrors + busy.errors.length;
    await busy.context.close();
    return { tick, nodes, apply: median(applies), queued: median(queued), errors };
  } finally {
    sim.stop();
  }
}

const browser = await launchBrowser();
try {
  const small = await measureScale(browser, 5);
  const large = await measureScale(browser, 50);
  console.log(
    JSON.stringify({
      tick_ms_1k: small.tick,
      tick_ms_10k: large.tick,
      tick_ratio_10k_1k: large.tick / small.tick,
      apply_ms_1k: small.apply,
      apply_ms_10k: large.apply,
      apply_queued_ms_1k: small.queued,
      apply_queued_ms_10k: large.queued,
      dom_nodes_1k: small.nodes,
      dom_nodes_10k: large.nodes,
      table_page_errors: small.errors + large.errors,
    }),
  );
} finally {
  await browser.close();
}
