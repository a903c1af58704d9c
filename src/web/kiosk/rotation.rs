//! Turning the playlist's pages: each page is a location hash, set with
//! `location.replace` so weeks of rotation add nothing to the history.

use leptos::prelude::*;

use crate::config::Config;
use crate::kiosk::playlist::Page;
use crate::kiosk::rotation::{Position, Rotation};
use crate::web::clock::Clock;

/// The rotation's state for the page indicator.
#[derive(Debug, Clone)]
pub struct RotationState {
    pub pages: StoredValue<Vec<Page>>,
    pub position: Memo<Option<Position>>,
}

/// Shows the playlist's current page and turns to the next one on time.
pub fn start(config: &Config, clock: Clock) -> RotationState {
    let pages = config.playlist.clone();
    let rotation = Rotation::new(pages.len(), config.rotate_s);
    let position = Memo::new(move |_| rotation.map(|r| r.at(clock.get().wall_ms)));
    let stored = StoredValue::new(pages);
    // Runs each tick, acts once per page (the previous index is its memory).
    Effect::new(move |shown: Option<usize>| {
        let i = position.get().map_or(0, |p| p.index);
        if shown != Some(i) {
            stored.with_value(|pages| {
                if let Some(page) = pages.get(i) {
                    show(page);
                }
            });
        }
        i
    });
    RotationState {
        pages: stored,
        position,
    }
}

/// Puts `page` on screen unless it is already there.
fn show(page: &Page) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let target = page.hash();
    if location.hash().ok().as_deref() != Some(target.as_str()) {
        let _ = location.replace(&target);
    }
}
