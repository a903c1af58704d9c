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
    let text = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text.trim())
        .map_err(|e| format!("the load script printed something unexpected ({e}): {text}"))?;
    json.into_iter()
        .map(|(key, value)| {
            value
                .as_f64()
                .map(|v| (key.clone(), v))
                .ok_or_else(|| format!("{key} is not a number"))
        })
        .collect()
}
