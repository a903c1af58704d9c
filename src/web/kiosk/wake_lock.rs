//! The Screen Wake Lock, so the display never sleeps; the browser drops it whenever
//! the page is hidden, so it is asked for again each time the page is shown.
//!
//! Called through `Reflect` because web-sys gates the Wake Lock API behind unstable
//! flags; a browser without it simply has none (`data-wake-lock="unavailable"`).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::web::browser;

type Sentinel = Rc<RefCell<Option<JsValue>>>;

/// Holds the wake lock while the page is visible, and releases it on cleanup.
pub fn start() {
    let sentinel: Sentinel = Rc::new(RefCell::new(None));
    acquire(Rc::clone(&sentinel));
    let held = Rc::clone(&sentinel);
    let listener = window_event_listener_untyped("visibilitychange", move |_| {
        if !browser::tab_hidden() {
            acquire(Rc::clone(&held));
        }
    });
    let sentinel = SendWrapper::new(sentinel);
    on_cleanup(move || {
        listener.remove();
        if let Some(s) = sentinel.borrow_mut().take() {
            let _ = call(&s, "release", &JsValue::UNDEFINED);
        }
    });
}

fn acquire(sentinel: Sentinel) {
    let Some(wake_lock) = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"wakeLock".into()).ok())
        .filter(|v| !v.is_undefined() && !v.is_null())
    else {
        browser::set_root_data("wake-lock", "unavailable");
        return;
    };
    let Ok(promise) = call(&wake_lock, "request", &"screen".into()).and_then(wasm_bindgen::JsCast::dyn_into::<Promise>)
    else {
        browser::set_root_data("wake-lock", "refused");
        return;
    };
    leptos::task::spawn_local(async move {
        match JsFuture::from(promise).await {
            Ok(lock) => {
                browser::set_root_data("wake-lock", "held");
                if let Some(old) = sentinel.borrow_mut().replace(lock) {
                    let _ = call(&old, "release", &JsValue::UNDEFINED);
                }
            }
            // Refused while hidden or by policy: asked again when next shown.
            Err(_) => browser::set_root_data("wake-lock", "refused"),
        }
    });
}

/// `target[method](arg)`.
fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.call1(target, arg)
}
