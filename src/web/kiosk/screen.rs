//! Care of the screen itself: the slow pixel shift against burn-in and the cursor
//! hidden while the mouse is still.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::kiosk::burn_in::{offset, step_at};
use crate::web::browser;
use crate::web::clock::Clock;
use crate::web::hooks::use_window_event;

/// Moves the whole layout one pixel every `step_s` seconds (0: never), through CSS
/// custom properties that `kiosk.css` turns into a transform (CSSOM, so a strict CSP
/// allows it).
pub fn start_pixel_shift(step_s: u32, clock: Clock) {
    if step_s == 0 {
        return;
    }
    let shown = Cell::new(None);
    let shift = move |wall_ms: f64| {
        let step = step_at(wall_ms, step_s);
        if shown.replace(Some(step)) != Some(step) {
            let (x, y) = offset(step);
            set_root_property("--kiosk-shift-x", &format!("{x}px"));
            set_root_property("--kiosk-shift-y", &format!("{y}px"));
        }
    };
    shift(clock.0.get_untracked().wall_ms);
    clock.each_tick(move |t| shift(t.wall_ms));
}

fn set_root_property(name: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let _ = root.style().set_property(name, value);
    }
}

/// Hides the cursor after `after_s` seconds without a pointer move (0: never);
/// any move shows it again.
pub fn start_cursor_hiding(after_s: u32, clock: Clock) {
    if after_s == 0 {
        return;
    }
    let last_move = Rc::new(Cell::new(browser::now_mono_ms()));
    let hidden = Rc::new(Cell::new(false));
    let (moved, shown) = (Rc::clone(&last_move), Rc::clone(&hidden));
    use_window_event("pointermove", move |_| {
        moved.set(browser::now_mono_ms());
        if shown.replace(false) {
            browser::set_root_data("cursor", "shown");
        }
    });
    clock.each_tick(move |t| {
        let now = t.mono_ms;
        if !hidden.get() && now - last_move.get() >= f64::from(after_s) * 1000.0 {
            hidden.set(true);
            browser::set_root_data("cursor", "hidden");
        }
    });
}
