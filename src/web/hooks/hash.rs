//! The location hash as a signal: the route, a view's parameters and the board
//! shown all follow it, and the kiosk playlist moves it.

use leptos::prelude::*;

use super::use_window_event;
use crate::web::browser;

/// The location hash (`#/agents?team=sales`), updated on every `hashchange`.
pub fn use_hash() -> ReadSignal<String> {
    let hash = RwSignal::new(browser::hash());
    use_window_event("hashchange", move |_| hash.set(browser::hash()));
    hash.read_only()
}
