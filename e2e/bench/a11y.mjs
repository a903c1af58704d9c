// `cargo xtask bench a11y`: axe-core over every view in every theme and in kiosk mode
// (violations summed over pages), and Lighthouse's accessibility, best-practices and
// performance scores of the demo (desktop preset, median of RUNS), all against the
// local simulator serving the release build with its strict CSP. Prints JSON.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktop from "lighthouse/core/config/desktop-config.js";
import { axeViolations, describe, openView, THEMES, VIEWS } from "../axe.mjs";
import { CHROMIUM, launchBrowser, startSimulator } from "../support.mjs";

const RUNS = Number(process.env.RUNS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const sim = await startSimulator();
const figures = {};
try {
  // axe: every view × every theme, and every view in kiosk mode.
  const browser = await launchBrowser();
  let violations = 0;
  let pages = 0;
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const cases = [
      ...THEMES.flatMap((theme) => VIEWS.map((view) => [view, `?theme=${theme}`])),
      ...VIEWS.filter((v) => v !== "settings").map((view) => [view, "?kiosk"]),
    ];
    for (const [view, query] of cases) {
      await openView(page, sim.base, view, query);
      const found = await axeViolations(page);
      if (found.length > 0) console.error(`${view}${query}:\n${describe(found)}`);
      violations += found.length;
      pages += 1;
    }
  } finally {
    await browser.close();
  }
  figures.axe_violations = violations;
  figures.axe_pages = pages;

  // Lighthouse, driving Debian's Chromium headless.
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
  });
  const scores = { accessibility: [], "best-practices": [], performance: [] };
  const lcp = [];
  let failed = 0;
  try {
    // A run that Lighthouse itself could not finish (a runtime error, an audit that
    // errored: a null score) says nothing about the app; it is counted and repeated.
    while (lcp.length < RUNS && failed < RUNS) {
      const result = await lighthouse(`${sim.base}/#/overview`, { port: chrome.port, output: "json", logLevel: "error" }, desktop);
      const unscored = Object.keys(scores).filter((key) => typeof result.lhr.categories[key].score !== "number");
      if (result.lhr.runtimeError || unscored.length > 0) {
        failed += 1;
        console.error(`lighthouse run failed (${result.lhr.runtimeError?.message ?? `no score for ${unscored}`}); repeating`);
        continue;
      }
      for (const key of Object.keys(scores)) scores[key].push(Math.round(result.lhr.categories[key].score * 100));
      lcp.push(result.lhr.audits["largest-contentful-paint"].numericValue);
      for (const [key, category] of Object.entries(result.lhr.categories)) {
        if (category.score < 1 && key !== "performance") {
          const below = category.auditRefs
            .map((r) => result.lhr.audits[r.id])
            .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual");
          console.error(`${key} ${category.score}: ${below.map((a) => a.id).join(", ")}`);
        }
      }
    }
  } finally {
    await chrome.kill();
  }
  figures.lighthouse_accessibility = median(scores.accessibility);
  figures.lighthouse_best_practices = median(scores["best-practices"]);
  figures.lighthouse_performance = median(scores.performance);
  figures.lighthouse_performance_min = Math.min(...scores.performance);
  figures.lighthouse_lcp_ms_median = Math.round(median(lcp));
  figures.lighthouse_runs = lcp.length;
  figures.lighthouse_failed_runs = failed;
} finally {
  sim.stop();
}
console.log(JSON.stringify(figures));
