// The Agents, Queues, Outbound and Presence views against `floorview-proxy simulate`:
// each shows the simulator's data; sorting, filtering, search and grouping change
// what is shown; durations tick; a threshold breach is marked; at 10,000 agents the
// table scrolls top to bottom with a bounded DOM. Screenshots of every view at
// 1280×800 and 1920×1080 go to e2e/artifacts.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, recordPage, screenshot, sharedSimulator, startSimulator, untilConsistent, waitUntil } from "../support.mjs";

const config = JSON.parse(fs.readFileSync(path.join(DIST, "config.json"), "utf8"));
// One simulator and one browser for the whole file.
const shared = sharedSimulator();

/** A page on `view`, recording page errors and the last body of each endpoint query. */
async function open(view, { query = "", base = shared.sim.base, viewport = { width: 1600, height: 1000 }, configPatch } = {}) {
  const context = await shared.browser.newContext({ viewport, colorScheme: "dark" });
  const page = await context.newPage();
  const { errors, bodies } = recordPage(page);
  if (configPatch) {
    await page.route("**/config.json", async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, json: { ...(await response.json()), ...configPatch } });
    });
  }
  await page.goto(`${base}/${query}#/${view}`);
  return { page, errors, bodies, close: () => context.close() };
}

const agentsShown = (page) => page.textContent("[data-testid=agents-shown]");
const rowNames = (page) => page.$$eval("[data-testid=agent-row] [data-col=name]", (els) => els.map((e) => e.textContent));
const rowCells = (page, col) => page.$$eval(`[data-testid=agent-row] [data-col=${col}]`, (els) => els.map((e) => e.textContent));

async function waitForAgents(page, teams = config.teams.length) {
  await waitUntil(page, 
    (n) => document.querySelectorAll("[data-testid=agent-row]").length > 0 && performance.getEntriesByType("resource").filter((r) => r.name.includes("userActivity")).length >= n,
    teams,
    { timeout: 30_000 },
  );
}

