//! `bench board`: a 24-tile board over 50 teams × 200 agents and 20 work types in
//! headless Chromium: the scripting time of one clock tick, the time to apply one
//! team's poll in which 10% of its agents changed state, and the DOM size (the
//! measuring script is `e2e/bench/board.mjs`).

use super::Figures;

pub fn measure() -> Result<Figures, String> {
    super::browser_script("board.mjs", &[])
}
