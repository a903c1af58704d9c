//! The Overview: totals across the floor, a card per team, a panel per work type.

mod queue_panel;
mod team_card;

use leptos::html;
use leptos::prelude::*;

use crate::channel::{longest_wait, ChannelTotals};
use crate::config::{Config, Level};
use crate::fit::Card;
use crate::format;
use crate::overview::team_row;
use crate::web::clock::use_clock;
use crate::web::fit::{interaction_types, use_paging, FitGrid, PageLabel};
use crate::web::store::use_store;

pub use queue_panel::{Metric, QueuePanel};
pub use team_card::TeamCard;

/// The Overview view: in kiosk mode its cards fill the screen, in pages if need be.
#[component]
pub fn Overview() -> impl IntoView {
    let store = use_store();
    let area = NodeRef::<html::Div>::new();
    let blocks = interaction_types(store.work_types.clone());
    let teams_count = store.teams.len();
    let paging = use_paging(area, move |a| {
        vec![
            Card::Team.section(&vec![1; teams_count], a.rem),
            blocks.with(|b| Card::Queue.section(b, a.rem)),
        ]
    });
    let (teams, work_types) = (store.teams.clone(), store.work_types.clone());
    view! {
        <section class="overview" data-testid="view-overview">
            <Totals />
            <div class="fit-area" node_ref=area>
                <div class="fit-page">
                    <Show when=move || !paging.cards(0).is_empty()>
                        <h2 class="section-title">"Teams"<PageLabel paging=paging /></h2>
                    </Show>
                    <FitGrid paging=paging section=0 class="team-grid"
                        card=move |i| teams.get(i).map(|slot| view! { <TeamCard source=slot.clone() /> })
                    />
                    <Show when=move || !paging.cards(1).is_empty()>
                        <h2 class="section-title">
                            "Queues"
                            {move || paging.cards(0).is_empty().then(|| view! { <PageLabel paging=paging /> })}
                        </h2>
                    </Show>
                    <FitGrid paging=paging section=1 class="queue-grid"
                        card=move |i| work_types.get(i).map(|slot| view! { <QueuePanel source=slot.clone() /> })
                    />
                </div>
            </div>
        </section>
    }
}

/// Figures summed over every team and work type with data.
#[component]
fn Totals() -> impl IntoView {
    let store = use_store();
    let clock = use_clock();
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
                            .map_or(0, floorview_reporting::TeamActivityRow::signed_on)
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
    let (queue, longest_wait) = (thresholds.queue(), thresholds.longest_wait());
    let wait_level = move || wait_s.get().map_or(Level::Normal, |s| longest_wait.level(s as f64));
    let queue_level = move || queue.level(channels.get().queue as f64);
    view! {
        <div class="totals" data-testid="totals">
            <Metric label="Signed on" testid="total-signed-on" primary=true value=Signal::derive(move || signed_on.get().to_string()) />
            <Metric label="Idle" testid="total-idle" value=Signal::derive(move || idle.get().to_string()) />
            <Metric label="In queue" testid="total-queue" primary=true value=Signal::derive(move || channels.get().queue.to_string()) level=Signal::derive(queue_level) />
            <Metric
                label="Longest wait"
                testid="total-longest-wait"
                primary=true
                value=Signal::derive(move || wait_s.get().map_or_else(|| "—".to_owned(), format::duration))
                level=Signal::derive(wait_level)
            />
            <Metric label="Interactions active" testid="total-active" value=Signal::derive(move || channels.get().active.to_string()) />
            <Metric label="On hold" testid="total-hold" value=Signal::derive(move || channels.get().hold.to_string()) />
            <Metric label="Wrap" testid="total-wrap" value=Signal::derive(move || channels.get().wrap.to_string()) />
        </div>
    }
}
