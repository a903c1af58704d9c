//! Every setting, declared once: its `config.json` key, the other names it is read
//! by (URL habits), and where it goes (export and saved settings, the wallboard
//! link, a field of its own on the settings page, its label there). Parsing, export, the wallboard
//! link, the settings draft and the docs test all read this table, in the spirit of
//! the reporting crate's `ParamSpec`, so a new setting is one row here plus its
//! reading (`fields.rs`) and writing (`settings/export.rs`). A row also holds the
//! value's kind and bounds, which the reader applies, and its default, which
//! `Config::default` is tested to agree with.

/// Whether a setting travels in the wallboard link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InLink {
    /// Always, under its URL name (the screen cannot be set up without it).
    Always,
    /// Only where it differs from the deployment's `config.json`.
    WhenChanged,
    /// Never (this browser's own business, or a diagnostic).
    Never,
}

/// The bounds a number or a duration (in seconds) is held to, both included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

/// What a setting's value is, and the bounds its reader holds it to: the reader
/// (`fields.rs`) takes its bounds from here, and the docs' "type" column is
/// [`Kind::describe`], so the three cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Text held to the setting's own rule (a URL, an id the API accepts, an offset).
    Text,
    /// Ids, as a JSON list or comma-separated text.
    Ids,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// The name of a view.
    View,
    /// A number.
    Number(Range),
    /// A duration: `10`, `10s`, `2m`, `1500ms`.
    Duration(Range),
    /// One duration for every endpoint, or an object endpoint → duration.
    PerEndpoint(Range),
    /// `on` (this many seconds), `off`, or a duration.
    OnOff { on_s: u32, range: Range },
    /// true or false; alone in a URL, true.
    Switch,
    /// A local time of day, or `off`.
    TimeOfDay,
    /// Kiosk pages: `view`, `view:value` or `view:name=value`.
    Pages,
    /// An object or a list (JSON text in a link), described here.
    Structured(&'static str),
}

impl Kind {
    /// The bounds of a number or a duration, if the value has any.
    pub fn range(self) -> Option<Range> {
        match self {
            Kind::Number(r) | Kind::Duration(r) | Kind::PerEndpoint(r) | Kind::OnOff { range: r, .. } => Some(r),
            _ => None,
        }
    }

    /// The value as docs/configuration.md's table of settings describes it.
    pub fn describe(self) -> String {
        let span = |r: Range, unit: fn(f64) -> String| format!("{} – {}", unit(r.min), unit(r.max));
        match self {
            Kind::Text => "text".to_owned(),
            Kind::Ids => "list or comma-separated text".to_owned(),
            Kind::Choice(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                match quoted.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
            Kind::View => "view name".to_owned(),
            Kind::Number(r) => format!("number, {}", span(r, plain)),
            Kind::Duration(r) => format!("duration, {}", span(r, duration)),
            Kind::PerEndpoint(r) => {
                format!("duration, or an object endpoint → duration; {}", span(r, duration))
            }
            Kind::OnOff { on_s, range } => format!(
                "`on` ({}), `off` or a duration, {}",
                duration(f64::from(on_s)),
                span(range, duration)
            ),
            Kind::Switch => "true/false".to_owned(),
            Kind::TimeOfDay => "`HH:MM` or `off`".to_owned(),
            Kind::Pages => "list of pages: `view`, `view:value` or `view:name=value`".to_owned(),
            Kind::Structured(what) => what.to_owned(),
        }
    }
}

fn plain(n: f64) -> String {
    n.to_string()
}

/// `5 s`, `2 min`, `1 h`: the largest unit that divides the seconds exactly.
fn duration(seconds: f64) -> String {
    match seconds {
        s if s >= 3600.0 && s % 3600.0 == 0.0 => format!("{} h", s / 3600.0),
        s if s >= 60.0 && s % 60.0 == 0.0 => format!("{} min", s / 60.0),
        s => format!("{s} s"),
    }
}

/// One setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// The `config.json` name, also read from the URL and saved settings.
    pub key: &'static str,
    /// What the settings page calls it.
    pub label: &'static str,
    pub kind: Kind,
    /// The value when no layer sets it, as `config.json` would write it; `None` when
    /// each part has its own (poll periods, thresholds).
    pub default: Option<&'static str>,
    /// Other names it is read by (`refresh` for `pollSeconds`, `rotate`, `views`).
    pub aliases: &'static [&'static str],
    /// Written by export, and so saved by the settings page when it differs.
    pub export: bool,
    pub link: InLink,
    /// A field of its own on the settings page (the grouped ones, poll periods and
    /// thresholds, are laid out by the draft; the kiosk's own on its switches).
    pub single_field: bool,
}

