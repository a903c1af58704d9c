//! A board's top list mounted in headless Chromium: its lines' times run on with
//! the clock between polls, and a poll redraws the lines with the new times.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use floorview::board::model::{Scope, TopOf};
use floorview::board::{Board, Tile, TileKind};
use floorview::clock::FetchInstant;
use floorview::config::Config;
use floorview::web::board::BoardPage;
use floorview::web::clock::{Clock, Tick};
use floorview::web::store::{Snapshot, Store};
use floorview_reporting::decode;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod browser;
use browser::{host, settle};

wasm_bindgen_test_configure!(run_in_browser);

const WALL_MS: f64 = 1_795_938_522_000.0;

fn tick(mono_ms: f64) -> Tick {
    Tick {
        mono_ms,
        wall_ms: WALL_MS + mono_ms,
    }
}

/// Two agents of team t1 in their states for `ana` and `bo` seconds.
fn agents(ana: u32, bo: u32) -> String {
    format!(
        r#"{{"rows":[
        {{"userId":"u1","preferredName":"Ana","stateId":"notReady","stateDur":{ana}}},
        {{"userId":"u2","preferredName":"Bo","stateId":"idle","stateDur":{bo}}}]}}"#
    )
}

/// Each line of the top list: name and time.
fn lines(root: &HtmlElement) -> Vec<(String, String)> {
    let text = |line: &web_sys::Element, sel: &str| {
        line.query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    let list = root.query_selector("[data-testid=tile-top]").ok().flatten();
    let mut next = list.and_then(|l| l.first_element_child());
    let mut found = Vec::new();
    while let Some(line) = next {
        if line.class_name() == "tile__top-line" {
            found.push((text(&line, ".tile__top-name"), text(&line, ".tile__top-time")));
        }
        next = line.next_element_sibling();
    }
    found
}

fn line(name: &str, time: &str) -> (String, String) {
    (name.to_owned(), time.to_owned())
}

#[wasm_bindgen_test]
async fn a_top_lists_times_run_between_polls_and_a_poll_redraws_them() {
    let board = Board {
        id: "top".to_owned(),
        title: "Top".to_owned(),
        columns: 1,
        rows: None,
        tiles: vec![Tile {
            title: "Longest in state".to_owned(),
            kind: TileKind::TopList {
                of: TopOf::TimeInState,
                scope: Scope::default(),
                state: None,
                count: 5,
            },
            col: None,
            row: None,
            col_span: 1,
            row_span: 1,
        }],
    };
    let config = Config {
        teams: vec!["t1".to_owned()],
        boards: vec![board],
        ..Config::default()
    };
    let store = Store::new(&config);
    let clock = Clock::new(tick(0.0));
    web_sys::window()
        .expect("a window")
        .location()
        .set_hash("#/board/top")
        .expect("a hash");
    let root = host();
    let (provided, shown) = (store.clone(), config.clone());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(provided);
        provide_context(shown);
        provide_context(clock);
        view! { <BoardPage /> }
    });
    let accept = |body: &str, mono_ms: f64| {
        let d = decode::user_activity(body).expect("fixture decodes");
        store.users[0].accept(Snapshot {
            value: d.value,
            at: FetchInstant::by_pc_clock(mono_ms, WALL_MS + mono_ms),
            warnings: vec![],
        });
    };
    accept(&agents(30, 10), 0.0);
    settle().await;
    assert_eq!(lines(&root), vec![line("Ana", "0:30"), line("Bo", "0:10")]);

    // Two ticks with no poll: both times run on.
    clock.advance(tick(1_000.0));
    settle().await;
    assert_eq!(lines(&root), vec![line("Ana", "0:31"), line("Bo", "0:11")]);
    clock.advance(tick(2_000.0));
    settle().await;
    assert_eq!(lines(&root), vec![line("Ana", "0:32"), line("Bo", "0:12")]);

    // A poll, between ticks, with the first poll's times: the lines show them
    // again, though the view built exactly these texts before and the ticks wrote
    // others since.
    accept(&agents(30, 10), 2_000.0);
    settle().await;
    assert_eq!(lines(&root), vec![line("Ana", "0:30"), line("Bo", "0:10")]);

    // A poll: Bo has been idle longer than Ana's new state, so Bo leads, and the
    // redrawn lines run on from the new times.
    accept(&agents(1, 50), 4_000.0);
    clock.advance(tick(4_000.0));
    settle().await;
    assert_eq!(lines(&root), vec![line("Bo", "0:50"), line("Ana", "0:01")]);
    clock.advance(tick(5_000.0));
    settle().await;
    assert_eq!(lines(&root), vec![line("Bo", "0:51"), line("Ana", "0:02")]);
}
