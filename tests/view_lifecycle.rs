//! Every routed view built and dropped many times, as a rotating kiosk does, while the
//! store and the clock outlive them and keep being written: whatever a view allocated
//! must go with it. A counting allocator (this test binary's own) reads the bytes
//! still allocated, so a view that leaves anything behind in a long-lived signal, a
//! context or a global fails here, by name, before it reaches a wall screen.
#![cfg(target_arch = "wasm32")]
// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use floorview::clock::FetchInstant;
use floorview::config::Config;
use floorview::route::Route;
use floorview::web::agents::Agents;
use floorview::web::board::BoardPage;
use floorview::web::clock::{Clock, Tick};
use floorview::web::outbound::Outbound;
use floorview::web::overview::Overview;
use floorview::web::presence::Presence;
use floorview::web::queues::Queues;
use floorview::web::store::{Slot, Snapshot, Store};
use floorview_reporting::sim::{SimConfig, Simulator};
use floorview_reporting::{decode, DecodeError, Decoded, Endpoint, Query};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen_test::*;

mod browser;
use browser::host;

wasm_bindgen_test_configure!(run_in_browser);

/// The system allocator, counting the bytes it has handed out and not had back.
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// A floor of 4 teams × 25 agents, 5 work types and 3 contact lists.
fn simulator() -> Simulator {
    let config = SimConfig {
        agents_per_team: 25,
        ..SimConfig::default()
    };
    let start = Utc
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .expect("a valid time");
    Simulator::new(config, start).expect("a valid simulator")
}

fn config_for(sim: &Simulator) -> Config {
    let catalog = sim.catalog();
    Config {
        org_id: "demo".to_owned(),
        teams: catalog.teams.into_iter().map(|t| t.team_id).collect(),
        work_types: catalog.work_types.into_iter().map(|w| w.work_type_id).collect(),
        contact_lists: catalog.contact_lists.into_iter().map(|l| l.name).collect(),
        ..Config::default()
    }
}

/// One poll of every source, answered by the simulator, as the poller stores it.
fn poll_everything(sim: &Simulator, store: &Store, mono_ms: f64) {
    fn put<T: Send + Sync + 'static>(
        slot: &Slot<T>,
        sim: &Simulator,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        decode: fn(&str) -> Result<Decoded<T>, DecodeError>,
        at: FetchInstant,
    ) {
        let query = Query::new(endpoint, "demo", params.iter().copied()).expect("a valid query");
        let body = sim.body(&query).expect("the simulator knows the source");
        let decoded = decode(std::str::from_utf8(&body).expect("UTF-8")).expect("the simulator's body decodes");
        slot.accept(Snapshot {
            value: decoded.value,
            at,
            warnings: Vec::new(),
        });
    }
    let at = FetchInstant::by_pc_clock(mono_ms, 1_795_938_522_000.0 + mono_ms);
    for slot in store.teams.iter() {
        put(
            slot,
            sim,
            Endpoint::TeamActivity,
            &[("teamId", &slot.id)],
            decode::team_activity,
            at,
        );
    }
    for slot in store.users.iter() {
        put(
            slot,
            sim,
            Endpoint::UserActivity,
            &[("teamId", &slot.id)],
            decode::user_activity,
            at,
        );
    }
    for (slot, trends) in store.work_types.iter().zip(store.queue_trends.iter()) {
        put(
            slot,
            sim,
            Endpoint::ChannelActivity,
            &[("workTypeId", &slot.id)],
            decode::channel_activity,
            at,
        );
        slot.record_in(*trends, |t, s| t.record(&s.value, &s.at));
    }
    for (slot, trend) in store.lists.iter().zip(store.list_trends.iter()) {
        put(
            slot,
            sim,
            Endpoint::ListActivity,
            &[("contactList", &slot.id)],
            decode::list_activity,
            at,
        );
        slot.record_in(*trend, |t, s| t.record(&s.value, &s.at));
    }
    for slot in store.presence.iter() {
        let mut params = vec![("state", "LoggedOn")];
        if !slot.id.is_empty() {
            params.push(("workTypeId", &slot.id));
        }
        put(slot, sim, Endpoint::PresenceUsers, &params, decode::presence_users, at);
    }
}

/// Lets the effects a change set off run (they run as tasks, not at once).
async fn settle() {
    TimeoutFuture::new(0).await;
    TimeoutFuture::new(0).await;
}

/// A page of the app reduced to what a view needs: the contexts the Shell provides,
/// and the routed view, switched by `route`. `None` shows nothing.
struct Floor {
    sim: Simulator,
    store: Store,
    clock: Clock,
    route: RwSignal<Option<Route>>,
    mono_ms: f64,
}

