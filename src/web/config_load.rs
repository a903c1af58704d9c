//! Gathers the settings layers in the browser: `config.json` (same origin, so one
//! build serves many deployments), localStorage, and the URL.

use serde_json::Value;

use super::http::{self, Get};
use super::{browser, packed_link};
use crate::config::{merge::url_layer, resolve, Issue, Layer, Resolved, SAVED_SETTINGS_KEY};
use crate::settings::PACKED_BOARDS;

/// The settings in force, and the two layers the settings page edits against.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub resolved: Resolved,
    /// `config.json` as read (`Null` when there is none or it was unusable).
    pub file: Value,
    /// The settings saved in this browser (`Null` when none or unusable).
    pub saved: Value,
}

/// Loads and resolves every layer; problems become issues, never failures.
pub async fn load() -> Loaded {
    let mut layers = Vec::new();
    let mut problems = Vec::new();
    let (mut file, mut saved_layer) = (Value::Null, Value::Null);
    match fetch_file().await {
        Ok(Some(value)) => {
            file = value.clone();
            layers.push((Layer::File, value));
        }
        Ok(None) => {}
        Err(reason) => problems.push(Issue {
            layer: Layer::File,
            setting: String::new(),
            reason,
        }),
    }
    if let Some(saved) = browser::stored(SAVED_SETTINGS_KEY) {
        match serde_json::from_str::<Value>(&saved) {
            Ok(value) => {
                saved_layer = value.clone();
                layers.push((Layer::Saved, value));
            }
            Err(e) => problems.push(Issue {
                layer: Layer::Saved,
                setting: String::new(),
                reason: format!("are not valid JSON ({e}), so they were ignored"),
            }),
        }
    }
    let mut params = browser::url_params();
    if let Some(packed) = browser::link_boards() {
        match packed_link::unpack(&packed).await {
            Ok(boards) => params.push((PACKED_BOARDS.to_owned(), boards)),
            Err(why) => problems.push(Issue {
                layer: Layer::Url,
                setting: PACKED_BOARDS.to_owned(),
                reason: format!("the link's packed boards could not be read: {why}"),
            }),
        }
    }
    layers.push((Layer::Url, url_layer(params)));
    let mut resolved = resolve(&layers);
    problems.append(&mut resolved.issues);
    resolved.issues = problems;
    Loaded {
        resolved,
        file,
        saved: saved_layer,
    }
}

/// `config.json`, or `None` when the deployment has none (404).
async fn fetch_file() -> Result<Option<Value>, String> {
    let get = Get {
        url: "config.json",
        timeout_ms: http::FILE_TIMEOUT_MS,
        to_proxy: false,
        no_store: false,
    };
    let (status, text) = http::text(&get)
        .await
        .map_err(|e| format!("could not be loaded ({e})"))?;
    match status {
        404 => Ok(None),
        200..=299 => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("is not valid JSON ({e}), so the defaults are used")),
        other => Err(format!("could not be loaded (HTTP {other})")),
    }
}
