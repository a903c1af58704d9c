// What the browser benchmarks measure alike: medians, one clock tick's scripting
// time, the DOM's size, and a team whose polls change 10% of its agents.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Scripting time of one clock tick: DevTools' ScriptDuration sampled every second, median of `ticks`. */
export async function tickCost(page, ticks) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const script = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "ScriptDuration").value * 1000;
  };
  await sleep(3000);
  const deltas = [];
  let last = await script();
  for (let i = 0; i < ticks; i++) {
    await sleep(1000);
    const now = await script();
    deltas.push(now - last);
    last = now;
  }
  return median(deltas);
}

/** Every node of the document. */
export const countNodes = (page) =>
  page.evaluate(() => {
    let n = 0;
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) n++;
    return n;
  });

/** A route handler serving team `target` a frozen body in which 10% of agents change state each poll. */
export function tenPercentChanges(target) {
  let frozen = null;
  let round = 0;
  return async (route) => {
    const url = new URL(route.request().url());
    if (url.searchParams.get("teamId") !== target) return route.continue();
    const response = await route.fetch();
    if (!frozen) frozen = await response.json();
    else {
      round++;
      frozen.rows.forEach((row, i) => {
        if (i % 10 !== round % 10) return;
        const next = row.stateId === "idle" ? ["active", "Active"] : ["idle", "Idle"];
        [row.stateId, row.stateName] = next;
        row.stateDur = 0;
      });
    }
    return route.fulfill({ response, json: frozen });
  };
}

/**
 * A page in a context of its own whose `config.json` is `config`, its errors
 * collected, and `/userActivity/data` answered by `routeUsers` when given (a team
 * whose polls change). The caller navigates.
 */
export async function configuredPage(browser, viewport, config, routeUsers) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/config.json", (route) => route.fulfill({ json: config }));
  if (routeUsers) await page.route((url) => url.pathname.endsWith("/userActivity/data"), routeUsers);
  return { context, page, errors };
}

/** A quiet page's figures (one tick's cost, median of `ticks`; DOM nodes; errors so far), then the page closed. */
export async function quietFigures(opened, ticks) {
  const tick = await tickCost(opened.page, ticks);
  const nodes = await countNodes(opened.page);
  const errors = opened.errors.length;
  await opened.context.close();
  return { tick, nodes, errors };
}

/** Durations (ms) of the app's `performance.measure`s named `name` (`floorview:apply`) for team `target`'s polls, oldest first. */
export const teamMeasures = (page, name, target) =>
  page.evaluate(
    ([name, target]) =>
      performance
        .getEntriesByType("measure")
        // The team's own polls only: `teamId=sales_team` is also the start of `sales_team_2`'s URL.
        .filter((e) => e.name.startsWith(`${name} `) && new URL(e.name.slice(name.length + 1), location.href).searchParams.get("teamId") === target)
        .map((e) => e.duration),
    [name, target],
  );

/**
 * The next `count` polls of team `target` applied, counted from now (the page loaded):
 * `apply` (reply to settled DOM) and `queued` durations in ms. Applies made while the
 * rest of the floor was still arriving also did the other teams' deferred work.
 */
export async function steadyApplies(page, target, count, timeout) {
  const before = (await teamMeasures(page, "floorview:apply", target)).length;
  const deadline = Date.now() + timeout;
  while ((await teamMeasures(page, "floorview:apply", target)).length < before + count) {
    if (Date.now() > deadline) throw new Error(`steadyApplies: fewer than ${count} polls of ${target} in ${timeout} ms`);
    await sleep(1000);
  }
  const apply = (await teamMeasures(page, "floorview:apply", target)).slice(before, before + count);
  const queued = (await teamMeasures(page, "floorview:queued", target)).slice(before, before + count);
  return { apply, queued };
}
