//! The Queues view: each work type's panel as on the Overview, each interaction type
//! with sparklines of queue count and longest wait over the last minutes (remembered
//! in the browser) inside its block.

use leptos::html;
use leptos::prelude::*;

use crate::config::Config;
use crate::fit::Card;
use crate::format;
use crate::trends::{QueueTrend, QueueTrends, WINDOW_MS};
use crate::web::fit::{interaction_types, use_paging, FitGrid, PageLabel};
use crate::web::overview::QueuePanel;
use crate::web::sparkline::Sparkline;
use crate::web::store::use_store;

/// The Queues view.
#[component]
pub fn Queues() -> impl IntoView {
    let store = use_store();
    let area = NodeRef::<html::Div>::new();
    let blocks = interaction_types(store.work_types.clone());
    let paging = use_paging(area, move |a| {
        let mut section = blocks.with(|b| Card::QueueWithTrends.section(b, a.rem));
        // The view's own title stands above the area.
        section.heading_px = 0.0;
        vec![section]
    });
    let (work_types, trends) = (store.work_types.clone(), store.queue_trends.clone());
    view! {
        <section class="queues" data-testid="view-queues">
            <h2 class="section-title">
                {format!("Queues · last {} minutes", (WINDOW_MS / 60_000.0) as u32)}
                <PageLabel paging=paging />
            </h2>
            <div class="fit-area" node_ref=area>
                <div class="fit-page">
                    <FitGrid paging=paging section=0 class="queue-detail-grid"
                        card=move |i| {
                            work_types.get(i).zip(trends.get(i)).map(|(slot, trends)| {
                                view! {
                                    <div class="queue-detail" data-testid="queue-detail">
                                        <QueuePanel source=slot.clone() trends=*trends />
                                    </div>
                                }
                            })
                        }
                    />
                </div>
            </div>
        </section>
    }
}

/// The sparklines of one interaction type, inside its block of the work type's panel.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn QueueTrendRow(trends: RwSignal<QueueTrends>, row_key: String) -> impl IntoView {
    let thresholds = use_context::<Config>()
        .map(|c| c.thresholds.clone())
        .unwrap_or_default();
    let series = {
        let key = row_key.clone();
        move |pick: fn(&QueueTrend) -> &crate::trends::history::Series| {
            let key = key.clone();
            Signal::derive(move || trends.with(|t| t.get(&key).map(|t| pick(t).clone())))
        }
    };
    let (queue, longest_wait) = (thresholds.queue(), thresholds.longest_wait());
    view! {
        <div class="queue-trends" data-testid="queue-trend" data-row=row_key.clone()>
            <Sparkline
                label="In queue"
                series=series(|t| &t.queue)
                level=move |v| queue.level(v)
                floor=queue.critical
                text=|v| format!("{v:.0}")
            />
            <Sparkline
                label="Longest wait"
                series=series(|t| &t.wait_s)
                level=move |v| longest_wait.level(v)
                floor=longest_wait.critical
                text=|v| format::duration(v.max(0.0) as u64)
            />
        </div>
    }
}
