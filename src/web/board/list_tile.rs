//! The tiles that show several things: a scope's agent-state bar and a top list
//! (agents longest in a state or over their limit, work types by longest wait).

use leptos::prelude::*;

use super::data::{in_scope, BoardData};
use crate::board::model::{Scope, TopOf};
use crate::board::top::{self, TopEntry};
use crate::format;
use crate::overview::team_row;
use crate::web::state_bar::StateBar;

/// The agent states of the scope's teams together.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn StateBarTile(data: BoardData, scope: Scope) -> impl IntoView {
    let store = data.store.clone();
    let segments = Memo::new(move |_| {
        let rows: Vec<_> = in_scope(&store.teams, &scope.teams)
            .filter_map(|slot| {
                slot.data
                    .with(|d| d.as_ref().and_then(|s| team_row(&s.value.rows, &slot.id).cloned()))
            })
            .collect();
        top::state_bar(&rows)
    });
    view! {
        <div class="tile__body tile__body--bar">
            <StateBar segments=segments labelled=false class="tile__state-bar" />
            <ul class="tile__legend">
                {move || {
                    segments
                        .get()
                        .into_iter()
                        .map(|seg| {
                            view! {
                                <li class="tile__legend-item">
                                    <span class=format!("counter__swatch state--{}", seg.class) aria-hidden="true"></span>
                                    <span class="tile__legend-label">{seg.label}</span>
                                    <span class="tile__legend-count">{seg.count}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// The top `count` agents or work types, their times running.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn TopListTile(data: BoardData, of: TopOf, scope: Scope, state: Option<String>, count: usize) -> impl IntoView {
    let clock = data.clock;
    let entries: Memo<Vec<TopEntry>> = match of {
        TopOf::LongestWait => {
            let data = data.clone();
            Memo::new(move |_| {
                let slots: Vec<_> = in_scope(&data.store.work_types, &scope.work_types).cloned().collect();
                let payloads: Vec<_> = slots
                    .iter()
                    .filter_map(|s| s.data.get().map(|d| (s.id.clone(), d)))
                    .collect();
                top::queues(payloads.iter().map(|(id, d)| (&**id, &d.value, &d.at)), count)
            })
        }
        TopOf::TimeInState | TopOf::OverLimit => {
            // Each team's top in a memo of its own: one team's poll sorts its 200
            // agents, and the board merges the teams' few.
            let parts: Vec<Memo<Vec<TopEntry>>> = data
                .store
                .users
                .iter()
                .zip(data.agents.iter().copied())
                .filter(|(slot, _)| Scope::allows(&scope.teams, &slot.id))
                .map(|(_, agents)| {
                    let (state, limits) = (state.clone(), data.limits.clone());
                    Memo::new(move |_| {
                        // Over the limit is judged at each poll; the times run on between.
                        let over = (of == TopOf::OverLimit).then(|| (&limits, clock.0.get_untracked().mono_ms));
                        agents.with(|a| {
                            a.as_ref()
                                .map(|a| top::agents(&a.agents, state.as_deref(), over, count))
                                .unwrap_or_default()
                        })
                    })
                })
                .collect();
            Memo::new(move |_| {
                let mut all: Vec<TopEntry> = Vec::new();
                for part in &parts {
                    part.with(|p| all.extend_from_slice(p));
                }
                top::longest_first(&mut all);
                all.truncate(count);
                all
            })
        }
    };
    view! {
        <ol class="tile__body tile__top" data-testid="tile-top">
            // Redrawn whole at each poll (at most twenty lines), as the state bar is:
            // keys that change with every poll are what leaked before.
            {move || {
                entries
                    .get()
                    .into_iter()
                    .map(|e| {
                        let running = e.running;
                        view! {
                            <li class="tile__top-line">
                                <span class="tile__top-name">{e.name}</span>
                                {e.badge.map(|b| view! { <span class=format!("state-badge state--{}", b.class)><span aria-hidden="true">{b.icon}" "</span>{b.label}</span> })}
                                <span class="tile__top-time">{move || format::duration(running.seconds_at(clock.get().mono_ms))}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
            <Show when=move || entries.with(Vec::is_empty)>
                <li class="tile__top-none">"None"</li>
            </Show>
        </ol>
    }
}
