//! `bench soak`: two long runs of a kiosk screen against the simulator, measuring what
//! a wallboard that runs for weeks keeps. The fault soak (`e2e/bench/soak.mjs`): 1,000
//! agents with random faults for at least 10,000 poll cycles. The rotation soak
//! (`e2e/bench/soak_rotation.mjs`): all five views in turn every 5 s for 20 minutes at
//! 2,000 agents. Both read the wasm memory from the running instance and print their
//! curves.

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let mut figures = Vec::new();
    for (script, what) in [
        ("e2e/bench/soak.mjs", "the fault soak"),
        ("e2e/bench/soak_rotation.mjs", "the rotation soak"),
    ] {
        let mut command = setup::cmd("node", &[script]);
        command
            .env("FLOORVIEW_PROXY", &proxy)
            .env("FLOORVIEW_DIST", &dist)
            .env("CHROMIUM", setup::CHROMIUM)
            .stderr(std::process::Stdio::inherit());
        let output = crate::run::output(&mut command)?;
        figures.extend(super::figures_from_json(
            &String::from_utf8_lossy(&output.stdout),
            what,
        )?);
    }
    Ok(figures)
}
