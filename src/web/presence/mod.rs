//! The Presence view: who is logged on (everyone, or per work type), searchable,
//! with users flagged who are in presence but in no team, or the reverse.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::agents::TeamAgents;
use crate::fit::cards::table_section;
use crate::presence::{reconcile, Mismatch, PresentUser};
use crate::web::derived::{per_answer, team_agents};
use crate::web::fit::{is_kiosk, use_paging, PageLabel};
use crate::web::freshness_badge::FreshnessBadge;
use crate::web::inputs::SearchBox;
use crate::web::store::use_store;

/// Rows drawn at most; a search narrows a floor of thousands.
const MAX_ROWS: usize = 300;

/// The Presence view.
#[component]
pub fn Presence() -> impl IntoView {
    let store = use_store();
    // Position in `store.presence`: 0 is everyone logged on.
    let source = RwSignal::new(0usize);
    let search = RwSignal::new(String::new());
    let slots = Arc::clone(&store.presence);
    // Everyone logged on, read once an answer: the list (its first choice) and the
    // reconciliation share it.
    let everyone = {
        let first = slots.first().cloned();
        per_answer(move || {
            first
                .as_ref()?
                .data
                .with(|d| d.as_ref().map(|s| Arc::new(PresentUser::all_of(&s.value))))
        })
    };
    let users = {
        let slots = Arc::clone(&slots);
        per_answer(move || match source.get() {
            0 => everyone.get(),
            n => slots
                .get(n)?
                .data
                .with(|d| d.as_ref().map(|s| Arc::new(PresentUser::all_of(&s.value)))),
        })
    };
    let shown = Memo::new(move |_| {
        let needle = search.get();
        users.with(|u| {
            u.as_ref()
                .map(|u| u.iter().filter(|p| p.matches(&needle)).cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Reconciled against everyone logged on only: a per-work-type list is a subset.
    let teams = team_agents(&store);
    let mismatch = Memo::new(move |_| {
        let present = everyone.get()?;
        // Only when every team has answered, or an unanswered team's agents would all
        // look missing.
        let teams: Vec<Arc<TeamAgents>> = teams.iter().map(|t| t.get()).collect::<Option<_>>()?;
        Some(reconcile(&present, &teams.iter().map(Arc::as_ref).collect::<Vec<_>>()))
    });
    let freshness = {
        let slots = Arc::clone(&slots);
        Signal::derive(move || {
            slots
                .get(source.get())
                .map_or(crate::freshness::Freshness::Waiting, super::store::Slot::freshness)
        })
    };
    let options: Vec<(usize, String)> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                i,
                if s.id.is_empty() {
                    "All work types".to_owned()
                } else {
                    s.id.to_string()
                },
            )
        })
        .collect();
    let count = move || {
        let total = users.with(|u| u.as_ref().map_or(0, |u| u.len()));
        let matching = shown.with(Vec::len);
        if matching == total {
            format!("{total} logged on")
        } else {
            format!("{matching} of {total} logged on match")
        }
    };
    // Kiosk mode pages the rows the screen holds; elsewhere the first MAX_ROWS show.
    // A kiosk states the disagreement within the controls' one line: a notice above the
    // table that came and went with each poll would change the rows a page holds, and
    // so the pages, while they turn.
    let kiosk = is_kiosk();
    let area = NodeRef::<html::Div>::new();
    let rows = Memo::new(move |_| shown.with(|s| s.len().min(MAX_ROWS)));
    let paging = use_paging(area, move |a| vec![table_section(rows.get(), a.width, a.rem)]);
    let on_page = move || {
        let range = paging.cards(0);
        let (start, end) = (range.first().copied().unwrap_or(0), range.last().map_or(0, |l| l + 1));
        shown.with(|s| {
            s.get(start..end.min(s.len()))
                .map(<[PresentUser]>::to_vec)
                .unwrap_or_default()
        })
    };
    view! {
        <section class="presence" data-testid="view-presence">
            <div class="agents__controls" role="search">
                <label class="control">
                    <span class="control__label">"Work type"</span>
                    <select
                        class="control__input"
                        data-testid="presence-work-type"
                        on:change=move |ev| source.set(event_target_value(&ev).parse().unwrap_or(0))
                    >
                        {options.into_iter().map(|(i, label)| view! { <option value=i.to_string()>{label}</option> }).collect_view()}
                    </select>
                </label>
                <SearchBox
                    label="Search users"
                    placeholder="Name, id or e-mail"
                    testid="presence-search"
                    on_search=move |text| search.set(text)
                />
                <p class="state-summary__shown" aria-live="polite" data-testid="presence-count">{count}<PageLabel paging=paging /></p>
                <FreshnessBadge freshness=freshness />
                {kiosk.then(|| view! { <MismatchLine mismatch=mismatch /> })}
            </div>
            {(!kiosk).then(|| view! { <MismatchNotes mismatch=mismatch /> })}
            <div class="presence__table-wrap fit-area" node_ref=area>
                <table class="agent-table presence-table" data-testid="presence-table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"User id"</th>
                            <th scope="col">"E-mail"</th>
                            <th scope="col">"Session"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=on_page
                            key=|u| u.clone()
                            children=move |u| {
                                view! {
                                    <tr class="agent-row" data-testid="presence-row">
                                        <th scope="row" class="agent-row__name">{u.name}</th>
                                        <td>{u.id}</td>
                                        <td>{u.email}</td>
                                        <td>{u.session}</td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
                {move || {
                    let n = shown.with(Vec::len);
                    (n > MAX_ROWS).then(|| view! { <p class="panel__empty">{format!("Showing the first {MAX_ROWS} of {n}: search to narrow.")}</p> })
                }}
            </div>
        </section>
    }
}

/// The disagreement as one line that never wraps (a kiosk's).
#[component]
fn MismatchLine(mismatch: Memo<Option<Mismatch>>) -> impl IntoView {
    let line = move || mismatch.with(|m| m.as_ref().and_then(Mismatch::summary));
    view! {
        <p class="presence__mismatch-line" data-testid="presence-mismatch" hidden=move || line().is_none()>
            {line}
        </p>
    }
}

/// Users in presence but in no team, and the reverse, named.
#[component]
fn MismatchNotes(mismatch: Memo<Option<Mismatch>>) -> impl IntoView {
    // Each name isolated: a name's bidirectional controls must not reorder the list.
    let list = |people: &[(String, String)]| {
        let names = people
            .iter()
            .take(20)
            .enumerate()
            .map(|(i, (id, name))| {
                let id = (id != name).then(|| format!(" ({id})"));
                view! { {(i > 0).then_some(", ")}<bdi>{name.clone()}</bdi>{id} }
            })
            .collect_view();
        let more = people.len().saturating_sub(20);
        view! { {names}{(more > 0).then(|| format!(" and {more} more"))} }
    };
    move || {
        mismatch.with(|m| {
            let m = m.as_ref()?;
            if m.only_in_presence.is_empty() && m.only_in_teams.is_empty() {
                return None;
            }
            Some(view! {
                <section class="notice presence__mismatch" data-testid="presence-mismatch">
                    <h2 class="config-issues__title">"⚠ Presence and teams disagree"</h2>
                    {(!m.only_in_presence.is_empty()).then(|| view! {
                        <p data-testid="only-in-presence">
                            <strong>{format!("{} logged on but in no configured team: ", m.only_in_presence.len())}</strong>
                            <span class="presence__names">{list(&m.only_in_presence)}</span>
                        </p>
                    })}
                    {(!m.only_in_teams.is_empty()).then(|| view! {
                        <p data-testid="only-in-teams">
                            <strong>{format!("{} signed on in a team but not logged on in presence: ", m.only_in_teams.len())}</strong>
                            <span class="presence__names">{list(&m.only_in_teams)}</span>
                        </p>
                    })}
                </section>
            })
        })
    }
}
