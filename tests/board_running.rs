//! A board's running tiles mounted in headless Chromium: what moves with the clock
//! between polls (a top list's times, a running figure and its level, a countdown)
//! moves on each tick, and a poll puts the new figures in place.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use floorview::board::parse;
use floorview::clock::FetchInstant;
use floorview::config::Config;
use floorview::web::board::BoardPage;
use floorview::web::clock::{Clock, Tick};
use floorview::web::store::{Snapshot, Store};
use floorview_reporting::decode;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use serde_json::json;

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

/// A board mounted for a test: it is unmounted when this is dropped.
struct Mounted {
    root: HtmlElement,
    store: Store,
    clock: Clock,
    _view: Box<dyn std::any::Any>,
}

/// A board of `tile` alone over team t1, mounted on a fresh host at monotonic 0.
fn mount_board(tile: &serde_json::Value) -> Mounted {
    let board = parse::board(&json!({ "id": "running", "title": "Running", "columns": 1, "tiles": [tile] }))
        .expect("the test's board reads");
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
        .set_hash("#/board/running")
        .expect("a hash");
    let root = host();
    let (provided, shown) = (store.clone(), config.clone());
    let view = leptos::mount::mount_to(root.clone(), move || {
        provide_context(provided);
        provide_context(shown);
        provide_context(clock);
        view! { <BoardPage /> }
    });
    Mounted {
        root,
        store,
        clock,
        _view: Box::new(view),
    }
}

/// Team t1's agents as polled at monotonic `mono_ms`.
fn accept(store: &Store, body: &str, mono_ms: f64) {
    let d = decode::user_activity(body).expect("fixture decodes");
    store.users[0].accept(Snapshot {
        value: d.value,
        at: FetchInstant::by_pc_clock(mono_ms, WALL_MS + mono_ms),
        warnings: vec![],
    });
}

#[wasm_bindgen_test]
async fn a_top_lists_times_run_between_polls_and_a_poll_redraws_them() {
    let board =
        mount_board(&json!({ "kind": "topList", "of": "timeInState", "title": "Longest in state", "count": 5 }));
    let (root, clock) = (&board.root, board.clock);
    let accept = |body: &str, mono_ms: f64| accept(&board.store, body, mono_ms);
    accept(&agents(30, 10), 0.0);
    settle().await;
    assert_eq!(lines(root), vec![line("Ana", "0:30"), line("Bo", "0:10")]);

    // Two ticks with no poll: both times run on.
    clock.advance(tick(1_000.0));
    settle().await;
    assert_eq!(lines(root), vec![line("Ana", "0:31"), line("Bo", "0:11")]);
    clock.advance(tick(2_000.0));
    settle().await;
    assert_eq!(lines(root), vec![line("Ana", "0:32"), line("Bo", "0:12")]);

    // A poll, between ticks, with the first poll's times: the lines show them
    // again, though the view built exactly these texts before and the ticks wrote
    // others since.
    accept(&agents(30, 10), 2_000.0);
    settle().await;
    assert_eq!(lines(root), vec![line("Ana", "0:30"), line("Bo", "0:10")]);

    // A poll: Bo has been idle longer than Ana's new state, so Bo leads, and the
    // redrawn lines run on from the new times.
    accept(&agents(1, 50), 4_000.0);
    clock.advance(tick(4_000.0));
    settle().await;
    assert_eq!(lines(root), vec![line("Bo", "0:50"), line("Ana", "0:01")]);
    clock.advance(tick(5_000.0));
    settle().await;
    assert_eq!(lines(root), vec![line("Bo", "0:51"), line("Ana", "0:02")]);
}

/// A figure tile's text and level.
fn figure(root: &HtmlElement) -> (String, String) {
    let tile = root.query_selector("[data-testid=tile-figure]").ok().flatten();
    (
        figure_text(root),
        tile.and_then(|t| t.get_attribute("data-level")).unwrap_or_default(),
    )
}

fn shown(text: &str, level: &str) -> (String, String) {
    (text.to_owned(), level.to_owned())
}

#[wasm_bindgen_test]
async fn a_running_figure_and_its_level_move_with_the_clock_between_polls() {
    let board = mount_board(&json!({
        "metric": "timeInState", "state": "notReady", "title": "Longest not ready",
        "warn": 40, "critical": 60, "dwell": "3s", "clear": "3s"
    }));
    let (root, clock) = (&board.root, board.clock);
    let accept = |body: &str, mono_ms: f64| accept(&board.store, body, mono_ms);
    let at = |mono_ms: f64| async move {
        clock.advance(tick(mono_ms));
        settle().await;
        figure(root)
    };
    accept(&agents(30, 10), 0.0);
    settle().await;
    assert_eq!(figure(root), shown("0:30", "normal"));
    assert_eq!(at(1_000.0).await, shown("0:31", "normal"));

    // A poll puts its own figure in place, between ticks.
    assert_eq!(at(2_000.0).await, shown("0:32", "normal"));
    accept(&agents(45, 10), 2_000.0);
    settle().await;
    assert_eq!(figure(root), shown("0:45", "normal"));
    // Over warn since the poll: warn once the 3 s dwell has passed, with no poll.
    assert_eq!(at(4_000.0).await, shown("0:47", "normal"));
    assert_eq!(at(5_000.0).await, shown("0:48", "warn"));
    // The time alone crosses critical (60 s at 17 s) and dwells there.
    for s in 6..=19 {
        let (_, level) = at(f64::from(s) * 1000.0).await;
        assert_eq!(level, "warn", "at {s} s");
    }
    assert_eq!(at(20_000.0).await, shown("1:03", "critical"));

    // A poll back under warn: the level clears only after the 3 s clear time.
    assert_eq!(at(21_000.0).await, shown("1:04", "critical"));
    accept(&agents(30, 10), 21_000.0);
    settle().await;
    assert_eq!(figure(root), shown("0:30", "critical"));
    assert_eq!(at(23_000.0).await, shown("0:32", "critical"));
    assert_eq!(at(24_000.0).await, shown("0:33", "normal"));
}

/// Seconds of a shown duration (`M:SS` or `H:MM:SS`).
fn seconds(text: &str) -> u64 {
    text.split(':')
        .try_fold(0, |total, part| part.parse::<u64>().map(|n| total * 60 + n))
        .unwrap_or_else(|_| panic!("not a duration: {text:?}"))
}

#[wasm_bindgen_test]
async fn a_countdown_counts_down_on_each_tick() {
    let board = mount_board(&json!({ "kind": "countdown", "to": "17:30", "title": "Shift end" }));
    let (root, clock) = (&board.root, board.clock);
    settle().await;
    let left = || seconds(&figure_text(root));
    let start = left();
    clock.advance(tick(1_000.0));
    settle().await;
    assert_eq!(left(), start - 1);
    clock.advance(tick(61_000.0));
    settle().await;
    assert_eq!(left(), start - 61);
}

/// The text of the tile's figure.
fn figure_text(root: &HtmlElement) -> String {
    root.query_selector("[data-testid=tile-value]")
        .ok()
        .flatten()
        .and_then(|v| v.text_content())
        .unwrap_or_default()
}
