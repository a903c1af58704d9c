//! Kiosk mode in the browser: the page rotation, the screen's upkeep (wake lock,
//! pixel shift, cursor, daily reload, new deployments, offline shell) and what the
//! screen shows about itself (page indicator, data time, OFFLINE / STALE banner).
//! The decisions are pure (`crate::kiosk`); this is the glue.

mod banner;
mod rotation;
mod screen;
mod service_worker;
mod status;
mod upkeep;
mod wake_lock;

use leptos::prelude::*;

use super::clock::use_clock;
use crate::config::Config;

pub use banner::KioskBanner;
pub use status::KioskStatus;

/// Starts every kiosk behaviour the configuration asks for; each stops on cleanup.
/// Call inside the shell, after the clock is provided.
pub fn start(config: &Config) {
    let clock = use_clock();
    provide_context(rotation::start(config, clock));
    wake_lock::start();
    screen::start_pixel_shift(config.pixel_shift_s, clock);
    screen::start_cursor_hiding(config.hide_cursor_s, clock);
    upkeep::start_daily_reload(config.daily_reload, clock);
    upkeep::start_update_check(config.update_check_s);
    service_worker::register();
}
