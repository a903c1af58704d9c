//! A repeating timer that lives as long as its owner.

use std::time::Duration;

use leptos::prelude::*;

/// Calls `tick` every `period` until the owner is cleaned up.
pub fn use_interval(period: Duration, tick: impl Fn() + 'static) {
    let handle = set_interval_with_handle(tick, period).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
}
