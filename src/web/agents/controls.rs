//! The controls above the agent table: search, team and state filters, grouping,
//! breach bubbling, and the per-state summary of the rows shown.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::expect_table_state;
use crate::agents::state::KNOWN;
use crate::agents::{Layout, StateBadge};
use crate::format;
use crate::web::inputs::{CheckBox, SearchBox};

/// Search, filters and arrangement options.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn Controls(team_ids: Arc<[String]>, layout: Signal<Layout>, open: RwSignal<bool>) -> impl IntoView {
    let state = expect_table_state();
    // Every known state, and any other the data brought, so a new one can be filtered.
    let states = Memo::new(move |_| {
        let mut all: Vec<StateBadge> = KNOWN.iter().map(StateBadge::known).collect();
        layout.with(|l| {
            for (badge, _) in &l.states {
                if !all.iter().any(|s| s.key == badge.key) {
                    all.push(badge.clone());
                }
            }
        });
        all
    });
    let team_options: Vec<(String, String)> = team_ids.iter().map(|id| (id.clone(), id.clone())).collect();
    view! {
        <div
            class=move || if open.get() { "agents__controls agents__controls--open" } else { "agents__controls" }
            id="agent-controls"
            role="search"
        >
            <SearchBox
                label="Search agents"
                placeholder="Name or id"
                testid="agent-search"
                value=Signal::derive(move || state.filter.with(|f| f.search.clone()))
                on_search=move |text| state.filter.update(|f| f.search = text)
            />
            <MultiSelect
                label="Teams"
                testid="team-filter"
                options=Signal::derive(move || team_options.clone())
                selected=Signal::derive(move || state.filter.with(|f| f.teams.clone()))
                on_toggle=move |id: String| state.filter.update(|f| toggle(&mut f.teams, id))
            />
            <MultiSelect
                label="States"
                testid="state-filter"
                options=Signal::derive(move || states.with(|s| s.iter().map(|b| (b.key.clone(), b.label.clone())).collect()))
                selected=Signal::derive(move || state.filter.with(|f| f.states.clone()))
                on_toggle=move |key: String| state.filter.update(|f| toggle(&mut f.states, key))
            />
            <CheckBox
                label="Group by team"
                testid="group-by-team"
                checked=Signal::derive(move || state.arrange.with(|a| a.group_by_team))
                on_change=move |on| state.arrange.update(|a| a.group_by_team = on)
            />
            <CheckBox
                label="Over the limit first"
                testid="breached-first"
                checked=Signal::derive(move || state.arrange.with(|a| a.breached_first))
                on_change=move |on| state.arrange.update(|a| a.breached_first = on)
            />
        </div>
    }
}

fn toggle(set: &mut BTreeSet<String>, value: String) {
    if !set.remove(&value) {
        set.insert(value);
    }
}

/// A labelled dropdown of checkboxes; nothing ticked means all.
#[component]
fn MultiSelect(
    label: &'static str,
    testid: &'static str,
    options: Signal<Vec<(String, String)>>,
    selected: Signal<BTreeSet<String>>,
    on_toggle: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let summary = move || {
        let n = selected.with(BTreeSet::len);
        if n == 0 {
            format!("{label}: all")
        } else {
            format!("{label}: {n} selected")
        }
    };
    view! {
        <details class="multi-select" data-testid=testid>
            <summary class="multi-select__summary">{summary}</summary>
            <fieldset class="multi-select__options">
                <legend class="visually-hidden">{label}</legend>
                <For
                    each=move || options.get()
                    key=|(value, _)| value.clone()
                    children=move |(value, text)| {
                        let checked = {
                            let value = value.clone();
                            move || selected.with(|s| s.contains(&value))
                        };
                        view! {
                            <label class="multi-select__option">
                                <input
                                    type="checkbox"
                                    value=value.clone()
                                    prop:checked=checked
                                    on:change=move |_| on_toggle(value.clone())
                                />
                                {text}
                            </label>
                        }
                    }
                />
            </fieldset>
        </details>
    }
}

/// The count of agents shown per state (the strip doubles as the legend: each state
/// with its icon, colour and name), and how many of all are shown.
#[component]
pub fn StateSummary(layout: Signal<Layout>) -> impl IntoView {
    let shown = move || {
        layout.with(|l| {
            if l.shown == l.total {
                format::plural(l.total, "agent", "agents")
            } else {
                format!("{} of {} shown", l.shown, format::plural(l.total, "agent", "agents"))
            }
        })
    };
    view! {
        <div class="state-summary" data-testid="state-summary">
            <p class="state-summary__shown" aria-live="polite" data-testid="agents-shown">{shown}</p>
            <ul class="state-summary__list" aria-label="Agents shown per state">
                <For
                    each=move || layout.with(|l| l.states.clone())
                    key=|entry| entry.clone()
                    children=move |(badge, count)| {
                        let key = badge.key.clone();
                        view! {
                            <li class="state-summary__item" data-state=key data-count=count>
                                <Badge badge=badge />
                                <span class="state-summary__count">{count}</span>
                            </li>
                        }
                    }
                />
            </ul>
        </div>
    }
}

/// A state as icon shape, colour and words.
#[component]
pub fn Badge(badge: StateBadge) -> impl IntoView {
    view! {
        <span class=format!("state-badge state--{}", badge.class) data-state=badge.key>
            <span class="state-badge__icon" aria-hidden="true">{badge.icon}</span>
            <span class="state-badge__label">{badge.label}</span>
        </span>
    }
}
