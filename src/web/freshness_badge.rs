//! The live / stale / error marker of a panel, in words and with a shape.

use leptos::prelude::*;

use super::browser;
use crate::freshness::Freshness;

/// Shows a freshness state: icon shape + words, so colour is never the only signal.
#[component]
pub fn FreshnessBadge(#[prop(into)] freshness: Signal<Freshness>) -> impl IntoView {
    let kind = move || freshness.with(super::super::freshness::Freshness::as_str);
    let icon = move || match kind() {
        "live" => "●",
        "stale" => "◐",
        "error" => "✖",
        _ => "○",
    };
    view! {
        <span class=move || format!("freshness freshness--{}", kind()) data-testid="freshness" data-freshness=kind>
            <span class="freshness__icon" aria-hidden="true">{icon}</span>
            <span class="freshness__text">{move || freshness.with(|f| f.label(browser::local_offset_minutes()))}</span>
        </span>
    }
}
