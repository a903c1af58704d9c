//! The browser half of the dashboard: Leptos components and the thin glue that
//! drives the pure logic (scheduler, freshness, live durations) from browser events.

pub mod agents;
pub mod alerts;
mod app;
pub mod board;
pub mod browser;
pub mod clock;
mod config_load;
mod derived;
pub mod fetch;
pub mod fit;
pub mod freshness_badge;
pub mod hooks;
pub mod http;
mod inputs;
mod kiosk;
mod long_lived;
pub mod outbound;
pub mod overview;
pub mod own_text;
mod packed_link;
pub mod pages;
mod poller;
pub mod presence;
pub mod queues;
pub mod reconfigure;
pub mod settings;
mod sparkline;
mod state_bar;
mod status_bar;
pub mod store;

pub use app::App;

/// Installs the panic hook and mounts the app on `<body>`, as the document `pages`
/// draws it.
pub fn mount(pages: pages::Pages) {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || view! { <App pages=pages /> });
}
