//! The settings form: what the user typed, field by field, checked as typed by the
//! very rules (and messages) that `config.json` is checked by.

use std::collections::BTreeMap;

use floorview_reporting::Endpoint;
use serde_json::{json, Value};

use super::export::number_text;
use crate::config::table::SETTINGS;
use crate::config::{apply_setting, Config};

/// The agent states whose time-in-state limits the form offers, with their labels.
pub const STATE_FIELDS: &[(&str, &str)] = &[
    ("pendingactive", "Pending active"),
    ("active", "Active"),
    ("multiline", "Multiline"),
    ("held", "Held"),
    ("preview", "Preview"),
    ("wrap", "Wrap"),
    ("park", "Park"),
    ("notready", "Not ready"),
    ("idle", "Idle"),
    ("reserved", "Reserved"),
];

/// Fields checked together (a warn/critical pair is judged as a pair); the reason
/// of a refusal is shown beside the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub fields: Vec<String>,
}

/// What the form holds: the text of every field, by field id (`orgId`,
/// `poll.teamActivity`, `thresholds.queueWarn`, `state.wrap.warn`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    values: BTreeMap<String, String>,
}

impl Draft {
    /// Every group of the form, in form order.
    pub fn groups() -> Vec<Group> {
        let one = |id: String| Group {
            fields: vec![id.clone()],
            id,
        };
        let pair = |id: String, warn: String, critical: String| Group {
            id,
            fields: vec![warn, critical],
        };
        // Settings that are one field each, under their `config.json` names.
        let mut groups: Vec<Group> = SETTINGS
            .iter()
            .filter(|s| s.single_field)
            .map(|s| one(s.key.to_owned()))
            .collect();
        groups.extend(Endpoint::ALL.iter().map(|e| one(format!("poll.{}", e.name()))));
        for metric in ["longestWait", "queue"] {
            groups.push(pair(
                format!("thresholds.{metric}"),
                format!("thresholds.{metric}Warn"),
                format!("thresholds.{metric}Critical"),
            ));
        }
        for (state, _) in STATE_FIELDS {
            groups.push(pair(
                format!("state.{state}"),
                format!("state.{state}.warn"),
                format!("state.{state}.critical"),
            ));
        }
        groups
    }

    /// The form filled in from `config`.
    pub fn from_config(config: &Config) -> Draft {
        let mut d = Draft::default();
        let list = |items: &[String]| items.join(", ");
        d.set("proxyUrl", &config.proxy_url);
        d.set("orgId", &config.org_id);
        d.set("teams", &list(&config.teams));
        d.set("workTypes", &list(&config.work_types));
        d.set("contactLists", &list(&config.contact_lists));
        d.set(
            "tzOffset",
            &config.tz_offset.map(|tz| tz.to_string()).unwrap_or_default(),
        );
        d.set("theme", config.theme.as_str());
        d.set("textScale", &number_text(config.text_scale));
        let views: Vec<String> = config.playlist.iter().map(ToString::to_string).collect();
        d.set("playlist", &list(&views));
        d.set("rotateSeconds", &config.rotate_s.to_string());
        d.set("fit", config.fit.as_str());
        for e in Endpoint::ALL {
            d.set(&format!("poll.{}", e.name()), &number_text(config.poll.seconds(e)));
        }
        let t = &config.thresholds;
        d.set("thresholds.longestWaitWarn", &number_text(t.longest_wait_warn_s));
        d.set(
            "thresholds.longestWaitCritical",
            &number_text(t.longest_wait_critical_s),
        );
        d.set("thresholds.queueWarn", &number_text(t.queue_warn));
        d.set("thresholds.queueCritical", &number_text(t.queue_critical));
        for (state, _) in STATE_FIELDS {
            let limit = t.states.get(state);
            d.set(
                &format!("state.{state}.warn"),
                &limit.map(|l| number_text(l.warn_s)).unwrap_or_default(),
            );
            d.set(
                &format!("state.{state}.critical"),
                &limit.map(|l| number_text(l.critical_s)).unwrap_or_default(),
            );
        }
        d
    }

    /// A field's text.
    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Changes a field's text.
    pub fn set(&mut self, field: &str, text: &str) {
        self.values.insert(field.to_owned(), text.to_owned());
    }

