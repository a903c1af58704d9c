//! One GET of the proxy's data through [`super::http`], returning what the
//! scheduler and the store need: the status, the body still in the browser's
//! memory, `Retry-After` and when it arrived.

use std::cell::RefCell;

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::browser;
use super::http::{self, Get, Sent};
use crate::body;
use crate::clock::FetchInstant;
use crate::http_date::parse_http_date;

pub use super::http::NoReply;

/// A response, whatever its status.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Body,
    pub retry_after: Option<String>,
    pub at: FetchInstant,
}

/// The largest body taken into the app (far above any real answer: a team's
/// `userActivity` at 200 agents is about 74 kB). A wallboard runs for weeks and wasm
/// memory never shrinks, so one oversized body must not raise it for good.
pub const MAX_BODY_BYTES: u32 = 8 * 1024 * 1024;

/// GETs `url` from the proxy, giving up after `timeout_ms`. `abort` receives the
/// controller so the caller can cancel on cleanup. The request leaves at once, not
/// when the returned future is first polled: the first polls go out before the
/// app's views are built, so the network and the first render overlap.
pub fn get(
    url: &str,
    timeout_ms: u32,
    abort: impl FnOnce(AbortController),
) -> impl std::future::Future<Output = Result<Reply, NoReply>> {
    let get = Get {
        url,
        timeout_ms,
        to_proxy: true,
        no_store: false,
    };
    let sent = http::send(&get, abort);
    async move { finish(&sent?).await }
}

/// Waits for the response and reads its body.
async fn finish(sent: &Sent) -> Result<Reply, NoReply> {
    let response = sent.response().await?;
    let (status, headers) = (response.status(), response.headers());
    let unreadable = |e: JsValue| match sent.failure(&e) {
        NoReply::Network(_) => NoReply::Network("the body could not be read".into()),
        other => other,
    };
    let bytes = Uint8Array::new(
        &JsFuture::from(response.array_buffer().map_err(unreadable)?)
            .await
            .map_err(unreadable)?,
    );
    // Measured before it is copied into wasm memory.
    if bytes.length() > MAX_BODY_BYTES {
        return Err(NoReply::TooLarge(bytes.length()));
    }
    let header = |name: &str| headers.get(name).ok().flatten();
    let at = FetchInstant {
        mono_ms: browser::now_mono_ms(),
        wall_ms: browser::now_wall_ms(),
        server_ms: header("date").as_deref().and_then(parse_http_date),
    };
    Ok(Reply {
        status,
        body: Body(bytes),
        retry_after: header("retry-after"),
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
