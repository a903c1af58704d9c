//! One line of the agent table. A row reads its agent through a memo keyed by user
//! id, so a poll re-renders only the cells that changed, and only rows on screen
//! read the clock.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;

use super::controls::Badge;
use crate::agents::{Agent, Line, TeamAgents};
use crate::config::{Config, Level, StateLimits};
use crate::format;
use crate::web::browser;
use crate::web::clock::expect_clock;

/// An agent's row.
#[component]
pub fn AgentRow(
    team: Memo<Arc<TeamAgents>>,
    id: Arc<str>,
    rowindex: Signal<usize>,
    line: Line,
    selected: RwSignal<Option<Line>>,
) -> impl IntoView {
    let clock = expect_clock();
    let config = use_context::<Config>().unwrap_or_default();
    let limits: Arc<StateLimits> = Arc::new(config.thresholds.states.clone());
    let offset_min = config
        .tz_offset
        .map_or_else(browser::local_offset_minutes, |tz| tz.seconds() / 60);

    let agent = Memo::new(move |_| team.with(|t| t.get(&id).cloned()));
    let text = move |f: fn(&Agent) -> String| move || agent.with(|a| a.as_ref().map(f).unwrap_or_default());
    let in_state_s = Memo::new(move |_| {
        let now = clock.get().mono_ms;
        agent.with(|a| a.as_ref().and_then(|a| a.in_state_s(now)))
    });
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
    let level = Memo::new(move |_| match (in_state_s.get(), limit.get()) {
        (Some(s), Some((warn, critical))) => Level::of(s as f64, warn, critical),
        _ => Level::Normal,
    });
    let cue = move || match (level.get(), limit.get()) {
        (Level::Warn, Some((warn, _))) => format!("▲ over {}", format::duration(warn as u64)),
        (Level::Critical, Some((_, critical))) => format!("◆ over {}", format::duration(critical as u64)),
        _ => String::new(),
    };
    let signed_on = move || {
        let now = clock.get().mono_ms;
        agent.with(|a| {
            a.as_ref()
                .and_then(|a| a.signed_on)
                .map_or_else(String::new, |d| format::duration(d.seconds_at(now)))
        })
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
                <span data-testid="in-state">{move || in_state_s.get().map(format::duration).unwrap_or_default()}</span>
                <span class="agent-row__cue" data-testid="limit-cue">{cue}</span>
            </td>
            <td data-col="signed-on" class="agent-row__duration">{signed_on}</td>
            <td data-col="interactions" class="agent-row__number">{text(|a| format::count(a.interactions))}</td>
            <td data-col="sign-on-time" class="agent-row__time">{time(|a| a.sign_on_time)}</td>
            <td data-col="state-start" class="agent-row__time">{time(|a| a.state_start_time)}</td>
        </tr>
    }
}

/// A team's header line when grouping by team.
#[component]
pub fn GroupRow(name: String, shown: usize, rowindex: Signal<usize>) -> impl IntoView {
    let agents = if shown == 1 { "agent" } else { "agents" };
    view! {
        <tr class="agent-table__group" aria-rowindex=rowindex data-testid="group-row">
            <th scope="rowgroup" colspan="9">
                {name}
                <span class="agent-table__group-count">{format!(" · {shown} {agents}")}</span>
            </th>
        </tr>
    }
}
