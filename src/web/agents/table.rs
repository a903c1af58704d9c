//! The agent table, virtualised: only the lines in view (plus a margin) are in the
//! DOM, between two spacer rows standing in for the rest, so its cost does not grow
//! with the number of agents. Semantic table markup with `aria-rowcount` and
//! `aria-rowindex`, so screen readers know the real size.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use super::expect_table_state;
use super::row::{AgentRow, GroupRow};
use super::sizes::{self, Sizes};
use super::ticker;
use crate::agents::{Column, Layout, Line, TeamAgents, Window};
use crate::config::Config;
use crate::fit;
use crate::web::clock::use_clock;
use crate::web::hooks::use_window_event;

/// The table of the lines in `layout`, rows filled from the per-team agents.
#[component]
pub fn AgentTable(teams: Arc<[Memo<Arc<TeamAgents>>]>, layout: Signal<Layout>) -> impl IntoView {
    let state = expect_table_state();
    let scroller = NodeRef::<html::Div>::new();
    let scroll_px = RwSignal::new(0.0);
    let start = sizes::last();
    let viewport_px = RwSignal::new(start.viewport_px);
    let line_px = RwSignal::new(start.line_px);
    let head_px = RwSignal::new(start.head_px);
    let selected = RwSignal::new(None::<Line>);
    let clock = use_clock();
    let ticker = ticker::start(clock);
    let config = use_context::<Config>().unwrap_or_default();
    let (kiosk, slot_ms) = (config.kiosk, f64::from(config.rotate_s) * 1000.0);
    let viewport_w = RwSignal::new(start.viewport_w);
    let rem_px = RwSignal::new(start.rem_px);

    // A kiosk pages the lines its screen holds instead of scrolling.
    let per_page = Memo::new(move |_| ((viewport_px.get() - head_px.get()) / line_px.get()).floor().max(1.0) as usize);
    let pages = Memo::new(move |_| layout.with(|l| l.lines.len()).div_ceil(per_page.get()).max(1));
    let page = Memo::new(move |_| {
        let pages = pages.get();
        if kiosk && pages > 1 {
            fit::page_at(clock.get().wall_ms, slot_ms, pages)
        } else {
            0
        }
    });
    let window = Memo::new(move |_| {
        let lines = layout.with(|l| l.lines.len());
        if kiosk {
            let start = (page.get() * per_page.get()).min(lines);
            return Window {
                start,
                end: (start + per_page.get()).min(lines),
                before_px: 0.0,
                after_px: 0.0,
            };
        }
        let scrolled = (scroll_px.get() - head_px.get()).max(0.0);
        Window::of(lines, line_px.get(), scrolled, viewport_px.get() - head_px.get())
    });
    // Columns the screen has no room for, by priority (kiosk only: elsewhere the
    // table scrolls sideways or becomes a list).
    let hidden = move || {
        kiosk.then(|| {
            let kept = fit::columns_that_fit(viewport_w.get() / rem_px.get());
            Column::ALL
                .into_iter()
                .filter(|c| !kept.contains(c))
                .map(Column::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let visible = Memo::new(move |_| {
        let w = window.get();
        layout.with(|l| l.lines.get(w.start..w.end).map(<[Line]>::to_vec).unwrap_or_default())
    });

    // Sizes come from CSS (text scale, kiosk type), so they are measured, not assumed.
    let measure = move || {
        // A frame asked for just before the view left the screen runs after it is gone.
        let Some(Some(el)) = scroller.try_get_untracked() else {
            return;
        };
        let viewport = f64::from(el.client_height());
        if viewport != viewport_px.get_untracked() {
            viewport_px.set(viewport);
        }
        if kiosk {
            let (width, rem) = (f64::from(el.client_width()), crate::web::fit::root_font_px());
            if width != viewport_w.get_untracked() {
                viewport_w.set(width);
            }
            if rem != rem_px.get_untracked() {
                rem_px.set(rem);
            }
        }
        let height = |selector: &str| {
            el.query_selector(selector)
                .ok()
                .flatten()
                .map(|e| e.get_bounding_client_rect().height())
                .filter(|h| *h >= 1.0)
        };
        if let Some(h) = height("tr.agent-row") {
            if (h - line_px.get_untracked()).abs() > 0.25 {
                line_px.set(h);
            }
        }
        if let Some(h) = height("thead") {
            if (h - head_px.get_untracked()).abs() > 0.25 {
                head_px.set(h);
            }
        }
        sizes::remember(Sizes {
            viewport_px: viewport_px.get_untracked(),
            viewport_w: viewport_w.get_untracked(),
            rem_px: rem_px.get_untracked(),
            line_px: line_px.get_untracked(),
            head_px: head_px.get_untracked(),
        });
    };
    Effect::new(move |_| {
        visible.track();
        request_animation_frame(measure);
    });
    use_window_event("resize", move |_| measure());
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            scroll_px.set(f64::from(el.scroll_top()));
        }
    };

    let row_index = move |line: &Line| {
        let line = line.clone();
        // 1-based, after the header row.
        Signal::derive(move || {
            visible
                .with(|v| v.iter().position(|l| *l == line))
                .map_or(0, |p| window.get().start + p + 2)
        })
    };
    let sort_label = move || {
        let s = state.sort.get();
        format!(
            "Agents, sorted by {} {}",
            s.column.title().to_lowercase(),
            if s.descending { "descending" } else { "ascending" }
        )
    };
    view! {
        <div
            class="agent-table__scroller"
            node_ref=scroller
            on:scroll=on_scroll
            tabindex="0"
            role="region"
            aria-label="Agents table"
            data-testid="agent-scroller"
        >
            <table
                class="agent-table"
                data-testid="agent-table"
                data-hide=hidden
                aria-rowcount=move || layout.with(|l| l.lines.len() + 1)
            >
                <caption class="visually-hidden">{sort_label}</caption>
                <thead>
                    <tr aria-rowindex="1">{Column::ALL.into_iter().map(|c| view! { <HeaderCell column=c /> }).collect_view()}</tr>
                </thead>
                <tbody>
                    <tr class="agent-table__spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().before_px)>
                        <td colspan=Column::ALL.len()></td>
                    </tr>
                    <For
                        each=move || visible.get()
                        key=|line| line.clone()
                        children=move |line| match &line {
                            Line::Group { name, shown, .. } => {
                                view! { <GroupRow name=name.clone() shown=*shown rowindex=row_index(&line) /> }.into_any()
                            }
                            Line::Agent { team, id } => match teams.get(*team) {
                                Some(memo) => view! {
                                    <AgentRow team=*memo id=Arc::clone(id) rowindex=row_index(&line) line=line.clone() selected=selected ticker=ticker />
                                }
                                .into_any(),
                                None => ().into_any(),
                            },
                        }
                    />
                    <tr class="agent-table__spacer" aria-hidden="true" style:height=move || format!("{}px", window.get().after_px)>
                        <td colspan=Column::ALL.len()></td>
                    </tr>
                </tbody>
            </table>
        </div>
        {kiosk
            .then(|| {
                view! {
                    <p class="agent-table__page" data-testid="fit-page">
                        {move || fit::page_label(page.get(), pages.get()).unwrap_or_default()}
                    </p>
                }
            })}
    }
}

/// A column header that sorts by its column (a button, so keyboards reach it).
#[component]
fn HeaderCell(column: Column) -> impl IntoView {
    let state = expect_table_state();
    let direction = move || {
        state
            .sort
            .with(|s| (s.column == column).then_some(if s.descending { "descending" } else { "ascending" }))
    };
    let arrow = move || match direction() {
        Some("descending") => "▼",
        Some(_) => "▲",
        None => "↕",
    };
    view! {
        <th scope="col" class=format!("agent-table__head agent-table__head--{}", column.as_str()) data-col=column.as_str() aria-sort=move || direction().unwrap_or("none")>
            <button
                type="button"
                class="agent-table__sort"
                data-testid=format!("sort-{}", column.as_str())
                on:click=move |_| state.sort.update(|s| *s = s.toggled(column))
            >
                {column.title()}
                <span class="agent-table__arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
