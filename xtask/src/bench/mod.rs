//! `cargo xtask bench [GROUP…]`: the figures of `shared/BENCH.md`, printed as a
//! table and written to `target/bench/GROUP.json`.

mod a11y;
mod board;
mod bundle;
mod cluster;
mod faults;
mod hostile;
mod kiosk;
mod load;
mod proxy;
mod reporting;
mod sim;
mod soak;
mod table;

use std::collections::BTreeMap;
use std::fs;

use crate::run;

/// One group's figures: key → number, in the order measured.
pub type Figures = Vec<(String, f64)>;

/// A benchmark group: its name and how to measure it.
struct Group {
    name: &'static str,
    what: &'static str,
    measure: fn() -> Result<Figures, String>,
}

const GROUPS: &[Group] = &[
    Group {
        name: "reporting",
        what: "decode and simulate at 10,000 agents",
        measure: reporting::measure,
    },
    Group {
        name: "sim",
        what: "floorview-proxy simulate serving userActivity at 1,000 agents on loopback",
        measure: sim::measure,
    },
    Group {
        name: "bundle",
        what: "bytes of every asset the first load fetches, raw and gzip",
        measure: bundle::measure,
    },
    Group {
        name: "load",
        what: "navigation start to first team card with data, median of 10 loads",
        measure: load::measure,
    },
    Group {
        name: "table",
        what: "Agents view at 1,000 and 10,000 agents: one tick, one poll applied, DOM nodes",
        measure: table::measure,
    },
    Group {
        name: "board",
        what: "a 24-tile board over 50 teams x 200 agents and 20 work types: one tick, one poll applied, DOM nodes",
        measure: board::measure,
    },
    Group {
        name: "kiosk",
        what: "a kiosk rotating five views over 10 teams x 200 agents, 2 s polls: main-thread busy share and longest task, full speed and CPU x4, beside a bare page polling the same URLs (the floor)",
        measure: kiosk::measure,
    },
    Group {
        name: "faults",
        what: "the kiosk fault matrix: every injected fault, from stale to recovered",
        measure: faults::measure,
    },
    Group {
        name: "soak",
        what: "kiosk at 1,000 agents with faults for 10,000 poll cycles, then rotating all views for 20 min at 2,000: memory and DOM growth",
        measure: soak::measure,
    },
    Group {
        name: "a11y",
        what: "axe-core violations over every view, theme and kiosk mode; Lighthouse scores of the demo",
        measure: a11y::measure,
    },
    Group {
        name: "proxy",
        what: "floorview-proxy upstream: upstream calls per query with 1-500 clients, throughput and p99 with 100",
        measure: proxy::measure,
    },
    Group {
        name: "hostile",
        what: "floorview-proxy under the attacks of issue #17: attacks blocked, slow clients, cache memory",
        measure: hostile::measure,
    },
    Group {
        name: "cluster",
        what: "3 upstream replicas sharing one redis-server: upstream calls per query, token requests, Redis killed",
        measure: cluster::measure,
    },
];

/// Set when the bench has re-run itself as an optimised build.
const OPTIMISED_MARKER: &str = "FLOORVIEW_BENCH_OPTIMISED";

pub fn run(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) && std::env::var_os(OPTIMISED_MARKER).is_none() {
        // `cargo xtask` is a debug build; the in-process load generators must not be
        // the bottleneck they measure, so the bench runs itself optimised.
        let mut command = run::cmd("cargo", &["run", "--quiet", "--release", "-p", "xtask", "--", "bench"]);
        command.args(args).env(OPTIMISED_MARKER, "1");
        return run::status(&mut command);
    }
    if args.iter().any(|a| a == "--list") {
        for g in GROUPS {
            println!("{:<10} {}", g.name, g.what);
        }
        return Ok(());
    }
    let selected: Vec<&Group> = if args.is_empty() {
        GROUPS.iter().collect()
    } else {
        args.iter()
            .map(|name| {
                GROUPS
                    .iter()
                    .find(|g| g.name == name)
                    .ok_or_else(|| format!("no bench group named {name}"))
            })
            .collect::<Result<_, _>>()?
    };
    let out_dir = run::root().join("target/bench");
    fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    for group in selected {
        println!("\n=== bench {}: {}", group.name, group.what);
        match (group.measure)() {
            Ok(figures) => {
                print_table(&figures);
                let json: BTreeMap<&str, f64> = figures.iter().map(|(k, v)| (k.as_str(), *v)).collect();
                let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
                let path = out_dir.join(format!("{}.json", group.name));
                fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("wrote {}", path.display());
            }
            Err(e) => {
                println!("bench {} could not run: {e}", group.name);
                failures.push(group.name);
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("bench groups that could not run: {}", failures.join(", ")))
    }
}

fn print_table(figures: &Figures) {
    let width = figures.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in figures {
        println!("  {key:<width$}  {}", format_number(*value));
    }
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:.3}")
    }
}

/// The figures a measuring program printed as one flat JSON object of numbers.
/// Runs `e2e/bench/SCRIPT` (node, headless Chromium) against the release dist
/// served by the simulator, with `env` besides, and reads the JSON it prints.
pub fn browser_script(script: &str, env: &[(&str, &str)]) -> Result<Figures, String> {
    let dist = crate::setup::dist()?;
    let proxy = crate::setup::proxy()?;
    crate::setup::browser()?;
    let path = format!("e2e/bench/{script}");
    let mut command = crate::setup::cmd("node", &[path.as_str()]);
    command
        .env("FLOORVIEW_PROXY", proxy)
        .env("FLOORVIEW_DIST", dist)
        .env("CHROMIUM", crate::setup::CHROMIUM);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = crate::run::output(&mut command)?;
    figures_from_json(&String::from_utf8_lossy(&output.stdout), &format!("e2e/bench/{script}"))
}

pub fn figures_from_json(text: &str, source: &str) -> Result<Figures, String> {
    let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text.trim())
        .map_err(|e| format!("{source} printed something unexpected ({e}): {text}"))?;
    json.into_iter()
        .map(|(key, value)| {
            value
                .as_f64()
                .map(|v| (key.clone(), v))
                .ok_or_else(|| format!("{key} is not a number"))
        })
        .collect()
}

/// Median of a non-empty sample (sorted in place).
pub fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    if samples.is_empty() {
        f64::NAN
    } else if samples.len() % 2 == 1 {
        samples[mid]
    } else {
        f64::midpoint(samples[mid - 1], samples[mid])
    }
}
