//! The shared clock's per-tick checks: called on every tick while their owner
//! lives, and never after it is cleaned up (a kiosk drops views all day); a value
//! followed on the tick wakes its readers only when it changes.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::rc::Rc;

use floorview::web::clock::{Clock, Tick};
use leptos::prelude::*;
use wasm_bindgen_test::*;

mod browser;
use browser::{host, settle};

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

#[wasm_bindgen_test]
async fn a_followed_value_wakes_its_readers_only_when_it_changes() {
    // Effects run as tasks, which mounting starts.
    let _handle = leptos::mount::mount_to(host(), || ());
    let clock = Clock::new(tick(0.0));
    let minute = clock.follow(|t| (t.mono_ms / 60_000.0).floor());
    let runs = RwSignal::new(0);
    Effect::new(move |_| {
        minute.track();
        runs.update_untracked(|n| *n += 1);
    });
    settle().await;
    assert_eq!(runs.get_untracked(), 1, "the first run");
    for s in 1..=59 {
        clock.advance(tick(f64::from(s) * 1_000.0));
    }
    settle().await;
    assert_eq!(
        (minute.get_untracked(), runs.get_untracked()),
        (0.0, 1),
        "59 ticks in the same minute wake no reader"
    );
    clock.advance(tick(60_000.0));
    settle().await;
    assert_eq!(
        (minute.get_untracked(), runs.get_untracked()),
        (1.0, 2),
        "the next minute wakes it once"
    );
}
