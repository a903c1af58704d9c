//! What the browser tests share: a place to mount a component, and a pause for the
//! effects a change sets off. Each test crate uses its own part of it.
#![allow(dead_code)]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A fresh `<div>` at the end of `<body>`.
pub fn host() -> HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let div: HtmlElement = document.create_element("div").expect("a div").unchecked_into();
    document.body().expect("a body").append_child(&div).expect("appended");
    div
}

/// Lets the effects a change set off run (they run as tasks, not at once), and
/// the timers they start.
pub async fn settle() {
    TimeoutFuture::new(20).await;
}
