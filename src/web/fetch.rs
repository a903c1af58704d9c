//! One GET through the proxy, with a timeout that really cancels the request
//! (AbortController), returning what the scheduler and the store need.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use web_sys::AbortController;

use super::browser;
use crate::live::{parse_http_date, FetchInstant};
use crate::viewer_key;

/// A response, whatever its status.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
    pub at: FetchInstant,
}

/// No response at all.
#[derive(Debug, Clone, PartialEq)]
pub enum NoReply {
    Timeout,
    Network(String),
}

/// GETs `url`, giving up after `timeout_ms`. `abort` receives the controller so the
/// caller can cancel on cleanup.
pub async fn get(url: &str, timeout_ms: u32, abort: impl FnOnce(AbortController)) -> Result<Reply, NoReply> {
    let controller =
        AbortController::new().map_err(|_| NoReply::Network("the browser cannot cancel requests".into()))?;
    let signal = controller.signal();
    abort(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let flag = Rc::clone(&timed_out);
    // Dropping the Timeout (at the end of this function) cancels it.
    let _timer = Timeout::new(timeout_ms, move || {
        flag.set(true);
        controller.abort();
    });
    let fail = |e: gloo_net::Error| {
        if timed_out.get() {
            NoReply::Timeout
        } else {
            NoReply::Network(e.to_string())
        }
    };
    let mut request = Request::get(url).abort_signal(Some(&signal));
    // Only proxy requests come through here, so the key goes nowhere else.
    if let Some(key) = browser::viewer_key() {
        request = request.header("Authorization", &viewer_key::authorization(&key));
    }
    let response = request.send().await.map_err(fail)?;
    let body = response.text().await.map_err(fail)?;
    let headers = response.headers();
    let at = FetchInstant {
        mono_ms: browser::now_mono_ms(),
        wall_ms: browser::now_wall_ms(),
        server_ms: headers.get("date").as_deref().and_then(parse_http_date),
    };
    Ok(Reply {
        status: response.status(),
        body,
        retry_after: headers.get("retry-after"),
        at,
    })
}
