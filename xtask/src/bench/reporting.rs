//! `bench reporting`: decoding a 10,000-agent `userActivity` body and one simulator
//! step with all five endpoints serialised, measured by the reporting crate's
//! `bench` example built in release mode.

use super::Figures;
use crate::run;

pub fn measure() -> Result<Figures, String> {
    let output = run::output(&mut run::cmd(
        "cargo",
        &[
            "run",
            "--quiet",
            "--release",
            "-p",
            "floorview-reporting",
            "--example",
            "bench",
        ],
    ))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text.trim())
        .map_err(|e| format!("the bench example printed something unexpected ({e}): {text}"))?;
    json.into_iter()
        .map(|(key, value)| {
            value
                .as_f64()
                .map(|v| (key.clone(), v))
                .ok_or_else(|| format!("{key} is not a number"))
        })
        .collect()
}
