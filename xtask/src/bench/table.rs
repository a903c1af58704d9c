//! `bench table`: the Agents view at 1,000 and 10,000 agents in headless Chromium:
//! the scripting time of one clock tick, the time to apply one team's poll in which
//! 10% of its agents changed state, and the DOM size (the measuring script is
//! `e2e/bench/table.mjs`).

use super::Figures;

pub fn measure() -> Result<Figures, String> {
    super::browser_script("table.mjs", &[])
}
