//! The app's one GET: a timeout that really cancels the request (AbortController),
//! the viewer key only on requests to the proxy, and failures in words. The
//! poller's reads (`fetch`), `config.json`, the proxy's catalogue and the kiosk's
//! update check all go through it, so none can hang for good.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCache, RequestInit};

use super::browser;
use crate::viewer_key;

/// How long a request for the app's own files (`config.json`, `index.html`) may
/// take: they are read before the settings, whose `timeout` applies to the rest.
pub const FILE_TIMEOUT_MS: u32 = 10_000;

/// One GET.
#[derive(Debug, Clone)]
pub struct Get<'a> {
    pub url: &'a str,
    pub timeout_ms: u32,
    /// Whether it goes to the proxy, and so carries this tab's viewer key.
    pub to_proxy: bool,
    /// Past every cache (a check for a new build).
    pub no_store: bool,
}

/// No usable response at all.
#[derive(Debug, Clone, PartialEq)]
pub enum NoReply {
    Timeout,
    Network(String),
    /// A body of this many bytes, more than the caller takes: left unread.
    TooLarge(u32),
}

impl std::fmt::Display for NoReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoReply::Timeout => f.write_str("no answer in time"),
            NoReply::Network(why) => f.write_str(why),
            NoReply::TooLarge(bytes) => write!(f, "an answer of {bytes} bytes, too large to read"),
        }
    }
}

/// A request on its way: its response, and the timeout that cancels it. Dropping it
/// cancels the timeout.
pub struct Sent {
    promise: js_sys::Promise,
    timed_out: Rc<Cell<bool>>,
    _timer: Timeout,
}

/// Sends `get` now (not when a future is first polled); `abort` receives the
/// controller, so the caller can also cancel it (on cleanup).
pub fn send(get: &Get<'_>, abort: impl FnOnce(AbortController)) -> Result<Sent, NoReply> {
    let controller =
        AbortController::new().map_err(|_| NoReply::Network("the browser cannot cancel requests".into()))?;
    let signal = controller.signal();
    abort(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let flag = Rc::clone(&timed_out);
    let timer = Timeout::new(get.timeout_ms, move || {
        flag.set(true);
        controller.abort();
    });
    // `fetch(url, init)` straight from web-sys: building a `Request` object first
    // (gloo-net's builder did) cost a quarter of a millisecond of every poll.
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_signal(Some(&signal));
    if get.no_store {
        init.set_cache(RequestCache::NoStore);
    }
    // The key goes to the proxy, and nowhere else.
    if get.to_proxy {
        if let Some(key) = browser::viewer_key() {
            let headers = Headers::new().map_err(|_| NoReply::Network("the browser cannot send headers".into()))?;
            headers
                .append("Authorization", &viewer_key::authorization(&key))
                .map_err(|_| NoReply::Network("the viewer key is not a valid header".into()))?;
            init.set_headers(&headers);
        }
    }
    let window = web_sys::window().ok_or_else(|| NoReply::Network("no window to fetch from".into()))?;
    Ok(Sent {
        promise: window.fetch_with_str_and_init(get.url, &init),
        timed_out,
        _timer: timer,
    })
}

impl Sent {
    /// The response, whatever its status.
    pub async fn response(&self) -> Result<web_sys::Response, NoReply> {
        JsFuture::from(self.promise.clone())
            .await
            .map(JsCast::unchecked_into)
            .map_err(|e| self.failure(&e))
    }

    /// Why a step failed: the timeout, if it fired, else the browser's words.
    pub fn failure(&self, e: &JsValue) -> NoReply {
        if self.timed_out.get() {
            NoReply::Timeout
        } else {
            NoReply::Network(e.dyn_ref::<js_sys::Error>().map_or_else(
                || "the request failed".to_owned(),
                |e| format!("{}: {}", e.name(), e.message()),
            ))
        }
    }
}

/// GETs `get` and reads its body as text: the status and the text.
pub async fn text(get: &Get<'_>) -> Result<(u16, String), NoReply> {
    let sent = send(get, |_| {})?;
    let response = sent.response().await?;
    let status = response.status();
    let promise = response.text().map_err(|e| sent.failure(&e))?;
    let text = JsFuture::from(promise).await.map_err(|e| sent.failure(&e))?;
    Ok((status, text.as_string().unwrap_or_default()))
}
