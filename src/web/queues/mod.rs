//! The Queues view: each work type's panel as on the Overview, with sparklines of
//! queue count and longest wait over the last minutes, remembered in the browser.

use floorview_reporting::ChannelActivity;
use leptos::prelude::*;

use crate::config::{Config, Level};
use crate::format;
use crate::overview::{row_key, row_title};
use crate::trends::{QueueTrends, WINDOW_MS};
use crate::web::overview::QueuePanel;
use crate::web::store::{expect_store, Slot};

use crate::web::sparkline::Sparkline;

/// The Queues view.
#[component]
pub fn Queues() -> impl IntoView {
    let store = expect_store();
    let blocks = store
        .work_types
        .iter()
        .zip(store.queue_trends.iter())
        .map(|(slot, trends)| {
            view! {
                <div class="queue-detail" data-testid="queue-detail">
                    <QueuePanel source=slot.clone() />
                    <Trends source=slot.clone() trends=*trends />
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="queues" data-testid="view-queues">
            <h2 class="section-title">{format!("Queues · last {} minutes", (WINDOW_MS / 60_000.0) as u32)}</h2>
            <div class="queue-detail-grid">{blocks}</div>
        </section>
    }
}

/// The sparklines of one work type's interaction types.
#[component]
fn Trends(source: Slot<ChannelActivity>, trends: RwSignal<QueueTrends>) -> impl IntoView {
    let thresholds = use_context::<Config>()
        .map(|c| c.thresholds.clone())
        .unwrap_or_default();
    let rows = Memo::new(move |_| {
        source.data.with(|d| {
            d.as_ref()
                .map(|s| {
                    s.value
                        .rows
                        .iter()
                        .map(|r| (row_key(r), row_title(r)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <ul class="queue-trends" aria-label=format!("Trends of {}", source.id)>
            <For
                each=move || rows.get()
                key=|(key, _)| key.clone()
                children=move |(key, title)| {
                    let series = {
                        let key = key.clone();
                        move |pick: fn(&crate::trends::QueueTrend) -> &crate::history::Series| {
                            let key = key.clone();
                            Signal::derive(move || trends.with(|t| t.get(&key).map(|t| pick(t).clone())))
                        }
                    };
                    let (qw, qc) = (thresholds.queue_warn, thresholds.queue_critical);
                    let (ww, wc) = (thresholds.longest_wait_warn_s, thresholds.longest_wait_critical_s);
                    view! {
                        <li class="queue-trends__row" data-testid="queue-trend" data-row=key.clone()>
                            <span class="queue-trends__title">{title}</span>
                            <Sparkline
                                label="In queue"
                                series=series(|t| &t.queue)
                                level=move |v| Level::of(v, qw, qc)
                                floor=qc
                                text=|v| format!("{v:.0}")
                            />
                            <Sparkline
                                label="Longest wait"
                                series=series(|t| &t.wait_s)
                                level=move |v| Level::of(v, ww, wc)
                                floor=wc
                                text=|v| format::duration(v.max(0.0) as u64)
                            />
                        </li>
                    }
                }
            />
        </ul>
    }
}
