//! The browser calls of the settings page: the proxy's catalogue, the clipboard,
//! downloading and reading a file. Each fails with words, never a panic.

use floorview_reporting::catalog::CATALOG_PATH;
use floorview_reporting::Catalog;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};

use crate::web::http::{self, Get};

/// `GET {proxy}/floorview/v1/catalog`: what the proxy knows exists. The simulator
/// offers it; a proxy that does not answers 404, and the pickers become text fields.
pub async fn fetch_catalog(base_url: &str, timeout_ms: u32) -> Result<Catalog, String> {
    let url = format!("{base_url}{CATALOG_PATH}");
    let get = Get {
        url: &url,
        timeout_ms,
        to_proxy: true,
        no_store: false,
    };
    let (status, text) = http::text(&get)
        .await
        .map_err(|e| format!("the proxy could not be asked for its catalogue ({e})"))?;
    match status {
        404 => Err("the proxy offers no catalogue".to_owned()),
        200..=299 => serde_json::from_str(&text).map_err(|e| format!("the catalogue is not usable ({e})")),
        other => Err(format!("the proxy's catalogue answered HTTP {other}")),
    }
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |_| "the browser refused to save the file".to_owned();
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// The text of the file chosen in `input`.
pub async fn read_chosen_file(input: &HtmlInputElement) -> Result<String, String> {
    let file = input.files().and_then(|f| f.get(0)).ok_or("no file was chosen")?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_owned())?;
    text.as_string().ok_or_else(|| "the file is not text".to_owned())
}

/// Puts `text` on the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow copying".to_owned())
}
