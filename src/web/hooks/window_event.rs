//! A window event listener that lives as long as its owner.

use leptos::prelude::*;

/// Calls `handler` for each `name` event on the window until the owner is cleaned up.
pub fn use_window_event(name: &str, handler: impl Fn(web_sys::Event) + 'static) {
    let listener = window_event_listener_untyped(name, handler);
    on_cleanup(move || listener.remove());
}
