//! Every setting, declared once: its `config.json` key, the other names it is read
//! by (URL habits), and where it goes (export and saved settings, the wallboard
//! link, a field of its own on the settings page, its label there). Parsing, export, the wallboard
//! link, the settings draft and the docs test all read this table, in the spirit of
//! the reporting crate's `ParamSpec`, so a new setting is one row here plus its
//! reading (`fields.rs`) and writing (`settings/export.rs`).

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

/// One setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The `config.json` name, also read from the URL and saved settings.
    pub key: &'static str,
    /// What the settings page calls it.
    pub label: &'static str,
    /// Other names it is read by (`refresh` for `pollSeconds`, `rotate`, `views`).
    pub aliases: &'static [&'static str],
    /// Written by export, and so saved by the settings page when it differs.
    pub export: bool,
    pub link: InLink,
    /// A field of its own on the settings page (the grouped ones, poll periods and
    /// thresholds, are laid out by the draft).
    pub single_field: bool,
}

const fn row(
    key: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
    link: InLink,
    single_field: bool,
) -> Setting {
    Setting {
        key,
        label,
        aliases,
        export: true,
        link,
        single_field,
    }
}

use InLink::{Always, Never, WhenChanged};

/// Every setting, in the order of docs/configuration.md and the settings page.
pub const SETTINGS: &[Setting] = &[
    row("proxyUrl", "Proxy URL", &[], WhenChanged, true),
    row("orgId", "Organisation id", &[], WhenChanged, true),
    row("teams", "Teams", &["team"], Always, true),
    row("workTypes", "Work types", &[], Always, true),
    row("contactLists", "Contact lists", &[], WhenChanged, true),
    row("pollSeconds", "Poll periods", &["refresh"], WhenChanged, false),
    row("tzOffset", "Time zone offset", &[], WhenChanged, true),
    row("thresholds", "Thresholds", &[], WhenChanged, false),
    row("theme", "Theme", &[], Always, true),
    row("textScale", "Text size", &[], WhenChanged, true),
    row("kiosk", "Kiosk mode", &[], Always, false),
    row("view", "Start view", &[], Never, false),
    row("playlist", "Views to rotate through", &["views"], Always, true),
    row("rotateSeconds", "Seconds per view", &["rotate"], Always, true),
    row("fit", "Fitting the screen", &[], Always, true),
    row("pixelShift", "Pixel shift against burn-in", &[], WhenChanged, false),
    row("hideCursor", "Hide the cursor after", &[], WhenChanged, false),
    row("dailyReload", "Daily reload", &[], WhenChanged, false),
    row("updateCheck", "New deployment check", &[], WhenChanged, false),
    row("timeoutSeconds", "Request timeout", &[], WhenChanged, false),
    row("maxConcurrent", "Requests at once", &[], WhenChanged, false),
    // Edited on a board's own page, never as a field of the settings page.
    row("boards", "Boards", &[], WhenChanged, false),
    // Performance marks for `cargo xtask bench`: a diagnostic, never exported.
    Setting {
        export: false,
        ..row("perfMarks", "Performance marks", &[], Never, false)
    },
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

    /// The keys of docs/configuration.md's table of settings, in its order.
    fn documented_keys() -> Vec<String> {
        let docs = include_str!("../../docs/configuration.md");
        docs.lines()
            .skip_while(|l| !l.starts_with("| key |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .filter_map(|l| l.split('|').nth(1))
            .map(|cell| cell.trim().trim_matches('`').to_owned())
            .collect()
    }

    #[test]
    fn the_docs_list_exactly_the_settings_of_the_table() {
        let table: Vec<String> = SETTINGS.iter().map(|s| s.key.to_owned()).collect();
        assert_eq!(documented_keys(), table);
    }
}
