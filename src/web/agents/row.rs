//! One line of the agent table. A row reads its agent through a memo keyed by user
//! id, so a poll re-renders only the cells that changed; its two durations are set
//! by the table's ticker, so a tick costs one pass over the rows on screen, not a
//! reactive closure per cell.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use leptos::html;
use leptos::prelude::*;

use super::controls::Badge;
use super::ticker::{text_node, Ticker};
use crate::agents::ticking::{Counts, RowKey};
use crate::agents::{Agent, Column, Line, TeamAgents};
use crate::config::{Config, Level, StateLimits};
use crate::format;
use crate::web::browser;
use crate::web::clock::use_clock;

/// An agent's row.
#[component]
pub fn AgentRow(
    team: Memo<Arc<TeamAgents>>,
    id: Arc<str>,
    rowindex: Signal<usize>,
    line: Line,
    selected: RwSignal<Option<Line>>,
    ticker: Ticker,
) -> impl IntoView {
    let clock = use_clock();
    let config = use_context::<Config>().unwrap_or_default();
    let limits: Arc<StateLimits> = Arc::new(config.thresholds.states.clone());
    let offset_min = config
        .tz_offset
        .map_or_else(browser::local_offset_minutes, |tz| tz.seconds() / 60);

    let agent = Memo::new(move |_| team.with(|t| t.get(&id).cloned()));
    let text = move |f: fn(&Agent) -> String| move || agent.with(|a| a.as_ref().map(f).unwrap_or_default());
    let limit = {
        let limits = Arc::clone(&limits);
        Memo::new(move |_| {
            agent.with(|a| {
                a.as_ref()
                    .and_then(|a| limits.get(&a.state.key))
                    .map(|l| (l.warn_s, l.critical_s))
            })
        })
    };
    // The two durations tick through the table's ticker (one pass per second for all
    // rows), which also moves `level` when the time in state crosses a limit.
    let level = RwSignal::new(Level::Normal);
    let in_state_cell = NodeRef::<html::Span>::new();
    let signed_on_cell = NodeRef::<html::Span>::new();
    let key = StoredValue::new(None::<RowKey>);
    Effect::new(move |_| {
        let counts = agent.with(|a| {
            a.as_ref().map_or_else(Counts::default, |a| Counts {
                in_state: a.in_state,
                signed_on: a.signed_on,
                limit: limit.get(),
            })
        });
        let (Some(in_state), Some(signed_on)) = (text_node(in_state_cell.get()), text_node(signed_on_cell.get()))
        else {
            return;
        };
        let row = if let Some(row) = key.get_value() {
            row
        } else {
            let Some(row) = ticker.try_update_value(|t| t.add(in_state, signed_on, level)) else {
                return;
            };
            key.set_value(Some(row));
            row
        };
        let now = clock.0.with_untracked(|t| t.mono_ms);
        if let Some(Some((sink, changed))) = ticker.try_update_value(|t| t.set(row, counts, now)) {
            sink.set(changed);
        }
    });
    on_cleanup(move || {
        if let Some(row) = key.try_get_value().flatten() {
            ticker.try_update_value(|t| t.remove(row));
        }
    });
    let cue = move || match (level.get(), limit.get()) {
        (Level::Warn, Some((warn, _))) => format!("▲ over {}", format::duration(warn as u64)),
        (Level::Critical, Some((_, critical))) => format!("◆ over {}", format::duration(critical as u64)),
        _ => String::new(),
    };
    let time = move |f: fn(&Agent) -> Option<DateTime<FixedOffset>>| {
        move || {
            agent.with(|a| {
                a.as_ref()
                    .and_then(f)
                    .map_or_else(String::new, |t| format::clock(t.timestamp_millis() as f64, offset_min))
            })
        }
    };
    let badge = move || agent.with(|a| a.as_ref().map(|a| a.state.clone()));
    let is_selected = {
        let line = line.clone();
        move || selected.with(|s| s.as_ref() == Some(&line))
    };
    let class = move || format!("agent-row agent-row--{}", level.get().as_str());
    view! {
        <tr
            class=class
            aria-rowindex=rowindex
            aria-selected=move || if is_selected() { "true" } else { "false" }
            data-testid="agent-row"
            data-level=move || level.get().as_str()
            on:click=move |_| selected.set(Some(line.clone()))
        >
            <th scope="row" class="agent-row__name" data-col="name">{text(|a| a.name.clone())}</th>
            <td data-col="team">{text(|a| a.team_name.clone())}</td>
            <td data-col="state">{move || badge().map(|b| view! { <Badge badge=b /> })}</td>
            <td data-col="reason">{text(|a| a.reason.clone())}</td>
            <td data-col="in-state" class="agent-row__duration">
                <span data-testid="in-state" node_ref=in_state_cell>" "</span>
                <span class="agent-row__cue" data-testid="limit-cue">{cue}</span>
            </td>
            <td data-col="signed-on" class="agent-row__duration">
                <span node_ref=signed_on_cell>" "</span>
            </td>
            <td data-col="interactions" class="agent-row__number">{text(|a| format::count(a.interactions))}</td>
            <td data-col="sign-on-time" class="agent-row__time">{time(|a| a.sign_on_time)}</td>
            <td data-col="state-start" class="agent-row__time">{time(|a| a.state_start_time)}</td>
        </tr>
    }
}

/// A team's header line when grouping by team.
#[component]
pub fn GroupRow(name: String, shown: usize, rowindex: Signal<usize>) -> impl IntoView {
    view! {
        <tr class="agent-table__group" aria-rowindex=rowindex data-testid="group-row">
            <th scope="rowgroup" colspan=Column::ALL.len()>
                <bdi>{name}</bdi>
                <span class="agent-table__group-count">{format!(" · {}", format::plural(shown, "agent", "agents"))}</span>
            </th>
        </tr>
    }
}
