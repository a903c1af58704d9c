//! Breaches in the browser: the tab title counts them and a polite live region
//! announces what is new, at most every 30 s (see [`crate::alerts`]).

use leptos::html;
use leptos::prelude::*;

use super::browser;
use super::clock::expect_clock;
use super::store::expect_store;
use crate::alerts::{queue_breaches, title, Announcer, Breach};
use crate::config::Config;

/// The app's name in the tab title.
const TITLE: &str = "Floorview";
/// Least time between two announcements.
const ANNOUNCE_GAP_MS: f64 = 30_000.0;

/// The tab title and the screen-reader announcements of threshold breaches.
#[component]
pub fn BreachAlerts() -> impl IntoView {
    let store = expect_store();
    let clock = expect_clock();
    let thresholds = use_context::<Config>()
        .map(|c| c.thresholds.clone())
        .unwrap_or_default();
    let breaches = Memo::new(move |_| {
        let now = clock.get().mono_ms;
        let mut all: Vec<Breach> = Vec::new();
        for slot in store.work_types.iter() {
            slot.data.with(|d| {
                if let Some(d) = d {
                    all.extend(queue_breaches(&slot.id, &d.value.rows, &d.at, now, &thresholds));
                }
            });
        }
        // Agents: once the store keeps `userActivity` per team (`store.users`), add
        // `crate::alerts::agent_breaches(&slot.id, &rows, &thresholds.states, elapsed_s)`
        // for each team here, `elapsed_s` being the time since that slot's fetch.
        all
    });
    let region = NodeRef::<html::Div>::new();
    let announcer = StoredValue::new(Announcer::new(ANNOUNCE_GAP_MS));
    // Side effects on the page only (title, live region text), no signal writes.
    Effect::new(move |_| {
        breaches.with(|b| {
            browser::set_title(&title(TITLE, b));
            let said = announcer
                .try_update_value(|a| a.update(b, browser::now_mono_ms()))
                .flatten();
            if let (Some(text), Some(el)) = (said, region.get()) {
                el.set_text_content(Some(&text));
            }
        });
    });
    on_cleanup(|| browser::set_title(TITLE));
    view! {
        <div
            class="visually-hidden"
            aria-live="polite"
            aria-atomic="true"
            data-testid="announcer"
            data-breaches=move || breaches.with(Vec::len)
            node_ref=region
        ></div>
    }
}
