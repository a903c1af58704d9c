//! The breach alerts mounted in headless Chromium: a queue's longest wait that
//! crosses its limit between two polls is counted (tab title, live region) on the
//! tick it crosses, with no new data.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use floorview::clock::FetchInstant;
use floorview::config::Config;
use floorview::web::alerts::BreachAlerts;
use floorview::web::clock::{Clock, Tick};
use floorview::web::store::{Snapshot, Store};
use floorview_reporting::decode;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod browser;
use browser::{host, settle};

wasm_bindgen_test_configure!(run_in_browser);

/// One work type: 2 waiting (under the queue limits), the longest for 57 s.
const CHANNEL: &str = r#"{"kind":"via#queryDataList","totalItems":1,"rows":[{"interactionTypeId":"inboundacd",
"workTypeId":"sales_voice","workTypeName":"Sales Voice","interactionTypeName":"Inbound Acd","queueCount":2,
"activeCount":4,"maxQueueDur":57}]}"#;

const WALL_MS: f64 = 1_795_938_522_000.0;

fn tick(mono_ms: f64) -> Tick {
    Tick {
        mono_ms,
        wall_ms: WALL_MS + mono_ms,
    }
}

fn breaches(root: &HtmlElement) -> String {
    root.query_selector("[data-testid='announcer']")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-breaches"))
        .unwrap_or_default()
}

fn title() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.title())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_wait_crossing_its_limit_between_polls_is_counted_on_the_tick_it_crosses() {
    let config = Config {
        work_types: vec!["sales_voice".to_owned()],
        ..Config::default()
    };
    // Longest wait: amber from 60 s.
    assert_eq!(config.thresholds.longest_wait_warn_s, 60.0);
    let store = Store::new(&config);
    let clock = Clock::new(tick(0.0));
    let root = host();
    let (provided, shown) = (store.clone(), config.clone());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(provided);
        provide_context(shown);
        provide_context(clock);
        view! { <BreachAlerts /> }
    });
    let d = decode::channel_activity(CHANNEL).expect("fixture decodes");
    store.work_types[0].accept(Snapshot {
        value: d.value,
        at: FetchInstant::by_pc_clock(0.0, WALL_MS),
        warnings: vec![],
    });
    settle().await;
    assert_eq!(breaches(&root), "0", "57 s is under the limit");

    // Two seconds later the wait is 59 s: still under.
    clock.advance(tick(2_000.0));
    settle().await;
    assert_eq!(breaches(&root), "0", "59 s is under the limit");

    // The next tick it is 60 s: amber, with no poll in between.
    clock.advance(tick(3_000.0));
    settle().await;
    assert_eq!(breaches(&root), "1", "60 s reaches the limit on its tick");
    assert!(title().starts_with("(1)"), "the tab title counts it: {}", title());

    // New data with a short wait clears it at once.
    let short = CHANNEL.replace("\"maxQueueDur\":57", "\"maxQueueDur\":5");
    let d = decode::channel_activity(&short).expect("fixture decodes");
    store.work_types[0].accept(Snapshot {
        value: d.value,
        at: FetchInstant::by_pc_clock(4_000.0, WALL_MS + 4_000.0),
        warnings: vec![],
    });
    clock.advance(tick(4_000.0));
    settle().await;
    assert_eq!(breaches(&root), "0", "a 5 s wait is under the limit");
}
