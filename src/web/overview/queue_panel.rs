//! A work type's panel: one block per interaction type from `channelActivity`.

use floorview_reporting::{ChannelActivity, ChannelActivityRow};
use leptos::prelude::*;

use crate::channel::{longest_wait, row_key, row_title};
use crate::clock::FetchInstant;
use crate::config::{Config, Level, Limit};
use crate::format;
use crate::trends::QueueTrends;
use crate::web::browser;
use crate::web::clock::use_clock;
use crate::web::freshness_badge::FreshnessBadge;
use crate::web::queues::QueueTrendRow;
use crate::web::store::Slot;

/// One configured work type and its interaction types; with `trends`, each
/// interaction type's sparklines inside its block.
#[component]
pub fn QueuePanel(
    source: Slot<ChannelActivity>,
    #[prop(optional)] trends: Option<RwSignal<QueueTrends>>,
) -> impl IntoView {
    let slot = source;
    let id = slot.id.clone();
    let keys = {
        let slot = slot.clone();
        Memo::new(move |_| {
            slot.data
                .with(|d| d.as_ref().map(|s| s.value.rows.iter().map(row_key).collect::<Vec<_>>()))
        })
    };
    let name = {
        let (slot, id) = (slot.clone(), id.clone());
        Memo::new(move |_| {
            slot.data
                .with(|d| {
                    d.as_ref()
                        .and_then(|s| s.value.rows.iter().find_map(|r| r.work_type_name.clone()))
                })
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| id.to_string())
        })
    };
    let freshness = slot.freshness_signal();
    // Copy, so the rows' closures can each take the slot.
    let stored = StoredValue::new(slot);
    view! {
        <article class="panel queue-panel" data-testid="queue-panel" data-work-type-id=id.to_string()>
            <header class="panel__header">
                <h3 class="panel__title" data-testid="work-type-name">{name}</h3>
                <FreshnessBadge freshness=freshness />
            </header>
            <Show
                when=move || keys.with(Option::is_some)
                fallback=move || view! { <p class="panel__empty" data-testid="panel-empty">{move || freshness.with(|f| f.label(browser::local_offset_minutes()))}</p> }
            >
                {move || keys.with(|k| k.as_ref().is_some_and(Vec::is_empty)).then(|| view! { <p class="panel__empty">"No interactions of this work type right now."</p> })}
                <For each=move || keys.get().unwrap_or_default() key=|k| k.clone() let:key>
                    <ChannelRow source=stored.get_value() row_id=key trends=trends />
                </For>
            </Show>
        </article>
    }
}