/** Retries `check` until it stops throwing (polls land between two reads). */
async function eventually(check, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Agents of every team in the simulator's latest userActivity bodies. */
function simAgents(bodies) {
  return [...bodies.entries()].filter(([k]) => k.startsWith("userActivity?")).flatMap(([, b]) => b.rows);
}

describe("agents", () => {
  test("every agent of every team is in the table, with the summary matching the rows", { timeout: 60_000 }, async () => {
    const { page, errors, bodies, close } = await open("agents");
    await waitForAgents(page);
    const rows = await eventually(async () => {
      const teams = [...bodies.keys()].filter((k) => k.startsWith("userActivity?")).length;
      assert.equal(teams, config.teams.length, "every team's agents arrived");
      const rows = simAgents(bodies);
      assert.equal(await agentsShown(page), `${rows.length} agents`);
      // Every rendered row is one of the simulator's agents; the table renders the
      // rows in view and a margin.
      const names = await rowNames(page);
      const expected = new Set(rows.map((r) => r.preferredName));
      assert.ok(names.length >= Math.min(rows.length, 20), `rows rendered: ${names.length}`);
      for (const n of names) assert.ok(expected.has(n), `${n} is one of the simulator's agents`);
      return rows;
    });
    const counts = await page.$$eval(".state-summary__item", (els) => els.map((e) => Number(e.dataset.count)));
    assert.equal(counts.reduce((a, b) => a + b, 0), rows.length, "per-state counts add up to the rows shown");
    await screenshot(page, "agents-1600");
    assert.deepEqual(errors, []);
    await close();
  });

  test("sorting, filtering, search and grouping change what is shown", { timeout: 60_000 }, async () => {
    // Tall enough for every line of the demo floor to be rendered.
    const { page, errors, close } = await open("agents", { viewport: { width: 1600, height: 2600 } });
    await waitForAgents(page);
    const total = Number((await agentsShown(page)).split(" ")[0]);

    await page.click("[data-testid=sort-name]");
    const byName = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
    const asc = await rowNames(page);
    assert.deepEqual(asc, [...asc].sort(byName), "names ascending");
    assert.equal(await page.getAttribute("th:has([data-testid=sort-name])", "aria-sort"), "ascending");
    await page.keyboard.press("Enter"); // the sort button keeps focus: the keyboard sorts too
    assert.equal(await page.getAttribute("th:has([data-testid=sort-name])", "aria-sort"), "descending");
    const desc = await rowNames(page);
    assert.deepEqual(desc, [...desc].sort(byName).reverse(), "names descending");
    assert.notDeepEqual(desc.slice(0, 3), asc.slice(0, 3));

    const team = config.teams[1];
    await page.click("[data-testid=team-filter] summary");
    await page.check(`[data-testid=team-filter] input[value="${team}"]`);
    const teams = new Set(await rowCells(page, "team"));
    assert.equal(teams.size, 1, `one team left: ${[...teams]}`);
    const teamCount = Number((await agentsShown(page)).split(" ")[0]);
    assert.ok(teamCount > 0 && teamCount < total);
    assert.match(await agentsShown(page), new RegExp(`^${teamCount} of ${total} agents shown$`));
    await page.uncheck(`[data-testid=team-filter] input[value="${team}"]`);

    const [firstName] = await rowNames(page);
    const needle = firstName.split(" ")[0].toLowerCase();
    await page.fill("[data-testid=agent-search]", needle.toUpperCase());
    const found = await rowNames(page);
    assert.ok(found.length >= 1 && found.every((n) => n.toLowerCase().includes(needle)), `search "${needle}" found ${found}`);
    await page.fill("[data-testid=agent-search]", "");

    const state = await page.getAttribute(".state-summary__item", "data-state");
    await page.click("[data-testid=state-filter] summary");
    await page.check(`[data-testid=state-filter] input[value="${state}"]`);
    const states = new Set(await page.$$eval("[data-testid=agent-row] [data-col=state] .state-badge", (els) => els.map((e) => e.dataset.state)));
    assert.deepEqual([...states], [state]);
    await page.uncheck(`[data-testid=state-filter] input[value="${state}"]`);

    await page.check("[data-testid=group-by-team]");
    const groups = await page.$$eval("[data-testid=group-row]", (els) => els.map((e) => e.textContent));
    assert.equal(groups.length, config.teams.length, `a header per team: ${groups}`);
    const inGroups = groups.map((g) => Number(g.match(/(\d+) agents?/)[1])).reduce((a, b) => a + b, 0);
    assert.equal(inGroups, total, "group counts add up");
    await screenshot(page, "agents-grouped");
    assert.deepEqual(errors, []);
    await close();
  });

  test("time in state ticks and a row past its limit is marked", { timeout: 60_000 }, async () => {
    // Limits of 1–2 s on the common states, so breaches happen at once.
    const states = { idle: [1, 2], active: [1, 2], multiline: [1, 2], wrap: [1, 2], notReady: [1, 2] };
    const { page, errors, close } = await open("agents", { configPatch: { thresholds: { states } } });
    await waitForAgents(page);
    const read = () => page.$$eval("[data-testid=in-state]", (els) => els.map((e) => e.textContent));
    const before = await read();
    await page.waitForTimeout(2_200);
    const after = await read();
    assert.ok(before.some((t, i) => t !== after[i]), `time in state ticks: ${before.slice(0, 3)} -> ${after.slice(0, 3)}`);
    await page.waitForSelector("[data-testid=agent-row][data-level=critical]");
    const cue = await page.textContent("[data-testid=agent-row][data-level=critical] [data-testid=limit-cue]");
    assert.equal(cue, "◆ over 0:02");
    await screenshot(page, "agents-breached");
    assert.deepEqual(errors, []);
    await close();
  });

  test("10,000 agents scroll top to bottom with a bounded DOM", { timeout: 240_000 }, async () => {
    const big = await startSimulator(["--teams", "50", "--agents-per-team", "200", "--work-types", "1", "--contact-lists", "1"]);
    try {
      const catalog = await (await fetch(`${big.base}/floorview/v1/catalog`)).json();
      const teams = catalog.teams.map((t) => t.teamId).join(",");
      const { page, errors, bodies, close } = await open("agents", { base: big.base, query: `?teams=${teams}&workTypes=&contactLists=&refresh=60` });
      // Agents off shift are not in userActivity: the floor is what the 50 bodies hold.
      const total = await eventually(async () => {
        assert.equal([...bodies.keys()].filter((k) => k.startsWith("userActivity?")).length, 50);
        const total = simAgents(bodies).length;
        assert.equal(await agentsShown(page), `${total} agents`);
        return total;
      }, 120_000);
      assert.ok(total > 9000, `most of the 10,000 agents are signed on: ${total}`);
      const rowsInDom = () => page.$$eval("[data-testid=agent-row]", (els) => els.length);
      assert.ok((await rowsInDom()) < 80, `rows in the DOM at the top: ${await rowsInDom()}`);
      assert.equal(await page.getAttribute("[data-testid=agent-table]", "aria-rowcount"), String(total + 1));
      // Page down through the table with the keyboard, as a supervisor would.
      await page.focus("[data-testid=agent-scroller]");
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press("PageDown");
        await page.waitForTimeout(150);
      }
      await eventually(async () => {
        const middle = await page.$$eval("[data-testid=agent-row]", (els) => els.map((e) => Number(e.getAttribute("aria-rowindex"))));
        assert.ok(Math.min(...middle) > 40, `page down moved pages through the table: ${Math.min(...middle)}`);
      }, 5_000);
      // Then all the way down (a key press can land mid-animation, so scroll directly).
      await page.$eval("[data-testid=agent-scroller]", (el) => (el.scrollTop = el.scrollHeight));
      // The last line is the last agent, whatever the count is by now.
      const bottom = () =>
        page.evaluate(() => ({
          count: document.querySelector("[data-testid=agent-table]").getAttribute("aria-rowcount"),
          last: Math.max(...[...document.querySelectorAll("[data-testid=agent-row]")].map((e) => Number(e.getAttribute("aria-rowindex")))),
          scroll: document.querySelector("[data-testid=agent-scroller]").scrollTop,
          height: document.querySelector("[data-testid=agent-scroller]").scrollHeight,
        }));
      await eventually(async () => {
        const b = await bottom();
        assert.equal(String(b.last), b.count, `the last row is rendered at the bottom: ${JSON.stringify(b)}`);
      }, 10_000);
      assert.ok((await rowsInDom()) < 80, `rows in the DOM at the bottom: ${await rowsInDom()}`);
      const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
      assert.ok(nodes < 3000, `elements in the page: ${nodes}`);
      await screenshot(page, "agents-10k-bottom");
      assert.deepEqual(errors, []);
      await close();
    } finally {
      big.stop();
    }
  });
});