/// A setting with a field of its own, exported, in the link when changed; the
/// methods below say how a row differs.
const fn setting(key: &'static str, label: &'static str, kind: Kind, default: Option<&'static str>) -> Setting {
    Setting {
        key,
        label,
        kind,
        default,
        aliases: &[],
        export: true,
        link: InLink::WhenChanged,
        single_field: true,
    }
}

impl Setting {
    const fn aka(self, aliases: &'static [&'static str]) -> Setting {
        Setting { aliases, ..self }
    }

    const fn always_in_link(self) -> Setting {
        Setting {
            link: InLink::Always,
            ..self
        }
    }

    /// This browser's own business, or a diagnostic: never in a wallboard link.
    const fn never_in_link(self) -> Setting {
        Setting {
            link: InLink::Never,
            ..self
        }
    }

    /// A diagnostic: neither exported nor saved.
    const fn not_exported(self) -> Setting {
        Setting { export: false, ..self }
    }

    /// Laid out with others on the settings page, not as a field of its own.
    const fn grouped(self) -> Setting {
        Setting {
            single_field: false,
            ..self
        }
    }
}

const fn range(min: f64, max: f64) -> Range {
    Range { min, max }
}

use Kind::{Choice, Duration, Ids, Number, OnOff, Pages, PerEndpoint, Structured, Switch, Text, TimeOfDay, View};

/// Every setting, in the order of docs/configuration.md and the settings page.
pub const SETTINGS: &[Setting] = &[
    setting("proxyUrl", "Proxy URL", Text, Some("")),
    setting("orgId", "Organisation id", Text, Some("demo")),
    setting("teams", "Teams", Ids, Some("[]"))
        .aka(&["team"])
        .always_in_link(),
    setting("workTypes", "Work types", Ids, Some("[]")).always_in_link(),
    setting("contactLists", "Contact lists", Ids, Some("[]")),
    setting("pollSeconds", "Poll periods", PerEndpoint(range(1.0, 3600.0)), None)
        .aka(&["refresh"])
        .grouped(),
    setting("tzOffset", "Time zone offset", Text, Some("")),
    setting("thresholds", "Thresholds", Structured("object"), None).grouped(),
    setting(
        "theme",
        "Theme",
        Choice(&["dark", "light", "high-contrast", "auto"]),
        Some("auto"),
    )
    .always_in_link(),
    setting("textScale", "Text size", Number(range(0.5, 3.0)), Some("1")),
    setting("kiosk", "Kiosk mode", Switch, Some("false"))
        .always_in_link()
        .grouped(),
    setting("view", "Start view", View, Some("overview"))
        .never_in_link()
        .grouped(),
    setting("playlist", "Views to rotate through", Pages, Some("[]"))
        .aka(&["views"])
        .always_in_link(),
    setting(
        "rotateSeconds",
        "Seconds per view",
        Duration(range(5.0, 3600.0)),
        Some("30"),
    )
    .aka(&["rotate"])
    .always_in_link(),
    setting(
        "fit",
        "Fitting the screen",
        Choice(&["auto", "scale", "pages"]),
        Some("auto"),
    )
    .always_in_link(),
    setting(
        "pixelShift",
        "Pixel shift against burn-in",
        OnOff {
            on_s: crate::kiosk::burn_in::DEFAULT_STEP_S,
            range: range(1.0, 3600.0),
        },
        Some("on"),
    )
    .grouped(),
    setting(
        "hideCursor",
        "Hide the cursor after",
        OnOff {
            on_s: 5,
            range: range(1.0, 3600.0),
        },
        Some("on"),
    )
    .grouped(),
    setting("dailyReload", "Daily reload", TimeOfDay, Some("off")).grouped(),
    setting(
        "updateCheck",
        "New deployment check",
        OnOff {
            on_s: 300,
            range: range(5.0, 86_400.0),
        },
        Some("on"),
    )
    .grouped(),
    setting(
        "timeoutSeconds",
        "Request timeout",
        Duration(range(1.0, 120.0)),
        Some("10"),
    )
    .grouped(),
    setting("maxConcurrent", "Requests at once", Number(range(1.0, 16.0)), Some("4")).grouped(),
    // Edited on a board's own page, never as a field of the settings page.
    setting("boards", "Boards", Structured("list of boards"), Some("[]")).grouped(),
    // Performance marks for `cargo xtask bench`: a diagnostic, never exported.
    setting("perfMarks", "Performance marks", Switch, Some("false"))
        .never_in_link()
        .not_exported()
        .grouped(),
];

