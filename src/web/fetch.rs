//! One GET through the proxy, with a timeout that really cancels the request
//! (AbortController), returning what the scheduler and the store need.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::browser;
use crate::body;
use crate::live::{parse_http_date, FetchInstant};
use crate::viewer_key;

/// A response, whatever its status.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Body,
    pub retry_after: Option<String>,
    pub at: FetchInstant,
}

/// No usable response at all.
#[derive(Debug, Clone, PartialEq)]
pub enum NoReply {
    Timeout,
    Network(String),
    /// A body of this many bytes, more than [`MAX_BODY_BYTES`]: left unread.
    TooLarge(u32),
}

/// The largest body taken into the app (far above any real answer: a team's
/// `userActivity` at 200 agents is about 74 kB). A wallboard runs for weeks and wasm
/// memory never shrinks, so one oversized body must not raise it for good.
pub const MAX_BODY_BYTES: u32 = 8 * 1024 * 1024;

/// GETs `url`, giving up after `timeout_ms`. `abort` receives the controller so the
/// caller can cancel on cleanup. The request leaves at once, not when the returned
/// future is first polled: the first polls go out before the app's views are built,
/// so the network and the first render overlap.
pub fn get(
    url: &str,
    timeout_ms: u32,
    abort: impl FnOnce(AbortController),
) -> impl std::future::Future<Output = Result<Reply, NoReply>> {
    let started = start(url, timeout_ms, abort);
    async move {
        let (promise, timed_out, timer) = started?;
        let reply = finish(promise, &timed_out).await;
        // Dropping the Timeout cancels it.
        drop(timer);
        reply
    }
}

/// Sends the request: the fetch promise, whether the timeout fired, and the timeout.
fn start(
    url: &str,
    timeout_ms: u32,
    abort: impl FnOnce(AbortController),
) -> Result<(js_sys::Promise, Rc<Cell<bool>>, Timeout), NoReply> {
    let controller =
        AbortController::new().map_err(|_| NoReply::Network("the browser cannot cancel requests".into()))?;
    let signal = controller.signal();
    abort(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let flag = Rc::clone(&timed_out);
    let timer = Timeout::new(timeout_ms, move || {
        flag.set(true);
        controller.abort();
    });
    let mut request = Request::get(url).abort_signal(Some(&signal));
    // Only proxy requests come through here, so the key goes nowhere else.
    if let Some(key) = browser::viewer_key() {
        request = request.header("Authorization", &viewer_key::authorization(&key));
    }
    let request: web_sys::Request = request.build().map_err(|e| NoReply::Network(e.to_string()))?.into();
    let window = web_sys::window().ok_or_else(|| NoReply::Network("no window to fetch from".into()))?;
    Ok((window.fetch_with_request(&request), timed_out, timer))
}

/// Waits for the response and reads its body.
async fn finish(promise: js_sys::Promise, timed_out: &Cell<bool>) -> Result<Reply, NoReply> {
    let fail = |e: JsValue| {
        if timed_out.get() {
            NoReply::Timeout
        } else {
            NoReply::Network(e.dyn_ref::<js_sys::Error>().map_or_else(
                || "the request failed".to_owned(),
                |e| format!("{}: {}", e.name(), e.message()),
            ))
        }
    };
    let response: gloo_net::http::Response = JsFuture::from(promise)
        .await
        .map_err(fail)?
        .unchecked_into::<web_sys::Response>()
        .into();
    let (status, headers) = (response.status(), response.headers());
    let unreadable = || {
        if timed_out.get() {
            NoReply::Timeout
        } else {
            NoReply::Network("the body could not be read".into())
        }
    };
    let raw: web_sys::Response = response.into();
    let bytes = Uint8Array::new(
        &JsFuture::from(raw.array_buffer().map_err(|_| unreadable())?)
            .await
            .map_err(|_| unreadable())?,
    );
    // Measured before it is copied into wasm memory.
    if bytes.length() > MAX_BODY_BYTES {
        return Err(NoReply::TooLarge(bytes.length()));
    }
    let body = Body(bytes);
    let at = FetchInstant {
        mono_ms: browser::now_mono_ms(),
        wall_ms: browser::now_wall_ms(),
        server_ms: headers.get("date").as_deref().and_then(parse_http_date),
    };
    Ok(Reply {
        status,
        body,
        retry_after: headers.get("retry-after"),
        at,
    })
}

/// A response body, still in the browser's memory: [`Body::read`] lends it as text.
#[derive(Debug, Clone)]
pub struct Body(Uint8Array);

thread_local! {
    /// The one buffer every body is read into (see `crate::body` for why).
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Body {
    /// Calls `read` with the body as text. The text lives only for the call: the
    /// decoders copy out what they keep.
    pub fn read<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        let len = self.0.length() as usize;
        let fill = |buffer: &mut Vec<u8>| {
            buffer.clear();
            buffer.reserve_exact(body::room_for(len, buffer.capacity()));
            buffer.resize(len, 0);
            self.0.copy_to(buffer);
        };
        SCRATCH.with(|scratch| {
            if let Ok(mut buffer) = scratch.try_borrow_mut() {
                fill(&mut buffer);
                read(&body::text(&buffer))
            } else {
                // Only if a reader reads another body meanwhile, which none does.
                let mut own = Vec::new();
                fill(&mut own);
                read(&body::text(&own))
            }
        })
    }
}
