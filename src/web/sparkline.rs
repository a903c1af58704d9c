//! A sparkline: an inline SVG line of a figure over the window, with its current and
//! highest values in words and its colour from the thresholds (and the level's
//! words, since colour is never the only cue).

use leptos::prelude::*;

use crate::config::Level;
use crate::trends::history::Series;
use crate::trends::WINDOW_MS;

const WIDTH: f64 = 160.0;
const HEIGHT: f64 = 32.0;

/// One figure's sparkline; `floor` keeps a quiet line low rather than stretched to
/// the top.
#[component]
pub fn Sparkline(
    label: &'static str,
    series: Signal<Option<Series>>,
    level: impl Fn(f64) -> Level + Copy + Send + Sync + 'static,
    floor: f64,
    text: fn(f64) -> String,
) -> impl IntoView {
    let path = move || {
        series.with(|s| {
            s.as_ref().map_or_else(String::new, |s| {
                // The newest point sits at the right edge: the time axis ends at it.
                let end = s.points().last().map_or(0.0, |(t, _)| t);
                s.path(end, WIDTH, HEIGHT, floor)
            })
        })
    };
    let now = move || series.with(|s| s.as_ref().and_then(Series::last));
    let current_level = move || now().map_or(Level::Normal, level);
    let summary = move || {
        series.with(|s| match s.as_ref().and_then(|s| Some((s.last()?, s.range()?))) {
            Some((last, (_, max))) => {
                let cue = current_level().label();
                format!("{label}: now {}, max {} {cue}", text(last), text(max))
            }
            None => format!("{label}: no data yet"),
        })
    };
    view! {
        <figure class=move || format!("sparkline sparkline--{}", current_level().as_str()) data-testid="sparkline">
            <svg
                class="sparkline__chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=move || {
                    let window = series.with(|s| s.as_ref().map_or(WINDOW_MS, Series::window_ms));
                    format!("{label} over the last {} minutes", (window / 60_000.0) as u32)
                }
            >
                <path class="sparkline__line" d=path />
            </svg>
            <figcaption class="sparkline__text">{summary}</figcaption>
        </figure>
    }
}