impl Floor {
    fn mount() -> (Floor, impl Drop) {
        let sim = simulator();
        let config = config_for(&sim);
        let store = Store::new(&config);
        let clock = Clock::new(Tick {
            mono_ms: 0.0,
            wall_ms: 1_795_938_522_000.0,
        });
        let route = RwSignal::new(None::<Route>);
        let provided = store.clone();
        let handle = leptos::mount::mount_to(host(), move || {
            provide_context(config.clone());
            provide_context(provided.clone());
            provide_context(clock);
            move || match route.get() {
                None => ().into_any(),
                Some(Route::Overview) => view! { <Overview /> }.into_any(),
                Some(Route::Agents) => view! { <Agents /> }.into_any(),
                Some(Route::Queues) => view! { <Queues /> }.into_any(),
                Some(Route::Outbound) => view! { <Outbound /> }.into_any(),
                Some(Route::Presence) => view! { <Presence /> }.into_any(),
                Some(Route::Board) => view! { <BoardPage /> }.into_any(),
                Some(Route::Settings) => ().into_any(),
            }
        });
        let floor = Floor {
            sim,
            store,
            clock,
            route,
            mono_ms: 0.0,
        };
        (floor, handle)
    }

    /// One poll of every source and one clock tick, a second later than the last.
    fn next_second(&mut self) {
        self.mono_ms += 1_000.0;
        self.sim.step();
        poll_everything(&self.sim, &self.store, self.mono_ms);
        self.clock.advance(Tick {
            mono_ms: self.mono_ms,
            wall_ms: 1_795_938_522_000.0 + self.mono_ms,
        });
    }

    /// Shows `route` through a few seconds of polls and ticks, then nothing again.
    async fn show_once(&mut self, route: Route) {
        self.route.set(Some(route));
        settle().await;
        for _ in 0..2 {
            self.next_second();
            settle().await;
        }
        self.route.set(None);
        settle().await;
        self.next_second();
        settle().await;
    }
}

/// Polls before any view is shown: the store's sparkline histories fill to their cap
/// (300 points), so their growth is not counted against a view. Polls alone are cheap;
/// visits are what make this test slow.
const FILL_HISTORIES: usize = 320;
/// Warm-up visits of each view: every allocator pool, arena and hash table reaches
/// its working size.
const WARM_UP: usize = 4;
/// Every view the floor shows: the five of the navigation and a board (the first,
/// built-in one: every kind of figure tile but the clocks).
const VIEWS: [Route; 6] = [
    Route::Overview,
    Route::Agents,
    Route::Queues,
    Route::Outbound,
    Route::Presence,
    Route::Board,
];
/// Measured rounds after the warm-up.
const ROUNDS: usize = 32;
/// What one round may add on average: none of a view's own allocations (a leaking
/// view kept kilobytes a round), with room for a table that doubles once.
const BYTES_PER_ROUND: isize = 64;

#[wasm_bindgen_test]
async fn every_view_releases_what_it_owns_when_it_leaves_the_screen() {
    let (mut floor, _mounted) = Floor::mount();
    for _ in 0..FILL_HISTORIES {
        floor.next_second();
    }
    settle().await;
    for round in 0..WARM_UP * VIEWS.len() {
        floor.show_once(VIEWS[round % VIEWS.len()]).await;
    }
    let mut kept = Vec::new();
    for route in VIEWS {
        // A few rounds of this view alone first, so what it sizes once is not counted.
        for _ in 0..4 {
            floor.show_once(route).await;
        }
        // A leak grows on every pass; what a view sizes once (a table that doubles
        // when it first meets the others' leftovers) grows on the first pass only.
        let mut growths = Vec::new();
        for _ in 0..2 {
            let before = live_bytes();
            for _ in 0..ROUNDS {
                floor.show_once(route).await;
            }
            growths.push(live_bytes() - before);
        }
        web_sys::console::log_1(&format!("{}: {growths:?}", route.title()).into());
        if growths.iter().all(|g| *g > BYTES_PER_ROUND * ROUNDS as isize) {
            kept.push(format!(
                "{}: {growths:?} bytes on two passes of {ROUNDS} visits",
                route.title(),
            ));
        }
    }
    assert!(
        kept.is_empty(),
        "views kept memory after leaving the screen: {}",
        kept.join("; ")
    );
}

#[wasm_bindgen_test]
async fn views_still_follow_the_store_after_many_visits() {
    // Released subscribers must come back: after many rounds, a view on screen still
    // shows what the store has now.
    let (mut floor, _mounted) = Floor::mount();
    for round in 0..20 {
        floor.show_once(VIEWS[round % VIEWS.len()]).await;
    }
    floor.route.set(Some(Route::Overview));
    settle().await;
    let team = Arc::clone(&floor.store.teams[0].id);
    let mut snapshot = floor.store.teams[0].data.get_untracked().expect("polled");
    let mut value = snapshot.value.clone();
    if let Some(row) = value.rows.first_mut() {
        row.idle_count = Some(4321);
    }
    Arc::make_mut(&mut snapshot).value = value;
    floor.store.teams[0].accept(Snapshot::clone(&snapshot));
    settle().await;
    let shown = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map(|b| b.inner_html())
        .unwrap_or_default();
    assert!(
        shown.contains("4321"),
        "team {team} shows the new idle count after 20 visits"
    );
}
