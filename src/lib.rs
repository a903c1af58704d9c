//! Floorview: a real-time contact-centre wallboard on the Alvaria Cloud Reporting API.
//!
//! The pure logic (settings, scheduling, freshness, live durations, formatting) is
//! plain Rust, unit-tested natively; the browser half (`web`) exists only on wasm32.

pub mod agents;
pub mod alerts;
pub mod backoff;
pub mod board;
pub mod body;
pub mod channel;
pub mod clock;
pub mod config;
pub mod document;
pub mod fit;
pub mod format;
pub mod freshness;
pub mod http_date;
pub mod kiosk;
pub mod overview;
pub mod poller;
pub mod presence;
pub mod problem;
pub mod route;
pub mod settings;
pub mod sources;
pub mod trends;
pub mod viewer_key;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// Starts the wallboard (`index.html`): mounts it in the browser; natively there is
/// nothing to show.
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    web::mount(web::pages::WALLBOARD);
    #[cfg(not(target_arch = "wasm32"))]
    not_native();
}

/// Starts the settings page and board editor (`settings.html`), a binary of its
/// own so the wallboard's wasm leaves them out.
pub fn start_settings() {
    #[cfg(target_arch = "wasm32")]
    web::mount(web::pages::SETTINGS);
    #[cfg(not(target_arch = "wasm32"))]
    not_native();
}

#[cfg(not(target_arch = "wasm32"))]
fn not_native() {
    eprintln!("floorview is a browser app: build it with `cargo xtask dist` or run `cargo xtask demo`");
}
