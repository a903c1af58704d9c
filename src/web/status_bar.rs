//! The bar along the bottom: connection, freshness of all sources, and the time.

use leptos::html;
use leptos::prelude::*;

use super::browser;
use super::clock::{use_clock, Tick};
use super::own_text::OwnText;
use super::poller::Connectivity;
use super::store::use_store;
use crate::format;
use crate::freshness::Summary;

/// Connection state, a summary of every source's freshness, and the current time.
#[component]
pub fn StatusBar() -> impl IntoView {
    let clock = use_clock();
    let store = use_store();
    let connectivity = use_context::<Connectivity>();
    let online = move || connectivity.is_none_or(|c| c.online.get());
    let last_data = store.newest_data();
    let summary = Memo::new(move |_| Summary::of(&store.freshness()));
    // The time is written on the clock's tick, not by an effect on it: the bar is
    // on every screen, and a reader of the clock costs every tick.
    let now = move |t: Tick| format::clock(t.wall_ms, browser::local_offset_minutes());
    let first = now(clock.0.get_untracked());
    let time = OwnText::<html::Time>::new(&first);
    clock.each_tick(move |t| time.write(now(t)));
    view! {
        <footer class="status-bar" data-testid="status-bar">
            <span class=move || if online() { "status-bar__net status-bar__net--online" } else { "status-bar__net status-bar__net--offline" } data-testid="connection" role="status">
                {move || {
                    if online() {
                        "● online".to_owned()
                    } else {
                        let since = last_data.get().map(|t| format::clock(t, browser::local_offset_minutes()));
                        format!("○ offline, showing data from {}", since.unwrap_or_else(|| "nothing yet".into()))
                    }
                }}
            </span>
            <span class="status-bar__summary" data-testid="freshness-summary">{move || summary.get().label()}</span>
            <time class="status-bar__clock" data-testid="clock" node_ref=time.node()>
                {first}
            </time>
        </footer>
    }
}
