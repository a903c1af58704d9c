//! Registers `sw.js` (copied beside index.html), which keeps the app shell and
//! `config.json`, so a reload while the network or the proxy is down still shows the
//! app with its OFFLINE banner, and the app recovers by itself.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::web::browser;

/// Registers the service worker where the browser has them (secure contexts only).
pub fn register() {
    let Some(container) = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"serviceWorker".into()).ok())
        .filter(|v| !v.is_undefined() && !v.is_null())
    else {
        browser::set_root_data("offline-shell", "unavailable");
        return;
    };
    let promise = Reflect::get(&container, &"register".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&container, &"sw.js".into()).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok());
    let Some(promise) = promise else { return };
    leptos::task::spawn_local(async move {
        let state = if JsFuture::from(promise).await.is_ok() {
            "registered"
        } else {
            "failed"
        };
        browser::set_root_data("offline-shell", state);
    });
}
