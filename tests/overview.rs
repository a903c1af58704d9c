//! The Overview's components mounted in headless Chromium with fixture data: they
//! render the numbers, keep data through failures, and tick with the shared clock.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use floorview::clock::FetchInstant;
use floorview::freshness::SourceStatus;
use floorview::web::clock::{Clock, Tick};
use floorview::web::overview::{QueuePanel, TeamCard};
use floorview::web::store::{Slot, Snapshot};
use floorview_reporting::decode;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod browser;
use browser::{host, settle};

wasm_bindgen_test_configure!(run_in_browser);

const TEAM: &str = r#"{"kind":"via#queryDataList","totalItems":1,"rows":[{"teamId":"sales_team","teamName":"Sales Team",
"notReadyCount":2,"parkCount":0,"parkWarningCount":0,"idleCount":3,"pendingActiveCount":1,"activeCount":5,
"wrapCount":1,"wrapWarningCount":0,"multiLineCount":1,"holdCount":1,"previewCount":0}]}"#;

const CHANNEL: &str = r#"{"kind":"via#queryDataList","totalItems":1,"rows":[{"interactionTypeId":"inboundacd",
"channelTypeId":"voice","workTypeId":"sales_voice","interactionTypeName":"Inbound Acd","channelTypeName":"Voice",
"workTypeName":"Sales Voice","dialCount":0,"activeCount":4,"queueCount":7,"selfServiceCount":1,"previewCount":0,
"holdCount":1,"inactiveCount":0,"wrapCount":2,"ringCount":1,"selfServiceDur":30,"queueDur":400,"activeDur":900,
"previewDur":0,"maxQueueDur":65}]}"#;

fn at(mono_ms: f64) -> FetchInstant {
    FetchInstant::by_pc_clock(mono_ms, 1_795_938_522_000.0)
}

fn text(root: &HtmlElement, testid: &str) -> String {
    root.query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn team_card_shows_every_counter_and_keeps_data_through_a_failure() {
    let slot: Slot<floorview_reporting::TeamActivity> = Slot::new("sales_team", 5.0, 10.0);
    let root = host();
    let clock = Clock::new(Tick {
        mono_ms: 0.0,
        wall_ms: 1_795_938_522_000.0,
    });
    let mounted = slot.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(clock);
        view! { <TeamCard source=mounted /> }
    });
    assert!(
        text(&root, "panel-empty").contains("waiting"),
        "before data: {}",
        root.inner_html()
    );

    let d = decode::team_activity(TEAM).expect("fixture decodes");
    slot.accept(Snapshot {
        value: d.value,
        at: at(0.0),
        warnings: vec![],
    });
    settle().await;
    assert_eq!(text(&root, "team-name"), "Sales Team");
    assert_eq!(text(&root, "signed-on"), "14");
    assert!(text(&root, "counter-idle").ends_with('3'));
    assert!(text(&root, "counter-not-ready").ends_with('2'));
    assert_eq!(root.inner_html().matches("class=\"counter__label\"").count(), 11);
    assert!(text(&root, "state-bar").contains("Active 5"));

    slot.reject("throttled by the server (429)".into(), false);
    settle().await;
    assert_eq!(text(&root, "signed-on"), "14", "data stays on screen after a failure");
    assert!(
        text(&root, "freshness").contains("stale since"),
        "{}",
        text(&root, "freshness")
    );
}

#[wasm_bindgen_test]
async fn queue_panel_ticks_the_longest_wait_with_the_shared_clock() {
    let slot: Slot<floorview_reporting::ChannelActivity> = Slot::new("sales_voice", 5.0, 10.0);
    let root = host();
    let clock = Clock::new(Tick {
        mono_ms: 1_000.0,
        wall_ms: 1_795_938_522_000.0,
    });
    let mounted = slot.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(clock);
        view! { <QueuePanel source=mounted /> }
    });
    let d = decode::channel_activity(CHANNEL).expect("fixture decodes");
    slot.accept(Snapshot {
        value: d.value,
        at: at(1_000.0),
        warnings: vec![],
    });
    settle().await;
    assert_eq!(text(&root, "work-type-name"), "Sales Voice");
    assert!(text(&root, "queue-count").contains('7'));
    assert!(
        text(&root, "longest-wait").contains("1:05"),
        "{}",
        text(&root, "longest-wait")
    );
    assert!(text(&root, "durations").contains("6:40"));

    clock.0.set(Tick {
        mono_ms: 4_000.0,
        wall_ms: 1_795_938_525_000.0,
    });
    settle().await;
    assert!(
        text(&root, "longest-wait").contains("1:08"),
        "{}",
        text(&root, "longest-wait")
    );
    // 7 waiting is above the demo's warn threshold (5): said in words, not colour alone.
    assert!(
        text(&root, "queue-count").contains("high"),
        "{}",
        text(&root, "queue-count")
    );
}

#[wasm_bindgen_test]
async fn a_first_error_is_shown_in_words() {
    let slot: Slot<floorview_reporting::TeamActivity> = Slot::new("nobody", 5.0, 10.0);
    let root = host();
    let mounted = slot.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || view! { <TeamCard source=mounted /> });
    slot.status.set(SourceStatus {
        error: Some("team \"nobody\" was not found (404); check its id in the configuration".into()),
        config_error: true,
        ..Default::default()
    });
    settle().await;
    assert!(
        text(&root, "panel-empty").contains("was not found (404)"),
        "{}",
        root.inner_html()
    );
}