describe("queues, outbound, presence", () => {
  test("queues show each work type with sparklines of its history", { timeout: 60_000 }, async () => {
    const { page, errors, close } = await open("queues", { query: "?refresh=1" });
    await waitUntil(page, (n) => document.querySelectorAll("[data-testid=queue-trend]").length >= n, config.workTypes.length, { timeout: 30_000 });
    assert.equal(await page.$$eval("[data-testid=queue-detail]", (els) => els.length), config.workTypes.length);
    // After a few polls each line has points.
    await waitUntil(page, () => [...document.querySelectorAll("[data-testid=sparkline] path")].every((p) => (p.getAttribute("d") ?? "").includes("L")), null, { timeout: 30_000 });
    const text = await page.textContent("[data-testid=queue-trend] [data-testid=sparkline] figcaption");
    assert.match(text, /^In queue: now \d+, max \d+/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("outbound shows each list's progress as the simulator reports it", { timeout: 60_000 }, async () => {
    const { page, errors, bodies, close } = await open("outbound");
    await waitUntil(page, (n) => [...document.querySelectorAll("[data-testid=records-attempted]")].filter((e) => e.textContent !== "—").length === n, config.contactLists.length, { timeout: 30_000 });
    // Each list's card equals the last body received for it.
    await untilConsistent(async () => {
      for (const list of config.contactLists) {
        const body = [...bodies.entries()].find(([k]) => k.startsWith("listActivity?") && new URLSearchParams(k.split("?")[1]).get("contactList") === list)?.[1];
        if (!body) return `no listActivity body seen for ${list}`;
        const card = `[data-testid=list-card][data-list="${list}"]`;
        const shown = {
          attempted: await page.textContent(`${card} [data-testid=records-attempted]`),
          penetration: await page.textContent(`${card} [data-testid=list-penetration] .gauge__value`),
        };
        const want = {
          attempted: String(body.recordsAttempted),
          penetration: `${Number.isInteger(body.listPenetration) ? body.listPenetration : body.listPenetration.toFixed(1)} %`,
        };
        if (JSON.stringify(shown) !== JSON.stringify(want)) return `${list}: ${JSON.stringify(shown)} != ${JSON.stringify(want)}`;
      }
      return "";
    });
    assert.deepEqual(errors, []);
    await close();
  });

  test("presence lists who is logged on, searches, and flags who is missing", { timeout: 60_000 }, async () => {
    const { page, errors, bodies, close } = await open("presence");
    // Drop one logged-on user from presence: the view must notice the disagreement.
    let dropped;
    await page.route((url) => url.pathname.endsWith("/presence/users/data") && !url.searchParams.has("workTypeId"), async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      dropped ??= body.users[0];
      body.users = body.users.filter((u) => u.userId !== dropped.userId);
      body.totalItems = body.users.length;
      route.fulfill({ response, json: body });
    });
    await page.reload();
    await page.waitForSelector("[data-testid=presence-row]", { timeout: 30_000 });
    const presence = [...bodies.entries()].find(([k]) => k === "data?state=LoggedOn" || k.startsWith("users?state=LoggedOn") && !k.includes("workTypeId"));
    const rows = await page.$$eval("[data-testid=presence-row]", (els) => els.length);
    assert.equal(await page.textContent("[data-testid=presence-count]"), `${rows} logged on`);
    if (presence) assert.equal(rows, presence[1].users.length);
    await page.waitForSelector("[data-testid=only-in-teams]", { timeout: 30_000 });
    assert.match(await page.textContent("[data-testid=only-in-teams]"), new RegExp(dropped.userId));
    await page.fill("[data-testid=presence-search]", "zzz-nobody");
    assert.equal(await page.$$eval("[data-testid=presence-row]", (els) => els.length), 0);
    assert.match(await page.textContent("[data-testid=presence-count]"), /^0 of \d+ logged on match$/);
    assert.deepEqual(errors, []);
    await close();
  });

  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ]) {
    test(`screenshots of every view at ${width}×${height}`, { timeout: 90_000 }, async () => {
      const { page, errors, close } = await open("overview", { viewport: { width, height }, query: "?refresh=2" });
      for (const view of ["overview", "agents", "queues", "outbound", "presence"]) {
        await page.evaluate((v) => (location.hash = `#/${v}`), view);
        await page.waitForSelector(`[data-testid=view-${view}]`);
        await page.waitForTimeout(view === "queues" ? 5_000 : 1_500);
        await screenshot(page, `view-${view}-${width}x${height}`);
      }
      assert.deepEqual(errors, []);
      await close();
    });
  }
});
