//! `bench a11y`: axe-core violations over every view in every theme and in kiosk
//! mode, and Lighthouse's accessibility, best-practices and performance scores of the
//! demo, from the release build under its strict CSP (the measuring script is
//! `e2e/bench/a11y.mjs`; npm `axe-core` and `lighthouse` with Debian's Chromium).

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let output = crate::run::output(
        setup::cmd("node", &["e2e/bench/a11y.mjs"])
            .env("FLOORVIEW_PROXY", proxy)
            .env("FLOORVIEW_DIST", dist)
            .env("CHROMIUM", setup::CHROMIUM)
            .env("RUNS", "5"),
    )?;
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    super::figures_from_json(&String::from_utf8_lossy(&output.stdout), "the a11y script")
}
