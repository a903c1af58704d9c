//! Layering the sources of settings and reporting what could not be used.

use std::fmt;

use serde_json::{Map, Value};

use super::{fields, Config};

/// Where a setting came from, lowest precedence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// `config.json` beside the app.
    File,
    /// Settings saved in this browser (localStorage).
    Saved,
    /// A `config.json` imported on the settings page.
    Imported,
    /// The page's URL parameters.
    Url,
}

impl Layer {
    /// How the layer is named on screen.
    pub fn name(self) -> &'static str {
        match self {
            Layer::File => "config.json",
            Layer::Saved => "saved settings",
            Layer::Imported => "the imported file",
            Layer::Url => "the URL",
        }
    }
}

/// A setting that was not used, and why; the value below it stays in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub layer: Layer,
    /// The setting's name, or empty when the whole layer was unusable.
    pub setting: String,
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.setting.is_empty() {
            write!(f, "{}: {}", self.layer.name(), self.reason)
        } else {
            write!(
                f,
                "{}: setting \"{}\" is not valid: {}",
                self.layer.name(),
                self.setting,
                self.reason
            )
        }
    }
}

/// The settings in force and the problems met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub config: Config,
    pub issues: Vec<Issue>,
}

/// Applies `layers` in order over the defaults. Each layer is a JSON object; a key
/// whose value is refused is reported and leaves the lower value in force.
pub fn resolve(layers: &[(Layer, Value)]) -> Resolved {
    let mut config = Config::default();
    let mut issues = Vec::new();
    for (layer, value) in layers {
        let Value::Object(map) = value else {
            issues.push(Issue {
                layer: *layer,
                setting: String::new(),
                reason: "is not a JSON object, so it was ignored".into(),
            });
            continue;
        };
        for (key, v) in map {
            // `$schema`, `_comment` and the like annotate a file; they are not settings.
            if key.starts_with(['$', '_']) {
                continue;
            }
            match fields::apply(&mut config, key, v) {
                Ok(true) => {}
                Ok(false) => issues.push(Issue {
                    layer: *layer,
                    setting: key.clone(),
                    reason: "no such setting (ignored)".into(),
                }),
                Err(reason) => issues.push(Issue {
                    layer: *layer,
                    setting: key.clone(),
                    reason: format!("{reason}; the value below it stays"),
                }),
            }
        }
    }
    Resolved { config, issues }
}

/// URL parameters as a layer. Repeated names (`team=a&team=b`) become a list; a name
/// without a value (`?kiosk`) is empty text, which switches flags on.
pub fn url_layer<K: AsRef<str>, V: AsRef<str>>(params: impl IntoIterator<Item = (K, V)>) -> Value {
    let mut map: Map<String, Value> = Map::new();
    for (k, v) in params {
        let (k, v) = (k.as_ref().to_owned(), Value::String(v.as_ref().to_owned()));
        match map.get_mut(&k) {
            Some(Value::Array(items)) => items.push(v),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, v]);
            }
            None => {
                map.insert(k, v);
            }
        }
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Theme;
    use floorview_reporting::Endpoint;
    use serde_json::json;

    #[test]
    fn later_layers_win() {
        let r = resolve(&[
            (
                Layer::File,
                json!({"orgId": "acme", "theme": "light", "teams": ["a", "b"]}),
            ),
            (Layer::Saved, json!({"theme": "dark"})),
            (Layer::Url, url_layer([("team", "b")])),
        ]);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert_eq!(r.config.org_id, "acme");
        assert_eq!(r.config.theme, Theme::Dark);
        assert_eq!(r.config.teams, ["b"]);
    }

    #[test]
    fn a_bad_value_is_named_and_the_rest_still_applies() {
        let r = resolve(&[
            (
                Layer::File,
                json!({"orgId": "acme", "pollSeconds": {"teamActivity": 3}}),
            ),
            (Layer::Url, url_layer([("refresh", "fast"), ("theme", "light")])),
        ]);
        assert_eq!(r.issues.len(), 1);
        let text = r.issues[0].to_string();
        assert!(
            text.contains("the URL") && text.contains("\"refresh\"") && text.contains("fast"),
            "{text}"
        );
        assert_eq!(r.config.poll.seconds(Endpoint::TeamActivity), 3.0);
        assert_eq!(r.config.theme, Theme::Light);
        assert_eq!(r.config.org_id, "acme");
    }

    #[test]
    fn unknown_settings_and_broken_layers_are_reported() {
        let r = resolve(&[
            (Layer::File, json!(["not", "an", "object"])),
            (Layer::Saved, json!({"colour": "red", "_note": "x"})),
        ]);
        assert_eq!(r.issues.len(), 2);
        assert!(r.issues[0].to_string().starts_with("config.json:"));
        assert!(r.issues[1].to_string().contains("\"colour\""));
        assert_eq!(r.config, Config::default());
    }

    #[test]
    fn url_parameters_repeat_into_lists() {
        let layer = url_layer([("team", "a"), ("team", "b"), ("team", "c"), ("kiosk", "")]);
        assert_eq!(layer, json!({"team": ["a", "b", "c"], "kiosk": ""}));
        let r = resolve(&[(Layer::Url, layer)]);
        assert_eq!(r.config.teams, ["a", "b", "c"]);
        assert!(r.config.kiosk);
    }
}