/// The settings page's label of setting `key` (empty for a key not in the table).
pub fn label(key: &str) -> &'static str {
    SETTINGS.iter().find(|s| s.key == key).map_or("", |s| s.label)
}

/// The setting read under `name`, its key or one of its aliases.
pub fn find(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == name || s.aliases.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::fields::apply;
    use crate::config::Config;

    #[test]
    fn names_are_unique_and_found() {
        let mut names: Vec<&str> = SETTINGS
            .iter()
            .flat_map(|s| std::iter::once(s.key).chain(s.aliases.iter().copied()))
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "a name is declared twice");
        assert_eq!(find("refresh").map(|s| s.key), Some("pollSeconds"));
        assert_eq!(find("views").map(|s| s.key), Some("playlist"));
        assert_eq!(find("colour"), None);
    }

    /// The rows of docs/configuration.md's table of settings, in its order: key,
    /// type and default cells.
    fn documented() -> Vec<(String, String, String)> {
        let docs = include_str!("../../docs/configuration.md");
        docs.lines()
            .skip_while(|l| !l.starts_with("| key |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let cell = |i: usize| cells.get(i).copied().unwrap_or_default().to_owned();
                (cell(1).trim_matches('`').to_owned(), cell(3), cell(4))
            })
            .collect()
    }

    #[test]
    fn the_docs_list_exactly_the_settings_of_the_table() {
        let table: Vec<String> = SETTINGS.iter().map(|s| s.key.to_owned()).collect();
        let docs: Vec<String> = documented().into_iter().map(|(key, ..)| key).collect();
        assert_eq!(docs, table);
    }

    #[test]
    fn the_docs_give_each_setting_its_kind_and_default() {
        for (setting, (key, kind, default)) in SETTINGS.iter().zip(documented()) {
            assert_eq!(kind, setting.kind.describe(), "the type of {key}");
            if let Some(d) = setting.default {
                let shown = if d.is_empty() {
                    "`\"\"`".to_owned()
                } else {
                    format!("`{d}`")
                };
                assert!(
                    default.starts_with(&shown),
                    "the default of {key}: {default} is not {shown}"
                );
            }
        }
    }

    /// A default as `config.json` would hold it: a list as a list, the rest as text.
    fn value_of(default: &str) -> serde_json::Value {
        serde_json::from_str(default)
            .ok()
            .filter(serde_json::Value::is_array)
            .unwrap_or_else(|| serde_json::Value::from(default))
    }

    #[test]
    fn each_default_is_what_a_configuration_without_the_setting_has() {
        let untouched = Config::default();
        for setting in SETTINGS {
            let Some(default) = setting.default else { continue };
            let mut config = Config::default();
            apply(&mut config, setting.key, &value_of(default)).expect("a default reads");
            assert_eq!(config, untouched, "{} = {default:?}", setting.key);
        }
    }

    #[test]
    fn the_reader_holds_each_value_to_the_bounds_of_its_row() {
        for setting in SETTINGS {
            let Some(r) = setting.kind.range() else { continue };
            let mut config = Config::default();
            for fine in [r.min, r.max] {
                assert!(
                    apply(&mut config, setting.key, &fine.into()).is_ok(),
                    "{} = {fine}",
                    setting.key
                );
            }
            for wrong in [r.min - 0.5, r.max + 1.0] {
                if wrong == 0.0 && matches!(setting.kind, Kind::OnOff { .. }) {
                    continue; // 0 is off
                }
                let refused = apply(&mut config, setting.key, &wrong.into());
                assert!(refused.is_err(), "{} = {wrong} was read", setting.key);
            }
        }
        for setting in SETTINGS {
            let Kind::Choice(words) = setting.kind else { continue };
            for word in words {
                let mut config = Config::default();
                assert!(
                    apply(&mut config, setting.key, &(*word).into()).is_ok(),
                    "{} = {word}",
                    setting.key
                );
            }
        }
    }
}
