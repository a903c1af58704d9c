//! The figure tiles: a number (with its sparkline and change since the board
//! opened) and a gauge. Both turn amber and red through the tile's hysteresis, with
//! the level's shape and words beside the colour, and pulse once on entering
//! critical when their alarm asks.

use leptos::prelude::*;

use super::data::BoardData;
use super::sound::Alarms;
use crate::board::evaluate::format_value;
use crate::board::figure::Figure;
use crate::board::model::{Alarm, Reading};
use crate::board::threshold::{Hysteresis, TileLimit};
use crate::config::Level;
use crate::trends::history::Series;

/// A figure tile's live value and level.
#[derive(Clone, Copy)]
pub struct Live {
    pub value: Signal<Option<f64>>,
    pub level: Memo<Level>,
    /// Entries into critical so far: each starts an alarm.
    pub critical_entries: Memo<u32>,
}

/// The value of `reading` as time passes, judged by `limit`.
pub fn use_live(data: &BoardData, reading: Reading, limit: TileLimit) -> Live {
    let figure = data.figure(reading);
    let clock = data.clock;
    // Only a running figure follows the clock.
    let value = Signal::derive(move || {
        figure.with(|f| {
            f.as_ref().map(|f: &Figure| {
                let now = if f.ticks() {
                    clock.get().mono_ms
                } else {
                    clock.0.get_untracked().mono_ms
                };
                f.at(now)
            })
        })
    });
    let judged = limit.warn.is_some() || limit.critical.is_some();
    let hysteresis = StoredValue::new(Hysteresis::default());
    let state = Memo::new(move |_| {
        if !judged {
            return (Level::Normal, 0);
        }
        let now = clock.0.get_untracked().wall_ms;
        let Some(v) = value.get() else {
            return hysteresis.with_value(|h| (h.shown(), h.critical_entries()));
        };
        hysteresis.update_value(|h| {
            h.step(&limit, v, now);
        });
        // Dwell and clear are times: while one runs, the level is judged again each
        // tick; otherwise only when the figure changes.
        if hysteresis.with_value(Hysteresis::waiting) {
            clock.0.track();
        }
        hysteresis.with_value(|h| (h.shown(), h.critical_entries()))
    });
    Live {
        value,
        level: Memo::new(move |_| state.get().0),
        critical_entries: Memo::new(move |_| state.get().1),
    }
}

/// The classes of a figure tile's body: its level, and the pulse of its latest
/// entry into critical (two names in turn, so each entry restarts the animation).
fn level_class(live: Live, alarm: Alarm) -> impl Fn() -> String {
    move || {
        let level = live.level.get();
        let entries = live.critical_entries.get();
        let pulse = if alarm.pulse && level == Level::Critical && entries > 0 {
            if entries.is_multiple_of(2) {
                " tile--pulse-a"
            } else {
                " tile--pulse-b"
            }
        } else {
            ""
        };
        format!("tile__body tile--{}{pulse}", level.as_str())
    }
}

/// Starts the tile's alarm sound, if it has one, and on a desk screen gives the
/// button that silences it until the tile next enters critical.
fn acknowledge_button(live: Live, alarm: Alarm) -> Option<impl IntoView> {
    let alarms = use_context::<Alarms>()?;
    let acknowledged = alarms.watch(live, alarm)?;
    alarms.can_acknowledge.then(|| {
        let pending = move || live.level.get() == Level::Critical && live.critical_entries.get() > acknowledged.get();
        view! {
            <Show when=pending>
                <button
                    type="button"
                    class="button tile__acknowledge"
                    data-testid="tile-acknowledge"
                    on:click=move |_| acknowledged.set(live.critical_entries.get_untracked())
                >
                    "Acknowledge"
                </button>
            </Show>
        }
    })
}

