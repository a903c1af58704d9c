//! Keeping a screen that runs for weeks current: the optional daily reload at a
//! quiet time, and picking up a new deployment without anyone touching the screen.

use std::time::Duration;

use leptos::task::spawn_local;

use crate::kiosk::deployment;
use crate::kiosk::quiet_time::QuietTime;
use crate::web::browser;
use crate::web::clock::Clock;
use crate::web::hooks::use_interval;
use crate::web::http::{self, Get};

/// Reloads the page once the wall clock passes the next `quiet` time.
pub fn start_daily_reload(quiet: Option<QuietTime>, clock: Clock) {
    let Some(quiet) = quiet else { return };
    let due = quiet.next_after(browser::now_wall_ms(), browser::local_offset_minutes());
    // Checked on the clock's tick rather than one long timer, which a sleeping
    // machine or a throttled tab would stretch.
    clock.each_tick(move |t| {
        if t.wall_ms >= due {
            reload();
        }
    });
}

/// Every `every_s` seconds (0: never) asks for `index.html`; when it names another
/// build than the one running, reloads into it.
pub fn start_update_check(every_s: u32) {
    if every_s == 0 {
        return;
    }
    let running = running_build();
    use_interval(Duration::from_secs(u64::from(every_s)), move || {
        let running = running.clone();
        spawn_local(async move {
            if let Some(html) = fetch_index().await {
                if deployment::is_new(running.as_deref(), &html) {
                    reload();
                }
            }
        });
    });
}

/// The build this page runs: the wasm named in its own `<head>`.
fn running_build() -> Option<String> {
    let head = web_sys::window()?.document()?.head()?.inner_html();
    deployment::build_id(&head).map(str::to_owned)
}

/// `index.html` as the server has it now; `None` on any failure (retried next time).
async fn fetch_index() -> Option<String> {
    let get = Get {
        url: "./",
        timeout_ms: http::FILE_TIMEOUT_MS,
        to_proxy: false,
        no_store: true,
    };
    match http::text(&get).await {
        Ok((200..=299, html)) => Some(html),
        _ => None,
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
