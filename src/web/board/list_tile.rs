//! The tiles that show several things: a scope's agent-state bar and a top list
//! (agents longest in a state or over their limit, work types by longest wait).

use leptos::html;
use leptos::prelude::*;

use super::data::{in_scope, BoardData};
use crate::board::model::{Scope, TopOf};
use crate::board::top::{self, TopEntry};
use crate::clock::LiveDuration;
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
    // The lines' times run on in one check of the clock's tick for the list, rather
    // than an effect per line: a quiet tick then wakes no reader here.
    let times: StoredValue<Vec<RunningTime>> = StoredValue::new(Vec::new());
    let show_all = move |now: f64| {
        times.try_update_value(|lines| lines.iter_mut().for_each(|line| line.show(now)));
    };
    clock.each_tick(move |t| show_all(t.mono_ms));
    view! {
        <ol class="tile__body tile__top" data-testid="tile-top">
            // Redrawn whole at each poll (at most twenty lines), as the state bar is:
            // keys that change with every poll are what leaked before.
            {move || {
                let now = clock.0.get_untracked().mono_ms;
                let mut lines = Vec::new();
                let drawn = entries
                    .get()
                    .into_iter()
                    .map(|e| {
                        let node = NodeRef::<html::Span>::new();
                        let shown = e.running.seconds_at(now);
                        lines.push(RunningTime { node, running: e.running, shown: None });
                        view! {
                            <li class="tile__top-line">
                                <span class="tile__top-name">{e.name}</span>
                                {e.badge.map(|b| view! { <span class=format!("state-badge state--{}", b.class)><span aria-hidden="true">{b.icon}" "</span>{b.label}</span> })}
                                <span class="tile__top-time" node_ref=node>{format::duration(shown)}</span>
                            </li>
                        }
                    })
                    .collect_view();
                times.set_value(lines);
                // A redrawn line keeps its text node, which the view writes only when
                // its new text differs from the text it built (not from what the
                // ticks wrote since), so each line is written once the view is in
                // place: after this closure, in a microtask.
                leptos::task::spawn_local(async move { show_all(now) });
                drawn
            }}
            <Show when=move || entries.with(Vec::is_empty)>
                <li class="tile__top-none">"None"</li>
            </Show>
        </ol>
    }
}

/// One line's running time and the whole seconds it shows.
struct RunningTime {
    node: NodeRef<html::Span>,
    running: LiveDuration,
    /// `None` until this line's time is first written.
    shown: Option<u64>,
}

impl RunningTime {
    /// Writes the time at `now` when its whole seconds moved on.
    fn show(&mut self, now: f64) {
        let seconds = self.running.seconds_at(now);
        if self.shown == Some(seconds) {
            return;
        }
        // A line redrawn away is gone, never an error.
        let Some(span) = self.node.try_get_untracked().flatten() else {
            return;
        };
        self.shown = Some(seconds);
        // The text node's data, not the span's content: the view keeps that node and
        // writes to it when a poll redraws the line.
        if let Some(text) = span.first_child() {
            text.set_node_value(Some(&format::duration(seconds)));
        }
    }
}
