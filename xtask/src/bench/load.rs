//! `bench load`: navigation start → first team card with data on screen, median of 10
//! cold loads of the release build in headless Chromium against the local simulator,
//! beside the same loads of a no-framework floor page (one fetch, one card) served
//! the same way: `first_data_floor_ms_median` and `first_data_ratio` (the measuring
//! script is `e2e/bench/load.mjs`).

use super::Figures;

pub fn measure() -> Result<Figures, String> {
    super::browser_script("load.mjs", &[("LOADS", "10")])
}
