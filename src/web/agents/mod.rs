//! The Agents view: every agent of every configured team in one live table, with
//! filters, sorting, grouping and a per-state summary of exactly the rows shown.

mod controls;
mod row;
mod sizes;
mod table;
mod ticker;

use std::sync::Arc;

use leptos::prelude::*;

use crate::agents::{merge, Arrange, Choice, Filter, Layout, Sort, TeamAgents, TeamOrder};
use crate::config::Config;
use crate::route::hash_params;
use crate::web::browser;
use crate::web::clock::use_clock;
use crate::web::hooks::use_window_event;
use crate::web::store::use_store;

use controls::{Controls, StateSummary};
use table::AgentTable;

/// What the user chose: shared by the controls and the table.
#[derive(Debug, Clone, Copy)]
struct TableState {
    filter: RwSignal<Filter>,
    sort: RwSignal<Sort>,
    arrange: RwSignal<Arrange>,
}

/// The Agents view.
#[component]
pub fn Agents() -> impl IntoView {
    let store = use_store();
    let config = use_context::<Config>().unwrap_or_default();
    let clock = use_clock();
    let team_ids: Arc<[String]> = config.teams.clone().into();
    let limits = Arc::new(config.thresholds.states.clone());

    // One memo per team: a poll of one team re-derives only that team's agents.
    let teams: Vec<Memo<Arc<TeamAgents>>> = store
        .users
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let slot = slot.clone();
            Memo::new(move |_| {
                slot.data.with(|d| {
                    Arc::new(
                        d.as_ref()
                            .map(|s| TeamAgents::from_payload(&s.value, i, &slot.id, &s.at))
                            .unwrap_or_default(),
                    )
                })
            })
        })
        .collect();
    let teams: Arc<[Memo<Arc<TeamAgents>>]> = teams.into();

    let state = TableState {
        filter: RwSignal::new(filter_from_hash(&browser::hash())),
        sort: RwSignal::new(Sort::default()),
        arrange: RwSignal::new(Arrange::default()),
    };
    // The kiosk playlist moves between `#/agents?team=a` and `#/agents?team=b` without
    // leaving the view.
    use_window_event("hashchange", move |_| {
        let from_hash = filter_from_hash(&browser::hash());
        state.filter.update(|f| {
            f.teams = from_hash.teams;
            f.states = from_hash.states;
        });
    });

    // One order per team: a poll of one team re-sorts only its agents; the layout
    // then merges the teams' sorted runs.
    let orders: Vec<Memo<Arc<TeamOrder>>> = teams
        .iter()
        .enumerate()
        .map(|(i, team)| {
            let (team, team_ids, limits) = (*team, Arc::clone(&team_ids), Arc::clone(&limits));
            Memo::new(move |_| {
                let arrange = state.arrange.get();
                // Only bubbling by breach depends on the time; sorting by time in
                // state does not (see `agents::table`).
                let now_mono_ms = if arrange.breached_first {
                    clock.get().mono_ms
                } else {
                    0.0
                };
                let sort = state.sort.get();
                team.with(|t| {
                    state.filter.with(|filter| {
                        let choice = Choice {
                            filter,
                            sort,
                            arrange,
                            limits: &limits,
                            now_mono_ms,
                        };
                        Arc::new(TeamOrder::of(t, team_ids.get(i).map(String::as_str), &choice))
                    })
                })
            })
        })
        .collect();
    let layout = {
        let teams = Arc::clone(&teams);
        Memo::new(move |_| {
            let agents: Vec<Arc<TeamAgents>> = teams.iter().map(|m| m.get()).collect();
            let orders: Vec<Arc<TeamOrder>> = orders.iter().map(|m| m.get()).collect();
            merge(&agents, &orders, state.sort.get(), state.arrange.get())
        })
    };
    let layout: Signal<Layout> = layout.into();
    let loading = {
        let store = store.clone();
        move || store.users.iter().all(|s| s.data.with(Option::is_none))
    };
    let errors = move || {
        store
            .users
            .iter()
            .filter_map(|s| s.status.with(|st| st.error.clone()))
            .collect::<Vec<_>>()
    };

    provide_context(state);
    let kiosk = config.kiosk;
    // On a phone the filters fold behind one button.
    let filters_open = RwSignal::new(false);
    view! {
        <section class="agents" data-testid="view-agents">
            // A wallboard has no controls: its team and state filters come from the link.
            {(!kiosk)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button agents__filters-toggle"
                            aria-expanded=move || if filters_open.get() { "true" } else { "false" }
                            aria-controls="agent-controls"
                            data-testid="filters-toggle"
                            on:click=move |_| filters_open.update(|o| *o = !*o)
                        >
                            "Filters"
                        </button>
                        <Controls team_ids=team_ids.clone() layout=layout open=filters_open />
                    }
                })}
            <StateSummary layout=layout />
            <ul class="agents__problems" data-testid="agents-problems">
                {move || errors().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <Show
                when=move || !loading()
                fallback=|| view! { <p class="panel__empty" data-testid="agents-loading">"Waiting for the first agent data…"</p> }
            >
                <AgentTable teams=Arc::clone(&teams) layout=layout />
            </Show>
        </section>
    }
}

/// The team and state filters a link asks for (`#/agents?team=a&team=b&state=wrap`).
fn filter_from_hash(hash: &str) -> Filter {
    let mut filter = Filter::default();
    for (key, value) in hash_params(hash) {
        let values = value.split(',').map(str::trim).filter(|v| !v.is_empty());
        match key.as_str() {
            "team" | "teams" => filter.teams.extend(values.map(str::to_owned)),
            "state" | "states" => filter.states.extend(values.map(floorview_reporting::enums::normalise)),
            "q" => filter.search = value,
            _ => {}
        }
    }
    filter
}

/// The table state of the enclosing Agents view.
fn expect_table_state() -> TableState {
    use_context::<TableState>().unwrap_or(TableState {
        filter: RwSignal::new(Filter::default()),
        sort: RwSignal::new(Sort::default()),
        arrange: RwSignal::new(Arrange::default()),
    })
}
