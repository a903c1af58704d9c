//! A kiosk comes back to the Agents view every rotation. The table builds the rows its
//! screen holds, and it knows how many only by measuring; coming back, it must build
//! that many at once, not build for a guess, measure and build again (on a Pi-class
//! screen each extra build is a 50–70 ms stall of the rotation).
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use floorview::clock::FetchInstant;
use floorview::config::Config;
use floorview::web::agents::Agents;
use floorview::web::clock::{Clock, Tick};
use floorview::web::store::{Snapshot, Store};
use floorview_reporting::sim::{SimConfig, Simulator};
use floorview_reporting::{decode, Endpoint, Query};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod browser;
use browser::{host, settle};

wasm_bindgen_test_configure!(run_in_browser);

/// The kiosk's table area, far smaller than the size the table guesses before it
/// has measured anything, so a build for the guess shows.
const SCREEN_CSS: &str = ".agent-table__scroller { height: 240px; overflow: hidden; }";

fn rows(root: &HtmlElement) -> usize {
    root.inner_html().matches(r#"data-testid="agent-row""#).count()
}

/// Lets the effects a mount set off run (Leptos runs them as microtasks) without
/// letting a frame pass, so the table cannot have measured anything yet.
async fn microtasks() {
    for _ in 0..20 {
        let _ = JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await;
    }
}

#[wasm_bindgen_test]
async fn a_kiosk_returning_to_the_agents_builds_the_rows_its_screen_holds_at_once() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let style = document.create_element("style").expect("a style element");
    style.set_text_content(Some(SCREEN_CSS));
    document.head().expect("a head").append_child(&style).expect("appended");

    let sim = Simulator::new(
        SimConfig {
            teams: 2,
            agents_per_team: 40,
            ..SimConfig::default()
        },
        Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
            .single()
            .expect("a valid time"),
    )
    .expect("a valid simulator");
    let config = Config {
        org_id: "demo".to_owned(),
        teams: sim.catalog().teams.into_iter().map(|t| t.team_id).collect(),
        kiosk: true,
        ..Config::default()
    };
    let store = Store::new(&config);
    for slot in store.users.iter() {
        let query = Query::new(Endpoint::UserActivity, "demo", [("teamId", &*slot.id)]).expect("a valid query");
        let body = sim.body(&query).expect("the simulator knows the team");
        let decoded = decode::user_activity(std::str::from_utf8(&body).expect("UTF-8")).expect("it decodes");
        slot.accept(Snapshot {
            value: decoded.value,
            at: FetchInstant::by_pc_clock(0.0, 1_795_938_522_000.0),
            warnings: Vec::new(),
        });
    }
    let clock = Clock::new(Tick {
        mono_ms: 0.0,
        wall_ms: 1_795_938_522_000.0,
    });
    let shown = RwSignal::new(true);
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(config.clone());
        provide_context(store.clone());
        provide_context(clock);
        move || shown.get().then(|| view! { <Agents /> })
    });

    // The first visit measures its screen.
    settle().await;
    settle().await;
    let fits = rows(&root);
    assert!(
        (2..20).contains(&fits),
        "a 240 px table holds a few rows, not every agent: {fits}"
    );

    shown.set(false);
    settle().await;
    assert_eq!(rows(&root), 0, "the view left");

    shown.set(true);
    microtasks().await;
    assert_eq!(rows(&root), fits, "built for the screen it measured last time");
    settle().await;
    settle().await;
    assert_eq!(rows(&root), fits, "and measuring again changes nothing");
}
