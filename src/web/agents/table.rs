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
    let measured = RwSignal::new(sizes::last());
    let selected = RwSignal::new(None::<Line>);
    let clock = use_clock();
    let ticker = ticker::start(clock);
    let config = use_context::<Config>().unwrap_or_default();
    let (kiosk, slot_ms) = (config.kiosk, f64::from(config.rotate_s) * 1000.0);

    // A kiosk pages the lines its screen holds instead of scrolling.
    let per_page =
        Memo::new(move |_| measured.with(|s| ((s.viewport_px - s.head_px) / s.line_px).floor().max(1.0) as usize));
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
        let s = measured.get();
        let scrolled = (scroll_px.get() - s.head_px).max(0.0);
        Window::of(lines, s.line_px, scrolled, s.viewport_px - s.head_px)
    });
    // Columns the screen has no room for, by priority (kiosk only: elsewhere the
    // table scrolls sideways or becomes a list).
    let hidden = move || {
        kiosk.then(|| {
            let kept = fit::columns_that_fit(measured.with(|s| s.viewport_w / s.rem_px));
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
        let old = measured.get_untracked();
        let mut next = Sizes {
            viewport_px: f64::from(el.client_height()),
            ..old
        };
        if kiosk {
            next.viewport_w = f64::from(el.client_width());
            next.rem_px = crate::web::fit::root_font_px();
        }
        let height = |selector: &str| {
            el.query_selector(selector)
                .ok()
                .flatten()
                .map(|e| e.get_bounding_client_rect().height())
                .filter(|h| *h >= 1.0)
        };
        // A quarter pixel either way is rounding, not a new row height.
        if let Some(h) = height("tr.agent-row").filter(|h| (h - old.line_px).abs() > 0.25) {
            next.line_px = h;
        }
        if let Some(h) = height("thead").filter(|h| (h - old.head_px).abs() > 0.25) {
            next.head_px = h;
        }
        if next != old {
            measured.set(next);
            sizes::remember(next);
        }
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