/// One big figure.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn NumberTile(
    data: BoardData,
    reading: Reading,
    limit: TileLimit,
    alarm: Alarm,
    sparkline_min: u32,
    show_change: bool,
) -> impl IntoView {
    let unit = reading.metric.unit();
    let live = use_live(&data, reading, limit);
    let acknowledge = acknowledge_button(live, alarm);
    let text = move || {
        live.value
            .get()
            .map_or_else(|| "—".to_owned(), |v| format_value(unit, v))
    };
    // The history under the figure: a point per new figure (each poll), at most one
    // every few seconds however fast the clock ticks.
    let history = (sparkline_min > 0 || show_change).then(|| {
        let window_ms = f64::from(sparkline_min.max(1)) * 60_000.0;
        let series = RwSignal::new(Series::new(window_ms, 240));
        let first = StoredValue::new(None::<f64>);
        let clock = data.clock;
        Effect::new(move |last: Option<f64>| {
            let now = clock.get().wall_ms;
            let due = last.is_none_or(|t| now - t >= (window_ms / 240.0).max(5000.0));
            match live.value.get_untracked() {
                Some(v) if due => {
                    if first.get_value().is_none() {
                        first.set_value(Some(v));
                    }
                    series.update(|s| s.push(now, v));
                    now
                }
                _ => last.unwrap_or(0.0),
            }
        });
        (series, first)
    });
    let spark = history.filter(|_| sparkline_min > 0).map(|(series, _)| {
        let path = move || {
            series.with(|s| {
                let end = s.points().last().map_or(0.0, |(t, _)| t);
                s.path(end, 100.0, 24.0, 0.0)
            })
        };
        view! {
            <svg class="tile__spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
                <path class="sparkline__line" d=path />
            </svg>
        }
    });
    let change = history.filter(|_| show_change).map(|(_, first)| {
        move || {
            let (Some(now), Some(start)) = (live.value.get(), first.get_value()) else {
                return String::new();
            };
            let d = now - start;
            let sign = if d > 0.0 {
                "▲ +"
            } else if d < 0.0 {
                "▼ −"
            } else {
                "±"
            };
            format!("{sign}{} since opened", format_value(unit, d.abs()))
        }
    });
    view! {
        <div class=level_class(live, alarm) data-testid="tile-figure" data-level=move || live.level.get().as_str()>
            <p class="tile__value" data-testid="tile-value">{text}</p>
            <p class="tile__level">{move || live.level.get().label()}</p>
            {change.map(|c| view! { <p class="tile__change" data-testid="tile-change">{c}</p> })}
            {spark}
            {acknowledge}
        </div>
    }
}

/// A figure out of `max` as a bar, its thresholds marked on it.
#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn GaugeTile(data: BoardData, reading: Reading, limit: TileLimit, alarm: Alarm, max: f64) -> impl IntoView {
    let unit = reading.metric.unit();
    let live = use_live(&data, reading, limit);
    let acknowledge = acknowledge_button(live, alarm);
    let width = move || live.value.get().map_or(0.0, |v| (v / max * 100.0).clamp(0.0, 100.0));
    let marks: Vec<(f64, &'static str)> = [(limit.warn, "warn"), (limit.critical, "critical")]
        .into_iter()
        .filter_map(|(v, class)| v.map(|v| ((v / max * 100.0).clamp(0.0, 100.0), class)))
        .collect();
    let text = move || {
        live.value
            .get()
            .map_or_else(|| "—".to_owned(), |v| format_value(unit, v))
    };
    view! {
        <div class=level_class(live, alarm) data-testid="tile-figure" data-level=move || live.level.get().as_str()>
            <p class="tile__value" data-testid="tile-value">{text}</p>
            <p class="tile__level">{move || live.level.get().label()}</p>
            <div class="tile-gauge" role="img" aria-label=move || format!("{} of {}", text(), format_value(unit, max))>
                <div class="tile-gauge__fill" style:width=move || format!("{:.1}%", width())></div>
                {marks
                    .into_iter()
                    .map(|(at, class)| view! { <span class=format!("tile-gauge__mark tile-gauge__mark--{class}") style:left=format!("{at:.1}%")></span> })
                    .collect_view()}
            </div>
            {acknowledge}
        </div>
    }
}
