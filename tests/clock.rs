//! The shared clock's per-tick checks: called on every tick while their owner
//! lives, and never after it is cleaned up (a kiosk drops views all day).
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::rc::Rc;

use floorview::web::clock::{Clock, Tick};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn tick(mono_ms: f64) -> Tick {
    Tick {
        mono_ms,
        wall_ms: 1_795_938_522_000.0 + mono_ms,
    }
}

#[wasm_bindgen_test]
fn a_tick_check_runs_until_its_owner_is_cleaned_up() {
    let clock = Clock::new(tick(0.0));
    let seen = Rc::new(Cell::new(Vec::new()));
    let view = Owner::new();
    let heard = Rc::clone(&seen);
    view.with(|| {
        clock.each_tick(move |t| {
            let mut all = heard.take();
            all.push(t.mono_ms);
            heard.set(all);
        });
    });
    clock.advance(tick(1_000.0));
    clock.advance(tick(2_000.0));
    assert_eq!(seen.take(), vec![1_000.0, 2_000.0], "each tick, with its time");
    view.cleanup();
    clock.advance(tick(3_000.0));
    assert_eq!(seen.take(), Vec::<f64>::new(), "nothing once the view is gone");
}
