//! The kiosk's discreet corner: the absolute time of the newest data (always), and
//! which playlist page is showing and when the next comes.

use leptos::prelude::*;

use super::rotation::RotationState;
use crate::kiosk::banner::data_as_of;
use crate::kiosk::playlist::Page;
use crate::kiosk::rotation::countdown;
use crate::web::browser;
use crate::web::store::use_store;

/// `Data as of 14:02:11 · Queues 2/3 · next in 14 s`, small, in the top bar.
#[component]
pub fn KioskStatus() -> impl IntoView {
    let newest = use_store().newest_data();
    let state = use_context::<RotationState>();
    let page = move || {
        let state = state.as_ref()?;
        let p = state.position.get()?;
        let (title, count) = state
            .pages
            .with_value(|pages| (pages.get(p.index).map(Page::title), pages.len()));
        Some(format!(
            "{} {}/{} · {}",
            title.unwrap_or_default(),
            p.index + 1,
            count,
            countdown(p.remaining_ms)
        ))
    };
    view! {
        <div class="kiosk-status">
            <time class="kiosk-status__data-time" data-testid="data-time">
                {move || data_as_of(newest.get(), browser::local_offset_minutes())}
            </time>
            {move || page().map(|text| view! { <span class="kiosk-status__page" data-testid="kiosk-page">{text}</span> })}
        </div>
    }
}
