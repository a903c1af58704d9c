//! `bench kiosk`: a 1080p kiosk over 10 teams × 200 agents and 20 work types, polling
//! every 2 s and rotating all five views every 5 s: the main thread's busy share
//! over a minute and its longest task, at full speed and under CPU throttling ×4 (a
//! Raspberry Pi-class screen). Beside it, in the same run, the floor: a bare page
//! fetching and parsing every URL the kiosk asks for, each at the configured period,
//! which no dashboard polling all of them could beat. The kiosk rests the sources no
//! page on screen or next shows, so it can go under it; `kiosk_requests_per_s`
//! against `kiosk_cpu_floor_requests_per_s` says by how much. The measuring script is
//! `e2e/bench/kiosk.mjs`.

use super::Figures;

pub fn measure() -> Result<Figures, String> {
    super::browser_script("kiosk.mjs", &[])
}
