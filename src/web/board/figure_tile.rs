//! The figure tiles: a number (with its sparkline and change since the board
//! opened) and a gauge. Both turn amber and red through the tile's hysteresis, with
//! the level's shape and words beside the colour, and pulse once on entering
//! critical when their alarm asks.

use leptos::html;
use leptos::prelude::*;

use super::data::BoardData;
use super::sound::Alarms;
use crate::board::evaluate::format_value;
use crate::board::figure::Figure;
use crate::board::metric::Unit;
use crate::board::model::{Alarm, Reading};
use crate::board::threshold::{Hysteresis, TileLimit};
use crate::config::Level;
use crate::trends::history::Series;
use crate::web::clock::Tick;
use crate::web::own_text::OwnText;

/// A figure tile's live value and level.
#[derive(Clone, Copy)]
pub struct Live {
    /// The figure as of the latest poll: it moves at polls only.
    pub figure: Memo<Option<Figure>>,
    /// The value now, for readers that want it as a signal: it follows the clock
    /// while the figure runs, so a tile's ticking text is written by [`Live::text_at`]
    /// on the tick instead.
    pub value: Signal<Option<f64>>,
    pub level: Memo<Level>,
    /// Entries into critical so far: each starts an alarm.
    pub critical_entries: Memo<u32>,
}

impl Live {
    /// The figure's text at monotonic time `now_ms`, a dash before any data.
    fn text_at(self, unit: Unit, now_ms: f64) -> String {
        self.figure
            .try_with_untracked(|f| f.as_ref().map(|f| format_value(unit, f.at(now_ms))))
            .flatten()
            .unwrap_or_else(|| "—".to_owned())
    }
}

/// Whether the figure moves between polls.
fn runs(figure: Memo<Option<Figure>>) -> bool {
    figure
        .try_with_untracked(|f| f.as_ref().is_some_and(Figure::ticks))
        .unwrap_or(false)
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
    let state = RwSignal::new((Level::Normal, 0_u32));
    if limit.warn.is_some() || limit.critical.is_some() {
        let hysteresis = StoredValue::new(Hysteresis::default());
        let judge = move |t: Tick| {
            let v = figure
                .try_with_untracked(|f| f.as_ref().map(|f| f.at(t.mono_ms)))
                .flatten();
            let Some(next) = hysteresis.try_update_value(|h| {
                if let Some(v) = v {
                    h.step(&limit, v, t.wall_ms);
                }
                (h.shown(), h.critical_entries())
            }) else {
                return;
            };
            if state.try_with_untracked(|s| *s != next) == Some(true) {
                state.set(next);
            }
        };
        judge(clock.0.get_untracked());
        // At each poll…
        Effect::new(move |_| {
            figure.track();
            judge(clock.0.get_untracked());
        });
        // …and between polls while time alone can move the level: the figure runs,
        // or a dwell or clear time does. A quiet tick then wakes no reader.
        clock.each_tick(move |t| {
            if runs(figure) || hysteresis.try_with_value(Hysteresis::waiting).unwrap_or(false) {
                judge(t);
            }
        });
    }
    Live {
        figure,
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
    let clock = data.clock;
    let first_text = live.text_at(unit, clock.0.get_untracked().mono_ms);
    let text = OwnText::<html::P>::new(&first_text);
    // Written at each poll, and on the tick while the figure runs.
    Effect::new(move |_| {
        live.figure.track();
        text.write(live.text_at(unit, clock.0.get_untracked().mono_ms));
    });
    clock.each_tick(move |t| {
        if runs(live.figure) {
            text.write(live.text_at(unit, t.mono_ms));
        }
    });
    // The history under the figure: a point per new figure (each poll), at most one
    // every few seconds however fast the clock ticks.
    let history = (sparkline_min > 0 || show_change).then(|| {
        let window_ms = f64::from(sparkline_min.max(1)) * 60_000.0;
        let series = RwSignal::new(Series::new(window_ms, 240));
        let first = StoredValue::new(None::<f64>);
        let last = StoredValue::new(None::<f64>);
        let every_ms = (window_ms / 240.0).max(5000.0);
        clock.each_tick(move |t| {
            let due = last
                .try_get_value()
                .flatten()
                .is_none_or(|at| t.wall_ms - at >= every_ms);
            if !due {
                return;
            }
            let Some(v) = live
                .figure
                .try_with_untracked(|f| f.as_ref().map(|f| f.at(t.mono_ms)))
                .flatten()
            else {
                return;
            };
            if first.try_get_value().flatten().is_none() {
                first.set_value(Some(v));
            }
            last.set_value(Some(t.wall_ms));
            series.update(|s| s.push(t.wall_ms, v));
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
            <p class="tile__value" data-testid="tile-value" node_ref=text.node()>{first_text}</p>
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
