//! `bench soak`: a kiosk screen against the simulator at 1,000 agents with random
//! faults for at least 10,000 poll cycles; JS heap + wasm memory and DOM nodes after
//! warm-up (the measuring script is `e2e/bench/soak.mjs`, which prints the curve).

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let mut command = setup::cmd("node", &["e2e/bench/soak.mjs"]);
    command
        .env("FLOORVIEW_PROXY", proxy)
        .env("FLOORVIEW_DIST", dist)
        .env("CHROMIUM", setup::CHROMIUM)
        .stderr(std::process::Stdio::inherit());
    let output = crate::run::output(&mut command)?;
    super::figures_from_json(&String::from_utf8_lossy(&output.stdout), "the soak script")
}