    /// The ids of a list field (`teams`: `a, b` → `[a, b]`).
    pub fn list(&self, field: &str) -> Vec<String> {
        self.get(field)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The setting a group stands for, as `config.json` would give it.
    fn setting(&self, group: &str) -> Result<(&'static str, Value), String> {
        let text = |field: &str| Value::String(self.get(field).trim().to_owned());
        if let Some(single) = SETTINGS.iter().find(|s| s.single_field && s.key == group) {
            return Ok((single.key, text(group)));
        }
        if let Some(endpoint) = group.strip_prefix("poll.") {
            return Ok(("pollSeconds", json!({ endpoint: text(group) })));
        }
        if let Some(metric) = group.strip_prefix("thresholds.") {
            let (warn, critical) = (format!("{metric}Warn"), format!("{metric}Critical"));
            let value = json!({
                warn.as_str(): text(&format!("thresholds.{warn}")),
                critical.as_str(): text(&format!("thresholds.{critical}")),
            });
            return Ok(("thresholds", value));
        }
        if let Some(state) = group.strip_prefix("state.") {
            let warn = self.get(&format!("state.{state}.warn")).trim();
            let critical = self.get(&format!("state.{state}.critical")).trim();
            let pair = match (warn.is_empty(), critical.is_empty()) {
                (true, true) => Value::Null,
                (false, false) => json!([warn, critical]),
                _ => return Err("give both warn and critical, or leave both empty for no limit".to_owned()),
            };
            return Ok(("thresholds", json!({ "states": { state: pair } })));
        }
        Err(format!("\"{group}\" is not a setting"))
    }

    /// Whether a group's fields make a valid setting; the reason when not.
    pub fn check(&self, group: &str) -> Result<(), String> {
        let (key, value) = self.setting(group)?;
        apply_setting(&mut Config::default(), key, &value).map(|_| ())
    }

    /// Every refused group with its reason, in form order.
    pub fn errors(&self) -> Vec<(String, String)> {
        Draft::groups()
            .into_iter()
            .filter_map(|g| self.check(&g.id).err().map(|e| (g.id, e)))
            .collect()
    }

    /// `base` with every setting of the form applied, or every refusal.
    pub fn to_config(&self, base: &Config) -> Result<Config, Vec<(String, String)>> {
        let mut config = base.clone();
        let mut errors = Vec::new();
        for group in Draft::groups() {
            let applied = self
                .setting(&group.id)
                .and_then(|(key, value)| apply_setting(&mut config, key, &value));
            if let Err(e) = applied {
                errors.push((group.id, e));
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Theme;

    #[test]
    fn a_form_filled_from_a_config_gives_it_back() {
        let mut c = Config {
            teams: vec!["a".into(), "b".into()],
            theme: Theme::Light,
            tz_offset: "-05:30".parse().ok(),
            ..Config::default()
        };
        c.thresholds.states.set("active", 600.0, 1200.0);
        let d = Draft::from_config(&c);
        assert_eq!(d.get("teams"), "a, b");
        assert_eq!(d.get("state.active.critical"), "1200");
        assert_eq!(d.errors(), vec![]);
        let mut got = d.to_config(&Config::default()).unwrap();
        got.thresholds.states.0.sort_by(|a, b| a.state.cmp(&b.state));
        c.thresholds.states.0.sort_by(|a, b| a.state.cmp(&b.state));
        assert_eq!(got, c);
    }

    #[test]
    fn a_bad_field_gets_the_config_files_reason() {
        let mut d = Draft::from_config(&Config::default());
        d.set("orgId", "evil.example");
        d.set("poll.teamActivity", "soon");
        d.set("tzOffset", "+25");
        let errors = d.errors();
        let groups: Vec<&str> = errors.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(groups, ["orgId", "tzOffset", "poll.teamActivity"]);
        assert!(errors[2].1.contains("\"soon\" is not a duration"), "{errors:?}");
        assert!(errors[1].1.contains("18:00"), "{errors:?}");
        assert!(d.to_config(&Config::default()).is_err());
    }

    #[test]
    fn pairs_are_judged_together() {
        let mut d = Draft::from_config(&Config::default());
        d.set("thresholds.queueWarn", "20");
        assert!(d.check("thresholds.queue").unwrap_err().contains("above its critical"));
        d.set("thresholds.queueCritical", "30");
        assert_eq!(d.check("thresholds.queue"), Ok(()));
        d.set("state.wrap.warn", "10m");
        assert!(d
            .check("state.wrap")
            .unwrap_err()
            .contains("states.wrap: warn is above critical"));
        d.set("state.wrap.critical", "");
        assert!(d.check("state.wrap").unwrap_err().contains("both"));
    }

    #[test]
    fn emptying_a_states_limits_removes_it() {
        let mut d = Draft::from_config(&Config::default());
        d.set("state.wrap.warn", "");
        d.set("state.wrap.critical", "");
        d.set("state.idle.warn", "1h");
        d.set("state.idle.critical", "2h");
        let c = d.to_config(&Config::default()).unwrap();
        assert!(c.thresholds.states.get("wrap").is_none());
        assert_eq!(c.thresholds.states.get("idle").map(|l| l.warn_s), Some(3600.0));
    }

    #[test]
    fn list_fields_split_on_commas() {
        let mut d = Draft::default();
        d.set("teams", " a ,b,, c ");
        assert_eq!(d.list("teams"), ["a", "b", "c"]);
    }
}