/// One interaction type of a work type: counts by stage and the live longest wait.
#[component]
fn ChannelRow(source: Slot<ChannelActivity>, row_id: String, trends: Option<RwSignal<QueueTrends>>) -> impl IntoView {
    let (slot, key) = (source, row_id);
    let clock = use_clock();
    let thresholds = use_context::<Config>()
        .map(|c| c.thresholds.clone())
        .unwrap_or_default();
    let row = {
        let key = key.clone();
        Memo::new(move |_| {
            slot.data.with(|d| {
                let s = d.as_ref()?;
                s.value
                    .rows
                    .iter()
                    .find(|r| row_key(r) == key)
                    .map(|r| (r.clone(), s.at))
            })
        })
    };
    let count = move |f: fn(&ChannelActivityRow) -> Option<u32>| {
        move || row.with(|r| format::count(r.as_ref().and_then(|(r, _)| f(r))))
    };
    let wait_s = move || {
        let now = clock.get().mono_ms;
        row.with(|r| {
            r.as_ref()
                .and_then(|(r, at)| longest_wait(r, at))
                .map(|d| d.seconds_at(now))
        })
    };
    let (queue, longest_wait) = (thresholds.queue(), thresholds.longest_wait());
    let queue_level = move || row.with(|r| queue_level(r.as_ref().map(|(r, _)| r), queue));
    let wait_level = move || wait_s().map_or(Level::Normal, |s| longest_wait.level(s as f64));
    let title = move || row.with(|r| r.as_ref().map(|(r, _)| row_title(r)).unwrap_or_default());
    let channel = move || {
        row.with(|r| {
            r.as_ref()
                .and_then(|(r, _)| r.channel_type_name.as_ref().map(|c| c.as_str().to_owned()))
                .unwrap_or_default()
        })
    };
    let durations = move || row.with(|r| r.as_ref().map(|(r, at)| durations(r, at)).unwrap_or_default());
    let key_for_trends = key.clone();
    view! {
        <section class="channel-row" data-testid="channel-row" data-interaction-type=key>
            <h4 class="channel-row__title">{title}<span class="channel-row__channel">{channel}</span></h4>
            <div class="metrics">
                <Metric label="In queue" testid="queue-count" primary=true value=Signal::derive(count(|r| r.queue_count)) level=Signal::derive(queue_level) />
                <Metric
                    label="Longest wait"
                    testid="longest-wait"
                    primary=true
                    value=Signal::derive(move || wait_s().map_or_else(|| "—".to_owned(), format::duration))
                    level=Signal::derive(wait_level)
                />
                <Metric label="Active" testid="active-count" value=Signal::derive(count(|r| r.active_count)) />
                <Metric label="Hold" testid="hold-count" value=Signal::derive(count(|r| r.hold_count)) />
                <Metric label="Wrap" testid="wrap-count" value=Signal::derive(count(|r| r.wrap_count)) />
                <Metric label="Ringing" testid="ring-count" value=Signal::derive(count(|r| r.ring_count)) detail=true />
                <Metric label="Dialling" testid="dial-count" value=Signal::derive(count(|r| r.dial_count)) detail=true />
                <Metric label="Self-service" testid="self-service-count" value=Signal::derive(count(|r| r.self_service_count)) detail=true />
                <Metric label="Preview" testid="preview-count" value=Signal::derive(count(|r| r.preview_count)) detail=true />
                <Metric label="Inactive" testid="inactive-count" value=Signal::derive(count(|r| r.inactive_count)) detail=true />
            </div>
            <p class="channel-row__durations" data-testid="durations">{durations}</p>
            {trends.map(|trends| view! { <QueueTrendRow trends=trends row_key=key_for_trends /> })}
        </section>
    }
}

fn queue_level(row: Option<&ChannelActivityRow>, queue: Limit) -> Level {
    row.and_then(|r| r.queue_count)
        .map_or(Level::Normal, |q| queue.level(f64::from(q)))
}

/// The summed durations of a row, as of its fetch (they are totals, not timers).
fn durations(row: &ChannelActivityRow, _at: &FetchInstant) -> String {
    let d = |v: Option<u32>| v.map_or_else(|| "—".to_owned(), |s| format::duration(u64::from(s)));
    format!(
        "Total time in queue {} · active {} · self-service {} · preview {}",
        d(row.queue_dur),
        d(row.active_dur),
        d(row.self_service_dur),
        d(row.preview_dur)
    )
}

/// A labelled figure; a warn or critical level adds a class and words.
#[component]
pub fn Metric(
    label: &'static str,
    testid: &'static str,
    value: Signal<String>,
    #[prop(optional, into)] level: Option<Signal<Level>>,
    /// One of the figures read from across the room (in queue, longest wait).
    #[prop(optional)]
    primary: bool,
    /// A figure for a closer look: a kiosk's Overview leaves it to the Queues view.
    #[prop(optional)]
    detail: bool,
) -> impl IntoView {
    let level = move || level.map_or(Level::Normal, |l| l.get());
    let kind = match (primary, detail) {
        (true, _) => " metric--primary",
        (false, true) => " metric--detail",
        (false, false) => "",
    };
    view! {
        <div class=move || format!("metric metric--{}{kind}", level().as_str()) data-testid=testid data-level=move || level().as_str()>
            <span class="metric__label">{label}</span>
            <span class="metric__value">{move || value.get()}</span>
            <span class="metric__level">{move || level().label()}</span>
        </div>
    }
}
