//! `bench board`: a 24-tile board over 50 teams × 200 agents and 20 work types in
//! headless Chromium: the scripting time of one clock tick, the time to apply one
//! team's poll in which 10% of its agents changed state, and the DOM size (the
//! measuring script is `e2e/bench/board.mjs`).

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let output = crate::run::output(
        setup::cmd("node", &["e2e/bench/board.mjs"])
            .env("FLOORVIEW_PROXY", proxy)
            .env("FLOORVIEW_DIST", dist)
            .env("CHROMIUM", setup::CHROMIUM),
    )?;
    super::figures_from_json(&String::from_utf8_lossy(&output.stdout), "the board script")
}
