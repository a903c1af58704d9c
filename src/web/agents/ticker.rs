//! The agent table's ticker: [`Ticking`] over DOM text nodes, run once per clock
//! tick for every row on screen (see `agents::ticking`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::agents::ticking::{TextCell, Ticking};
use crate::config::Level;
use crate::web::clock::Clock;

/// A text node whose value the ticker sets.
pub struct DomText(web_sys::Node);

impl TextCell for DomText {
    fn show(&self, text: &str) {
        self.0.set_node_value(Some(text));
    }
}

/// The rows' ticking cells, kept with the table (browser objects: local storage).
pub type Ticker = StoredValue<Ticking<DomText, RwSignal<Level>>, LocalStorage>;

/// The text node inside a cell's span (its placeholder text).
pub fn text_node(span: Option<impl JsCast + Clone>) -> Option<DomText> {
    let span: web_sys::Node = span?.unchecked_into();
    span.first_child().map(DomText)
}

/// A ticker for one table, brought up to date on every tick of `clock`.
pub fn start(clock: Clock) -> Ticker {
    let ticker: Ticker = StoredValue::new_local(Ticking::default());
    Effect::new(move |_| {
        let now = clock.get().mono_ms;
        // Signals are set once the ticker is let go: a row's marks re-render after.
        let changed = ticker.try_update_value(|t| t.tick(now)).unwrap_or_default();
        for (level, now_level) in changed {
            level.set(now_level);
        }
    });
    ticker
}
