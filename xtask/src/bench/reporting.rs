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
    super::figures_from_json(&String::from_utf8_lossy(&output.stdout), "the bench example")
}
