// axe-core in the page, for the a11y spec and `cargo xtask bench a11y`. The source is
// evaluated through the DevTools protocol, which the page's CSP does not govern (an
// injected <script> would be refused, as it should be).
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Every view of the dashboard, by hash route. */
export const VIEWS = ["overview", "agents", "queues", "outbound", "presence", "board", "settings"];
/** Every theme the settings offer, by its `theme` value. */
export const THEMES = ["light", "dark", "high-contrast"];

/** Runs axe over the page; resolves to its violations (WCAG 2.2 A/AA and best practice). */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
      count: v.nodes.length,
    }));
  });
}

/** The violations as lines a person can act on. */
export const describe = (violations) => violations.map((v) => `${v.id} (${v.impact}, ${v.count}): ${v.help} at ${v.targets.join(" | ")}`).join("\n");

/** Opens `view` with URL `query` and waits until the first team card has data (or the settings form is up). */
export async function openView(page, base, view, query = "") {
  await page.goto(`${base}/${query}#/${view}`);
  await page.waitForSelector(`[data-testid=view-${view}]`, { timeout: 30_000 });
  if (view === "overview") {
    await page.waitForSelector("[data-testid=team-card] [data-testid=signed-on]:not(:empty)", { timeout: 30_000 });
  }
  if (view === "settings") {
    // The catalogue turns the id fields into pickers once it arrives.
    await page.waitForSelector("[data-testid=picker-teams], #f-teams", { timeout: 30_000 });
  }
  // Let freshness badges and the first poll settle.
  await page.waitForTimeout(400);
}
