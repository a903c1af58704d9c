//! A configuration as `config.json` (the format of the deployment file, the saved
//! settings and the export), and back.

use floorview_reporting::Endpoint;
use serde_json::{json, Map, Value};

use crate::config::table::SETTINGS;
use crate::config::{resolve, Config, Issue, Layer, StateLimits};

/// A number as JSON, whole numbers without a fraction (`5`, not `5.0`), so exported
/// files read like hand-written ones.
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// A number as a form shows it: `5`, `1.5`.
pub fn number_text(n: f64) -> String {
    match number(n) {
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Every exported setting of the table ([`SETTINGS`]) of `config` as a
/// `config.json` object. States whose default limit was removed are `null`, so
/// importing the file removes them again.
pub fn to_json(config: &Config) -> Value {
    let json: Map<String, Value> = SETTINGS
        .iter()
        .filter(|s| s.export)
        .map(|s| (s.key.to_owned(), value(config, s.key)))
        .collect();
    Value::Object(json)
}

/// `0` (off) as `"off"`, other seconds as a number: how the kiosk's on/off
/// settings read in a hand-written `config.json`.
fn on_off_seconds(seconds: u32) -> Value {
    if seconds == 0 {
        json!("off")
    } else {
        json!(seconds)
    }
}

/// The value of setting `key` of `config` as `config.json` writes it.
fn value(config: &Config, key: &str) -> Value {
    match key {
        "proxyUrl" => json!(config.proxy_url),
        "orgId" => json!(config.org_id),
        "teams" => json!(config.teams),
        "workTypes" => json!(config.work_types),
        "contactLists" => json!(config.contact_lists),
        "pollSeconds" => Endpoint::ALL
            .iter()
            .map(|e| (e.name().to_owned(), number(config.poll.seconds(*e))))
            .collect::<Map<String, Value>>()
            .into(),
        "tzOffset" => json!(config.tz_offset.map(|tz| tz.to_string()).unwrap_or_default()),
        "thresholds" => thresholds(config),
        "theme" => json!(config.theme.as_str()),
        "textScale" => number(config.text_scale),
        "kiosk" => json!(config.kiosk),
        "view" => json!(config.view.as_str()),
        "playlist" => json!(config.playlist.iter().map(ToString::to_string).collect::<Vec<_>>()),
        "rotateSeconds" => json!(config.rotate_s),
        "fit" => json!(config.fit.as_str()),
        "pixelShift" => on_off_seconds(config.pixel_shift_s),
        "hideCursor" => on_off_seconds(config.hide_cursor_s),
        "dailyReload" => config.daily_reload.map_or(json!("off"), |t| json!(t.to_string())),
        "updateCheck" => on_off_seconds(config.update_check_s),
        "timeoutSeconds" => json!(config.timeout_s),
        "maxConcurrent" => json!(config.max_in_flight),
        "perfMarks" => json!(config.perf_marks),
        "boards" => crate::board::write::boards(&config.boards),
        // Every key of the table is above (a test holds it to that).
        _ => Value::Null,
    }
}

fn thresholds(config: &Config) -> Value {
    let t = &config.thresholds;
    let mut states: Map<String, Value> = StateLimits::default()
        .0
        .iter()
        .map(|l| (l.state.clone(), Value::Null))
        .collect();
    for l in &t.states.0 {
        states.insert(l.state.clone(), json!([number(l.warn_s), number(l.critical_s)]));
    }
    json!({
        "longestWaitWarn": number(t.longest_wait_warn_s),
        "longestWaitCritical": number(t.longest_wait_critical_s),
        "queueWarn": number(t.queue_warn),
        "queueCritical": number(t.queue_critical),
        "states": states,
    })
}

/// The keys of `settings` whose values differ from `deployment`'s: what this browser
/// saves, so a later change to the deployment's `config.json` still reaches every
/// setting the user did not change.
pub fn overrides(settings: &Value, deployment: &Value) -> Map<String, Value> {
    let (Value::Object(settings), Value::Object(deployment)) = (settings, deployment) else {
        return Map::new();
    };
    settings
        .iter()
        .filter(|(k, v)| deployment.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Reads an imported `config.json` over the deployment's settings: what it sets wins,
/// what it lacks stays; every refused value is an issue, named as in `config.json`.
pub fn import(text: &str, deployment: &Value) -> Result<(Config, Vec<Issue>), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    if !value.is_object() {
        return Err("the file is not a JSON object like config.json".to_owned());
    }
    let resolved = resolve(&[(Layer::File, deployment.clone()), (Layer::Imported, value)]);
    let issues = resolved
        .issues
        .into_iter()
        .filter(|i| i.layer == Layer::Imported)
        .collect();
    Ok((resolved.config, issues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{apply_setting, Theme};
    use crate::kiosk::playlist::Page;
    use crate::route::Route;

    fn custom() -> Config {
        let mut c = Config {
            proxy_url: "https://proxy.example".into(),
            org_id: "acme".into(),
            teams: vec!["sales_team".into(), "support_team".into()],
            work_types: vec!["sales_voice".into()],
            contact_lists: vec!["Spring Renewals".into()],
            theme: Theme::HighContrast,
            text_scale: 1.25,
            tz_offset: "+01:00".parse().ok(),
            playlist: vec![Page::of(Route::Overview), Page::of(Route::Queues)],
            rotate_s: 20,
            kiosk: true,
            pixel_shift_s: 0,
            hide_cursor_s: 12,
            daily_reload: "03:30".parse().ok(),
            update_check_s: 0,
            ..Config::default()
        };
        c.poll.set(Endpoint::ListActivity, 45.0);
        c.thresholds.queue_warn = 3.0;
        c.thresholds.states.set("wrap", 30.0, 90.5);
        c.thresholds.states.remove("park");
        c
    }

    #[test]
    fn a_config_survives_the_trip_through_config_json() {
        let c = custom();
        let r = resolve(&[(Layer::File, to_json(&c))]);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        assert_eq!(r.config.thresholds.states.get("park"), None);
        let mut want = c.clone();
        // Order of the limits is not a setting.
        want.thresholds.states.0.sort_by(|a, b| a.state.cmp(&b.state));
        let mut got = r.config;
        got.thresholds.states.0.sort_by(|a, b| a.state.cmp(&b.state));
        assert_eq!(got, want);
    }

    #[test]
    fn every_setting_of_the_table_is_written_and_read_back() {
        let json = to_json(&custom());
        for setting in SETTINGS.iter().filter(|s| s.export) {
            let value = &json[setting.key];
            assert_ne!(value, &Value::Null, "{} is not written", setting.key);
            let mut config = Config::default();
            assert_eq!(
                apply_setting(&mut config, setting.key, value),
                Ok(true),
                "{}",
                setting.key
            );
        }
        let screen_care = ["kiosk", "pixelShift", "hideCursor", "dailyReload", "updateCheck", "fit"];
        assert!(screen_care.iter().all(|k| json.get(k).is_some()), "{json}");
    }

    #[test]
    fn numbers_are_written_as_people_write_them() {
        let json = to_json(&custom());
        assert_eq!(json["pollSeconds"]["listActivity"], json!(45));
        assert_eq!(json["textScale"], json!(1.25));
        assert_eq!(number_text(90.5), "90.5");
        assert_eq!(number_text(120.0), "120");
    }

    #[test]
    fn only_what_differs_from_the_deployment_is_saved() {
        let deployment = Config::default();
        let mut mine = deployment.clone();
        mine.theme = Theme::Dark;
        let saved = overrides(&to_json(&mine), &to_json(&deployment));
        assert_eq!(saved.keys().collect::<Vec<_>>(), ["theme"]);
        assert!(overrides(&to_json(&deployment), &to_json(&deployment)).is_empty());
    }

    #[test]
    fn imports_name_what_they_refuse_and_keep_the_rest() {
        let deployment = to_json(&Config::default());
        let (c, issues) = import(r#"{"theme": "light", "orgId": "bad.org", "colour": 1}"#, &deployment).unwrap();
        assert_eq!(c.theme, Theme::Light);
        assert_eq!(c.org_id, "demo");
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text.iter()
                .any(|t| t.starts_with("the imported file: setting \"orgId\"")),
            "{text:?}"
        );
        assert!(import("not json", &deployment).unwrap_err().contains("not valid JSON"));
        assert!(import("[1]", &deployment).is_err());
    }
}
