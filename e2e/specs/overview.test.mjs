// The built dashboard against `floorview-proxy simulate`: the Overview shows the
// simulator's floor, durations tick, a throttled source goes stale with its time and
// recovers, and a bad setting is named on screen.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { DIST, recordPage, screenshot, sharedSimulator, startSimulator, untilConsistent, waitUntil } from "../support.mjs";

const config = JSON.parse(fs.readFileSync(path.join(DIST, "config.json"), "utf8"));
// One simulator and one browser for the whole file.
const shared = sharedSimulator();

/** A page that records page errors and the bodies of the team/channel responses it received. */
async function open(query = "", theme = "dark", base = shared.sim.base) {
  const context = await shared.browser.newContext({ viewport: { width: 1600, height: 1000 }, colorScheme: theme });
  const page = await context.newPage();
  const { errors, bodies } = recordPage(page);
  await page.goto(`${base}/${query}#/overview`);
  return { page, errors, bodies, close: () => context.close() };
}

const waitForData = (page) =>
  waitUntil(page, 
    (n) => [...document.querySelectorAll("[data-testid=team-card] [data-testid=signed-on]")].filter((e) => e.textContent !== "").length === n,
    config.teams.length,
    { timeout: 20_000 },
  );

async function faults(method, body) {
  const r = await fetch(`${shared.sim.base}/__faults`, {
    method,
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(r.ok, `${method} /__faults answered ${r.status}`);
}

describe("overview", () => {
  test("shows every configured team and work type with the simulator's numbers", { timeout: 60_000 }, async () => {
    const { page, errors, bodies, close } = await open();
    await waitForData(page);
    await waitUntil(page, 
      (n) => document.querySelectorAll("[data-testid=queue-panel] [data-testid=channel-row]").length >= n,
      config.workTypes.length,
      { timeout: 20_000 },
    );
    const catalog = await (await fetch(`${shared.sim.base}/floorview/v1/catalog`)).json();
    const teamIds = await page.$$eval("[data-testid=team-card]", (cards) => cards.map((c) => c.dataset.teamId));
    assert.deepEqual(teamIds, config.teams);
    const workTypeIds = await page.$$eval("[data-testid=queue-panel]", (ps) => ps.map((p) => p.dataset.workTypeId));
    assert.deepEqual(workTypeIds, config.workTypes);
    for (const id of config.teams) {
      assert.ok(catalog.teams.some((t) => t.teamId === id), `team ${id} is in the simulator's catalog`);
    }

    // Each card equals the last body the page received for it (retry across a poll landing in between).
    await untilConsistent(async () => {
      const shown = await page.$$eval("[data-testid=team-card]", (cards) =>
        cards.map((c) => ({
          id: c.dataset.teamId,
          name: c.querySelector("[data-testid=team-name]").textContent,
          signedOn: c.querySelector("[data-testid=signed-on]").textContent,
          idle: c.querySelector("[data-testid=counter-idle] dd").textContent,
          notReady: c.querySelector("[data-testid=counter-not-ready] dd").textContent,
          // The bar's parts ("Idle 4, Active 6, …") add up to the agents signed on.
          bar: String(
            (c.querySelector("[data-testid=state-bar]").getAttribute("aria-label") || "")
              .split(", ")
              .filter(Boolean)
              .reduce((sum, part) => sum + Number(part.split(" ").at(-1)), 0),
          ),
        })),
      );
      for (const card of shown) {
        const row = bodies.get(`teamActivity?teamId=${card.id}`)?.rows?.[0];
        if (!row) return `no body seen for ${card.id}`;
        const counts = ["idleCount", "pendingActiveCount", "activeCount", "multiLineCount", "holdCount", "previewCount", "wrapCount", "wrapWarningCount", "parkCount", "parkWarningCount", "notReadyCount"];
        const signedOn = counts.reduce((sum, k) => sum + (row[k] ?? 0), 0);
        const want = {
          id: card.id,
          name: row.teamName,
          signedOn: String(signedOn),
          idle: String(row.idleCount),
          notReady: String(row.notReadyCount),
          bar: String(signedOn),
        };
        if (JSON.stringify(want) !== JSON.stringify(card)) return `${JSON.stringify(card)} != ${JSON.stringify(want)}`;
      }
      return "";
    });
    // Each interaction type's row equals the last body of its work type.
    await untilConsistent(async () => {
      const panels = await page.$$eval("[data-testid=queue-panel]", (ps) =>
        ps.map((p) => ({
          id: p.dataset.workTypeId,
          name: p.querySelector("[data-testid=work-type-name]").textContent,
          rows: [...p.querySelectorAll("[data-testid=channel-row]")].map((r) => ({
            type: r.dataset.interactionType,
            queue: r.querySelector("[data-testid=queue-count] .metric__value").textContent,
            active: r.querySelector("[data-testid=active-count] .metric__value").textContent,
            wrap: r.querySelector("[data-testid=wrap-count] .metric__value").textContent,
          })),
        })),
      );
      for (const panel of panels) {
        const body = bodies.get(`channelActivity?workTypeId=${panel.id}`);
        const want = {
          id: panel.id,
          name: body?.rows?.[0]?.workTypeName ?? panel.id,
          rows: (body?.rows ?? []).map((r) => ({
            type: r.interactionTypeId,
            queue: String(r.queueCount),
            active: String(r.activeCount),
            wrap: String(r.wrapCount),
          })),
        };
        if (JSON.stringify(want) !== JSON.stringify(panel)) return `${JSON.stringify(panel)} != ${JSON.stringify(want)}`;
      }
      return "";
    });
    await screenshot(page, "overview-dark");
    assert.deepEqual(errors, []);
    await close();
  });

  test("the light theme renders the same floor", { timeout: 60_000 }, async () => {
    const { page, errors, close } = await open("?theme=light", "light");
    await waitForData(page);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    await page.waitForTimeout(500);
    await screenshot(page, "overview-light");
    assert.deepEqual(errors, []);
    await close();
  });

  test("a duration ticks between polls", { timeout: 60_000 }, async () => {
    // A thinly staffed floor, so calls wait in queue.
    const busy = await startSimulator(["--agents-per-team", "3"]);
    const { page, errors, close } = await open("", "dark", busy.base);
    await waitForData(page);
    await waitUntil(page, 
      () => [...document.querySelectorAll("[data-testid=longest-wait] .metric__value")].some((e) => e.textContent !== "—"),
      null,
      { timeout: 30_000 },
    );
    const read = () => page.$$eval("[data-testid=longest-wait] .metric__value", (els) => els.map((e) => e.textContent));
    const clock = () => page.textContent("[data-testid=clock]");
    const [waits0, clock0] = [await read(), await clock()];
    await page.waitForTimeout(2_200);
    const [waits1, clock1] = [await read(), await clock()];
    assert.notEqual(clock1, clock0, "the status bar clock ticks");
    const ticked = waits0.some((w, i) => w !== "—" && waits1[i] !== w);
    assert.ok(ticked, `some longest wait changed: ${waits0} -> ${waits1}`);
    await screenshot(page, "overview-queues");
    assert.deepEqual(errors, []);
    await close();
    busy.stop();
  });

  test("a 429 with Retry-After shows stale with its time, then recovers", { timeout: 90_000 }, async () => {
    const { page, errors, close } = await open();
    await waitForData(page);
    const card = `[data-testid=team-card][data-team-id="${config.teams[0]}"]`;
    const signedOn = await page.textContent(`${card} [data-testid=signed-on]`);
    await faults("POST", { kind: "429", endpoint: "teamActivity", rate: 1, retryAfter: "3" });
    try {
      await page.waitForSelector(`${card} [data-freshness=stale]`, { timeout: 30_000 });
      const label = await page.textContent(`${card} [data-testid=freshness]`);
      assert.match(label, /stale since \d\d:\d\d:\d\d \(throttled by the server \(429\)/);
      assert.notEqual(await page.textContent(`${card} [data-testid=signed-on]`), "", "the last data stays on screen");
      assert.ok(signedOn !== "");
      await screenshot(page, "overview-stale-429");
    } finally {
      await faults("DELETE");
    }
    await page.waitForSelector(`${card} [data-freshness=live]`, { timeout: 60_000 });
    assert.deepEqual(errors, []);
    await close();
  });

  test("a truncated body keeps the last data and says why", { timeout: 90_000 }, async () => {
    const { page, errors, close } = await open();
    const panel = `[data-testid=queue-panel][data-work-type-id="${config.workTypes[0]}"]`;
    await page.waitForSelector(`${panel} [data-testid=channel-row]`, { timeout: 20_000 });
    await faults("POST", { kind: "truncated", endpoint: "channelActivity", rate: 1 });
    try {
      await page.waitForSelector(`${panel} [data-freshness=stale]`, { timeout: 30_000 });
      assert.match(await page.textContent(`${panel} [data-testid=freshness]`), /stale since \d\d:\d\d:\d\d \(unusable data/);
      assert.ok((await page.$$(`${panel} [data-testid=channel-row]`)).length > 0, "the rows stay on screen");
    } finally {
      await faults("DELETE");
    }
    await page.waitForSelector(`${panel} [data-freshness=live]`, { timeout: 60_000 });
    assert.deepEqual(errors, []);
    await close();
  });

  test("the watchdog explains a dead app and reloads it", { timeout: 90_000 }, async () => {
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    // The first load gets no wasm, so the app never mounts.
    let blocked = 0;
    await page.route("**/*.wasm", (route) => (blocked++ === 0 ? route.abort() : route.continue()));
    await page.goto(`${shared.sim.base}/#/overview`);
    const notice = await page.waitForSelector("[data-testid=watchdog]", { timeout: 30_000 });
    assert.match(await notice.textContent(), /Floorview stopped: the app did not start\. Reloading in \d+ s/);
    // The reload brings the app back with data.
    await waitForData(page);
    assert.ok(blocked >= 2, "the page was reloaded");
    await context.close();
  });

  test("a viewer key in the link leaves the address bar and rides only on proxy requests", { timeout: 60_000 }, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Headers of a request still in flight when the context closes can no longer be
    // read: such a request is left out rather than failing the run.
    page.on("request", (r) =>
      requests.push(
        r
          .allHeaders()
          .then((h) => ({ url: new URL(r.url()), auth: h.authorization }))
          .catch(() => null),
      ),
    );
    await page.goto(`${shared.sim.base}/#/overview?key=wallboard-7`);
    await waitForData(page);
    assert.equal(new URL(page.url()).hash, "#/overview", "the key is gone from the address bar");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("floorview.viewerKey")), "wallboard-7");
    const seen = (await Promise.all(requests)).filter(Boolean);
    const api = seen.filter((r) => r.url.pathname.includes("/reporting/"));
    assert.ok(api.length > 0, "the page polled the proxy");
    assert.deepEqual([...new Set(api.map((r) => r.auth))], ["Bearer wallboard-7"]);
    const others = seen.filter((r) => !r.url.pathname.includes("/reporting/"));
    assert.deepEqual(others.filter((r) => r.auth !== undefined).map((r) => r.url.pathname), [], "no other request carries it");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a bad setting is named on screen and the rest still works", { timeout: 60_000 }, async () => {
    const { page, errors, close } = await open("?refresh=fast&theme=dark");
    const issues = await page.waitForSelector("[data-testid=config-issues]", { timeout: 20_000 });
    const text = await issues.textContent();
    assert.match(text, /"refresh"/);
    assert.match(text, /fast/);
    await waitForData(page);
    await screenshot(page, "config-error");
    assert.deepEqual(errors, []);
    await close();
  });
});
