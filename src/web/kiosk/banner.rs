//! The OFFLINE / STALE banner, across the top while data is stale or not arriving.

use leptos::prelude::*;

use crate::kiosk::banner::Banner;
use crate::web::browser;
use crate::web::poller::Connectivity;
use crate::web::store::use_store;

/// Says in capitals that the screen is OFFLINE or STALE, since when and why; hidden
/// while everything is live.
#[component]
pub fn KioskBanner() -> impl IntoView {
    let store = use_store();
    let connectivity = use_context::<Connectivity>();
    let newest = store.newest_data();
    let banner = Memo::new(move |_| {
        let online = connectivity.is_none_or(|c| c.online.get());
        Banner::of(online, &store.freshness())
    });
    view! {
        <div
            class=move || format!("kiosk-banner kiosk-banner--{}", banner.with(Banner::as_str))
            data-testid="kiosk-banner"
            data-banner=move || banner.with(Banner::as_str)
            role="alert"
            hidden=move || banner.with(|b| *b == Banner::Clear)
        >
            {move || banner.with(|b| b.label(newest.get(), browser::local_offset_minutes()))}
        </div>
    }
}
