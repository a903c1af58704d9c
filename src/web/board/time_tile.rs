//! The tiles of the clock: a clock (of this screen or another place), a countdown
//! to a time of day, and a supervisor's message with its hours.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::board::model::TimeOfDay;
use crate::format;
use crate::web::browser;
use crate::web::clock::{Clock, Tick};
use crate::web::fit::use_area;
use crate::web::own_text::OwnText;

/// Seconds since local midnight at wall time `wall_ms`.
fn seconds_of_day(wall_ms: f64) -> f64 {
    let local_s = wall_ms / 1000.0 + f64::from(browser::local_offset_minutes()) * 60.0;
    local_s.rem_euclid(86_400.0)
}

#[component]
pub fn ClockTile(clock: Clock, utc_offset_min: Option<i32>, label: String) -> impl IntoView {
    // Minutes are enough across a room (seconds make a wall clock fidget): the
    // tick's check writes the text once a minute, and no reader wakes on the others.
    let text = clock.follow(move |t| {
        let offset = utc_offset_min.unwrap_or_else(browser::local_offset_minutes);
        format::clock(t.wall_ms, offset)[..5].to_owned()
    });
    view! {
        <div class="tile__body">
            <p class="tile__value tile__value--time" data-testid="tile-value">{text}</p>
            {(!label.is_empty()).then(|| view! { <p class="tile__caption">{label}</p> })}
        </div>
    }
}

#[allow(clippy::needless_pass_by_value)] // a component's props are owned
#[component]
pub fn CountdownTile(clock: Clock, to: TimeOfDay, label: String) -> impl IntoView {
    let left = move |t: Tick| format::duration(to.seconds_until(seconds_of_day(t.wall_ms)) as u64);
    let first = left(clock.0.get_untracked());
    let text = OwnText::<html::P>::new(&first);
    clock.each_tick(move |t| text.write(left(t)));
    let target = to.text();
    view! {
        <div class="tile__body">
            <p class="tile__value" data-testid="tile-value" node_ref=text.node()>{first}</p>
            <p class="tile__caption">{if label.is_empty() { format!("until {target}") } else { format!("{label} · {target}") }}</p>
        </div>
    }
}

#[component]
pub fn MessageTile(clock: Clock, text: String, from: Option<TimeOfDay>, until: Option<TimeOfDay>) -> impl IntoView {
    // Whether it is within its hours, judged on the tick and written only when it
    // changes, so the tile's readers wake twice a day at most.
    let shown = clock.follow(move |t| TimeOfDay::within(from, until, (seconds_of_day(t.wall_ms) / 60.0) as u32));
    // Long text is set smaller by its length, so it mostly fits; what still does not
    // (a long notice on a small tile) scrolls slowly up and back, and only then.
    let long = match text.chars().count() {
        0..=40 => "",
        41..=120 => " tile__message--long",
        _ => " tile__message--longer",
    };
    let window = NodeRef::<html::Div>::new();
    let area = use_area(window);
    let overflow = RwSignal::new(0);
    Effect::new(move |_| {
        area.track();
        shown.track();
        let Some(w) = window.get() else { return };
        let inner = w
            .first_element_child()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .map_or(0, |e| e.offset_height());
        let by = (inner - w.client_height()).max(0);
        if by != overflow.get_untracked() {
            overflow.set(by);
            // Through the CSSOM, which the CSP allows: a steady reading pace.
            let style = web_sys::HtmlElement::style(&w);
            let _ = style.set_property("--scroll-by", &format!("-{by}px"));
            let _ = style.set_property("--scroll-time", &format!("{:.1}s", 8.0 + f64::from(by) / 20.0));
        }
    });
    view! {
        <div class="tile__body">
            <div class="tile__message-window" node_ref=window class:tile__message-window--scroll=move || { overflow.get() > 1 }>
                <Show when=move || shown.get() fallback=|| view! { <p class="tile__caption">"No message now"</p> }>
                    <p class=format!("tile__message{long}") data-testid="tile-message">{text.clone()}</p>
                </Show>
            </div>
        </div>
    }
}
