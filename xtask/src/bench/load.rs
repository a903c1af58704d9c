//! `bench load`: navigation start → first team card with data on screen, median of 10
//! cold loads of the release build in headless Chromium against the local simulator
//! (the measuring script is `e2e/bench/load.mjs`).

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let output = crate::run::output(
        setup::cmd("node", &["e2e/bench/load.mjs"])
            .env("FLOORVIEW_PROXY", proxy)
            .env("FLOORVIEW_DIST", dist)
            .env("CHROMIUM", setup::CHROMIUM)
            .env("LOADS", "10"),
    )?;
    super::figures_from_json(&String::from_utf8_lossy(&output.stdout), "the load script")
}
