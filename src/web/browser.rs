//! Small, infallible wrappers over browser APIs: a missing API degrades to a safe
//! default instead of a panic.

use wasm_bindgen::JsCast;

use crate::document::Document;
use crate::settings::PACKED_BOARDS;
use crate::viewer_key;

thread_local! {
    /// Found once: every poll and tick reads the clock, and looking the window and
    /// its `performance` up each time cost more than reading it.
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// `performance.now()` in ms: the monotonic clock every duration is measured by.
pub fn now_mono_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or_else(js_sys::Date::now, web_sys::Performance::now))
}

/// The PC's wall clock, Unix ms.
pub fn now_wall_ms() -> f64 {
    js_sys::Date::now()
}

/// Minutes east of UTC of the browser's time zone now.
pub fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Whether the tab is hidden (`document.hidden`).
pub fn tab_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// A saved value from localStorage.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Moves what a wallboard link carries in its fragment (a viewer key, packed
/// boards) into sessionStorage and rewrites the address bar without it, replacing
/// the history entry so Back cannot show it. Kept for the tab, they survive the
/// kiosk's own navigation and its daily reload, which change the fragment.
pub fn adopt_fragment() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let (key, rest) = viewer_key::take_from_hash(&hash);
    let (boards, rest) = viewer_key::take_fragment_param(&rest, PACKED_BOARDS);
    if key.is_none() && boards.is_none() {
        return;
    }
    if let Ok(Some(storage)) = window.session_storage() {
        if let Some(key) = key {
            let _ = storage.set_item(viewer_key::STORAGE_KEY, &key);
        }
        if let Some(packed) = boards {
            // With the query it came with: another link opened in this tab is
            // another screen, whose boards are its own.
            let search = location.search().unwrap_or_default();
            let kept = serde_json::json!({ "search": search, "packed": packed }).to_string();
            let _ = storage.set_item(LINK_BOARDS_KEY, &kept);
        }
    }
    // A hash-only change never reloads the page; `#` keeps it that way when nothing
    // else was in the fragment.
    let _ = location.replace(if rest.is_empty() { "#" } else { &rest });
}

/// Where a link's packed boards are kept for the tab.
const LINK_BOARDS_KEY: &str = "floorview.linkBoards";

/// The packed boards of the link this tab was opened with, if it had any.
pub fn link_boards() -> Option<String> {
    let kept = web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(LINK_BOARDS_KEY)
        .ok()??;
    let kept: serde_json::Value = serde_json::from_str(&kept).ok()?;
    (kept["search"].as_str() == Some(search().as_str()))
        .then(|| kept["packed"].as_str().map(str::to_owned))
        .flatten()
}

/// This tab's viewer key, if a link gave it one.
pub fn viewer_key() -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(viewer_key::STORAGE_KEY)
        .ok()?
}

/// The page's URL parameters, in order.
pub fn url_params() -> Vec<(String, String)> {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let iter = js_sys::try_iter(&params).ok().flatten();
    for entry in iter.into_iter().flatten().flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.push((k, v));
        }
    }
    out
}

/// The location hash (`#/overview`).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to `hash` (`#/board/floor`), as a link would: the hash hook follows.
pub fn set_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Moves the keyboard focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Sets a `data-*` attribute on `<html>` (theme, kiosk, readiness for the watchdog).
pub fn set_root_data(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(&format!("data-{name}"), value);
    }
}

/// Sets a custom property on `<html>` through the CSSOM (`style.setProperty`), which a
/// CSP without `'unsafe-inline'` allows, unlike a `style` attribute.
pub fn set_root_style(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = root.style().set_property(name, value);
    }
}

/// Sets the tab's title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Saves a value in localStorage (`None` removes it); whether it worked (private
/// modes and full disks refuse).
pub fn store(key: &str, value: Option<&str>) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    match value {
        Some(v) => storage.set_item(key, v).is_ok(),
        None => storage.remove_item(key).is_ok(),
    }
}

/// The wallboard's address without query or fragment, for links to it: from the
/// settings document (`…/settings.html`), the directory it is in.
pub fn app_base_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            let path = l.pathname().ok()?;
            let path = path.strip_suffix(Document::Settings.file()).unwrap_or(&path);
            Some(format!("{}{path}", l.origin().ok()?))
        })
        .unwrap_or_default()
}

/// The page's query (`?teams=a`), or empty.
pub fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Loads `address` in place of this page, as a redirect would: Back skips it.
pub fn open(address: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(address);
    }
}

/// Keeps a value for the next page this tab loads (`None` removes it).
pub fn keep_for_tab(key: &str, value: Option<&str>) {
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let _ = match value {
        Some(v) => storage.set_item(key, v),
        None => storage.remove_item(key),
    };
}

/// A value kept for this tab by [`keep_for_tab`], removed as it is read.
pub fn take_from_tab(key: &str) -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let value = storage.get_item(key).ok()??;
    let _ = storage.remove_item(key);
    Some(value)
}

/// Removes the static "Loading…" notice of `index.html` once the app draws itself.
pub fn remove_boot_notice() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// A random seed for jitter, from `Math.random` (no crypto needed for jitter).
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * u64::MAX as f64) as u64 ^ (now_wall_ms() as u64)
}

/// Marks `name` on the performance timeline now and records two measures from it:
/// `name` once the work this moment set off has run (the reactive effects, which run
/// as microtasks, and the effects they create), and `name` with `floorview:apply`
/// replaced by `floorview:queued` at the next task, which also counts whatever other
/// tasks the browser ran first (other replies that arrived meanwhile).
pub fn measure_until_settled(name: &str) -> Option<()> {
    let performance = web_sys::window()?.performance()?;
    let start = format!("{name} start");
    performance.mark(&start).ok()?;
    let (own, own_name, own_start) = (performance.clone(), name.to_owned(), start.clone());
    leptos::task::spawn_local(async move {
        // Effects woken by the reply run in the first round of microtasks, the ones
        // they create in the second.
        for _ in 0..2 {
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await;
        }
        let _ = own.measure_with_start_mark(&own_name, &own_start);
    });
    let queued = name.replacen("floorview:apply", "floorview:queued", 1);
    gloo_timers::callback::Timeout::new(0, move || {
        let _ = performance.measure_with_start_mark(&queued, &start);
        performance.clear_marks_with_mark_name(&start);
    })
    .forget();
    Some(())
}
