//! A team's card: who is signed on and in which state, as numbers and as a bar.

use floorview_reporting::{TeamActivity, TeamActivityRow};
use leptos::prelude::*;

use crate::format;
use crate::overview::{state_class, team_row, team_segments};
use crate::web::freshness_badge::FreshnessBadge;
use crate::web::state_bar::StateBar;
use crate::web::store::Slot;

/// One configured team: name, agents signed on, all eleven state counters and a
/// labelled stacked bar.
#[component]
pub fn TeamCard(source: Slot<TeamActivity>) -> impl IntoView {
    let slot = source;
    let id = slot.id.clone();
    let row = {
        let (slot, id) = (slot.clone(), id.clone());
        Memo::new(move |_| {
            slot.data
                .with(|d| d.as_ref().and_then(|s| team_row(&s.value.rows, &id).cloned()))
        })
    };
    let freshness = slot.freshness_signal();
    let name = {
        let id = id.clone();
        move || {
            row.with(|r| {
                r.as_ref()
                    .and_then(|r| r.team_name.clone())
                    .filter(|n| !n.trim().is_empty())
            })
            .unwrap_or_else(|| id.to_string())
        }
    };
    let signed_on = move || row.with(|r| r.as_ref().map(|r| r.signed_on().to_string()).unwrap_or_default());
    view! {
        <article class="panel team-card" data-testid="team-card" data-team-id=id.to_string()>
            <header class="panel__header">
                <h3 class="panel__title" data-testid="team-name">{name}</h3>
                <FreshnessBadge freshness=freshness />
            </header>
            <Show
                when=move || row.with(Option::is_some)
                fallback=move || view! { <p class="panel__empty" data-testid="panel-empty">{move || freshness.with(|f| f.label(crate::web::browser::local_offset_minutes()))}</p> }
            >
                <p class="team-card__signed-on">
                    <span class="team-card__signed-on-count" data-testid="signed-on">{signed_on}</span>
                    " signed on"
                </p>
                <StateBar segments=Memo::new(move |_| row.with(|r| r.as_ref().map(team_segments).unwrap_or_default())) labelled=true />
                <Counters row=row />
            </Show>
        </article>
    }
}

/// All eleven `teamActivity` counters, each with its state's swatch and name.
#[component]
fn Counters(row: Memo<Option<TeamActivityRow>>) -> impl IntoView {
    let labels = TeamActivityRow::default().counters().map(|(label, _)| label);
    view! {
        <dl class="counters">
            {labels
                .into_iter()
                .enumerate()
                .map(|(i, label)| {
                    let class = state_class(label);
                    let value = move || row.with(|r| format::count(r.as_ref().and_then(|r| r.counters()[i].1)));
                    view! {
                        <div class=format!("counter state--{class}") data-testid=format!("counter-{class}")>
                            <dt class="counter__label"><span class="swatch" aria-hidden="true"></span>{label}</dt>
                            <dd class="counter__value">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
