//! Boards packed into a wallboard link's fragment when they would make it too long
//! ([`crate::settings::LONG_LINK`]): deflated by the browser's own
//! `CompressionStream` and written base64url, so the packing costs the bundle no
//! compressor. A browser without `DecompressionStream` (before Chromium 80, Safari
//! 16.4, Firefox 113) says so instead of showing a board it cannot read.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

/// zlib's deflate: the format every browser with compression streams has.
const FORMAT: &str = "deflate";

/// `text` deflated, as base64url without padding.
pub async fn pack(text: &str) -> Result<String, String> {
    let bytes = through("CompressionStream", text.as_bytes()).await?;
    let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
    let window = web_sys::window().ok_or("no window")?;
    let base64 = window
        .btoa(&binary)
        .map_err(|_| "the packed boards could not be written")?;
    Ok(base64
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect())
}

/// The text [`pack`] packed.
pub async fn unpack(packed: &str) -> Result<String, String> {
    let mut base64: String = packed
        .trim()
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !base64.len().is_multiple_of(4) {
        base64.push('=');
    }
    let window = web_sys::window().ok_or("no window")?;
    let binary = window
        .atob(&base64)
        .map_err(|_| "they are not base64url (was the link cut short?)")?;
    // atob gives one character per byte.
    let bytes: Vec<u8> = binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(0))
        .collect();
    let text = through("DecompressionStream", &bytes).await?;
    String::from_utf8(text).map_err(|_| "they are not text once unpacked".to_owned())
}

/// `bytes` run through a `CompressionStream` or `DecompressionStream`.
async fn through(stream: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let unable = || format!("this browser has no {stream}");
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str(stream))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(unable)?;
    let pair: ReadableWritablePair = Reflect::construct(&constructor, &Array::of1(&JsValue::from_str(FORMAT)))
        .map_err(|_| unable())?
        .unchecked_into();
    let input = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))
        .map_err(|_| "the boards could not be read".to_owned())?;
    let output = input.stream().pipe_through(&pair);
    let response = Response::new_with_opt_readable_stream(Some(&output)).map_err(|_| unable())?;
    let buffer = response.array_buffer().map_err(|_| unable())?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| "they are damaged (was the link cut short?)".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
