//! The Overview: totals across the floor, a card per team, a panel per work type.

mod queue_panel;
mod team_card;

use leptos::prelude::*;

use crate::config::{Config, Level};
use crate::format;
use crate::overview::{longest_wait, team_row, ChannelTotals};
use crate::web::clock::expect_clock;
use crate::web::store::expect_store;

pub use queue_panel::{Metric, QueuePanel};
pub use team_card::TeamCard;

/// The Overview view.
#[component]
pub fn Overview() -> impl IntoView {
    let store = expect_store();
    view! {
        <section class="overview" data-testid="view-overview">
            <Totals />
            <h2 class="section-title">"Teams"</h2>
            <div class="team-grid">{store.teams.iter().map(|slot| view! { <TeamCard source=slot.clone() /> }).collect_view()}</div>
            <h2 class="section-title">"Queues"</h2>
            <div class="queue-grid">
                {store.work_types.iter().map(|slot| view! { <QueuePanel source=slot.clone() /> }).collect_view()}
            </div>
        </section>
    }
}

/// Figures summed over every team and work type with data.
#[component]
fn Totals() -> impl IntoView {
    let store = expect_store();
    let clock = expect_clock();
    let thresholds = use_context::<Config>()
        .map(|c| c.thresholds.clone())
        .unwrap_or_default();
    let teams = store.teams.clone();
    let (signed_on, idle) = {
        let t = teams.clone();
        let signed_on = Memo::new(move |_| {
            t.iter()
                .map(|s| {
                    s.data.with(|d| {
                        d.as_ref()
                            .and_then(|d| team_row(&d.value.rows, &s.id))
                            .map_or(0, |r| r.signed_on())
                    })
                })
                .sum::<u64>()
        });
        let idle = Memo::new(move |_| {
            teams
                .iter()
                .map(|s| {
                    s.data.with(|d| {
                        d.as_ref()
                            .and_then(|d| team_row(&d.value.rows, &s.id))
                            .and_then(|r| r.idle_count)
                            .map_or(0, u64::from)
                    })
                })
                .sum::<u64>()
        });
        (signed_on, idle)
    };
    let work_types = store.work_types.clone();
    let channels = {
        let w = work_types.clone();
        Memo::new(move |_| {
            let mut all = Vec::new();
            for s in w.iter() {
                s.data
                    .with(|d| all.extend(d.iter().flat_map(|d| d.value.rows.iter().cloned())));
            }
            ChannelTotals::of(&all)
        })
    };
    let wait_s = Memo::new(move |_| {
        let now = clock.get().mono_ms;
        work_types
            .iter()
            .filter_map(|s| {
                s.data.with(|d| {
                    d.as_ref().and_then(|d| {
                        d.value
                            .rows
                            .iter()
                            .filter_map(|r| longest_wait(r, &d.at))
                            .map(|w| w.seconds_at(now))
                            .max()
                    })
                })
            })
            .max()
    });
    let wait_level = move || {
        wait_s.get().map_or(Level::Normal, |s| {
            Level::of(
                s as f64,
                thresholds.longest_wait_warn_s,
                thresholds.longest_wait_critical_s,
            )
        })
    };
    let queue_level = move || {
        Level::of(
            channels.get().queue as f64,
            thresholds.queue_warn,
            thresholds.queue_critical,
        )
    };
    view! {
        <div class="totals" data-testid="totals">
            <Metric label="Signed on" testid="total-signed-on" value=Signal::derive(move || signed_on.get().to_string()) />
            <Metric label="Idle" testid="total-idle" value=Signal::derive(move || idle.get().to_string()) />
            <Metric label="In queue" testid="total-queue" value=Signal::derive(move || channels.get().queue.to_string()) level=Signal::derive(queue_level) />
            <Metric
                label="Longest wait"
                testid="total-longest-wait"
                value=Signal::derive(move || wait_s.get().map_or_else(|| "—".to_owned(), format::duration))
                level=Signal::derive(wait_level)
            />
            <Metric label="Interactions active" testid="total-active" value=Signal::derive(move || channels.get().active.to_string()) />
            <Metric label="On hold" testid="total-hold" value=Signal::derive(move || channels.get().hold.to_string()) />
            <Metric label="Wrap" testid="total-wrap" value=Signal::derive(move || channels.get().wrap.to_string()) />
        </div>
    }
}
