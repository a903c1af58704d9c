//! `bench faults`: the kiosk fault matrix (`e2e/specs/faults.test.mjs`) against the
//! simulator's fault injection; the spec prints the table and writes
//! `e2e/artifacts/fault-matrix.json`, whose counts are the figures.

use std::fs;

use super::Figures;
use crate::setup;

pub fn measure() -> Result<Figures, String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    setup::browser()?;
    let matrix = crate::run::root().join("e2e/artifacts/fault-matrix.json");
    let _ = fs::remove_file(&matrix);
    // A failed fault fails the spec; the matrix still says how many passed.
    let status = setup::cmd(
        "node",
        &[
            "--test",
            "--test-concurrency=1",
            "--test-reporter=spec",
            "e2e/specs/faults.test.mjs",
        ],
    )
    .env("FLOORVIEW_PROXY", proxy)
    .env("FLOORVIEW_DIST", dist)
    .env("CHROMIUM", setup::CHROMIUM)
    .status()
    .map_err(|e| format!("could not start node: {e}"))?;
    let text = fs::read_to_string(&matrix)
        .map_err(|e| format!("the fault matrix spec ({status}) wrote no {}: {e}", matrix.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", matrix.display()))?;
    let number = |key: &str| {
        json.get(key)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("{} has no number {key}", matrix.display()))
    };
    Ok(vec![
        ("fault_matrix_passed".to_owned(), number("passed")?),
        ("fault_matrix_total".to_owned(), number("total")?),
    ])
}
