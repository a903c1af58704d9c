//! Reading each setting of the table from a JSON value: the value read leniently
//! ([`super::values`]), then held to the setting's own rules (ranges, ids the API
//! accepts). An error names what is wrong with the value.

use floorview_reporting::{Endpoint, ParamError, Query, TzOffset};
use serde_json::Value;

use super::values::{boolean, kind, list, number, object_text, seconds, text};
use super::{Config, StateLimits, Theme};
use crate::route::Route;

/// Applies setting `key` (its name or an alias in [`super::table`]) = `value` to
/// `config`; `Ok(false)` when the table has no such setting. Numbers and durations
/// are held to the bounds of the setting's row.
pub fn apply(config: &mut Config, key: &str, value: &Value) -> Result<bool, String> {
    let Some(setting) = super::table::find(key) else {
        return Ok(false);
    };
    let (min, max) = setting
        .kind
        .range()
        .map_or((f64::NEG_INFINITY, f64::INFINITY), |r| (r.min, r.max));
    match setting.key {
        "proxyUrl" => config.proxy_url = proxy_url(value)?,
        "orgId" => config.org_id = org_id(value)?,
        "teams" => config.teams = ids(value, Endpoint::TeamActivity, "teamId")?,
        "workTypes" => config.work_types = ids(value, Endpoint::ChannelActivity, "workTypeId")?,
        "contactLists" => config.contact_lists = ids(value, Endpoint::ListActivity, "contactList")?,
        "pollSeconds" => poll(config, &object_text(value), min, max)?,
        "tzOffset" => config.tz_offset = tz_offset(value)?,
        "thresholds" => thresholds(config, &object_text(value))?,
        "theme" => config.theme = theme(value)?,
        "textScale" => config.text_scale = number(value, min, max)?,
        "kiosk" => config.kiosk = boolean(value)?,
        "view" => config.view = route(value)?,
        "rotateSeconds" => config.rotate_s = seconds(value, min, max)? as u32,
        "fit" => config.fit = crate::fit::Fit::parse(&text(value)?)?,
        "timeoutSeconds" => config.timeout_s = seconds(value, min, max)? as u32,
        "maxConcurrent" => config.max_in_flight = number(value, min, max)? as u32,
        "perfMarks" => config.perf_marks = boolean(value)?,
        "boards" => boards(config, value)?,
        // The playlist and the other kiosk settings.
        _ => return super::kiosk_fields::apply(config, setting, value),
    }
    Ok(true)
}

/// Boards by id: a later layer's board replaces the one of the same id and adds
/// the others, so a personal board sits beside the deployment's. Each board that
/// cannot be read is a problem of its own; the rest are kept.
fn boards(config: &mut Config, value: &Value) -> Result<(), String> {
    let read = crate::board::parse::boards(value)?;
    for board in read.boards {
        match config.boards.iter_mut().find(|b| b.id == board.id) {
            Some(old) => *old = board,
            None => config.boards.push(board),
        }
    }
    config.board_problems.extend(read.problems);
    Ok(())
}

fn proxy_url(value: &Value) -> Result<String, String> {
    let url = text(value)?;
    let ok = url.is_empty() || url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://");
    // `https://user:secret@host`: settings are saved, exported and shared in links,
    // so they must never carry a secret.
    let authority = url
        .split("://")
        .nth(1)
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    if authority.is_some_and(|a| a.contains('@')) {
        return Err("must not carry a user name or password: settings never hold secrets".to_owned());
    }
    if ok && !url.contains(char::is_whitespace) {
        Ok(url)
    } else {
        Err("expected empty (same origin), a path, or an http(s):// URL".to_owned())
    }
}

fn org_id(value: &Value) -> Result<String, String> {
    let org = text(value)?;
    Query::new(Endpoint::TeamActivity, &org, [("teamId", "probe")])
        .map(|_| org)
        .map_err(|e| e.to_string())
}

/// Ids, each checked by the same rules the proxy applies to that parameter.
fn ids(value: &Value, endpoint: Endpoint, param: &str) -> Result<Vec<String>, String> {
    let ids = list(value)?;
    for id in &ids {
        match Query::new(endpoint, "demo", [(param, id.as_str())]) {
            Ok(_) => {}
            Err(ParamError::Invalid { reason, .. }) => return Err(format!("\"{id}\": {reason}")),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(ids)
}

fn poll(config: &mut Config, value: &Value, min: f64, max: f64) -> Result<(), String> {
    let Value::Object(map) = value else {
        config.poll.set_all(seconds(value, min, max)?);
        return Ok(());
    };
    let mut poll = config.poll;
    for (name, v) in map {
        let endpoint = Endpoint::from_name(name).ok_or_else(|| format!("\"{name}\" is not an endpoint"))?;
        poll.set(endpoint, seconds(v, min, max).map_err(|e| format!("{name}: {e}"))?);
    }
    config.poll = poll;
    Ok(())
}

fn tz_offset(value: &Value) -> Result<Option<TzOffset>, String> {
    let raw = text(value)?;
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<TzOffset>().map(Some).map_err(|e| e.to_string())
}

fn thresholds(config: &mut Config, value: &Value) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err(format!("expected an object, found {}", kind(value)));
    };
    let mut t = config.thresholds.clone();
    for (name, v) in map {
        if name == "states" {
            state_limits(&mut t.states, v)?;
            continue;
        }
        let slot = match name.as_str() {
            "longestWaitWarn" => &mut t.longest_wait_warn_s,
            "longestWaitCritical" => &mut t.longest_wait_critical_s,
            "queueWarn" => &mut t.queue_warn,
            "queueCritical" => &mut t.queue_critical,
            other => return Err(format!("\"{other}\" is not a threshold")),
        };
        *slot = seconds(v, 0.0, 86_400.0).map_err(|e| format!("{name}: {e}"))?;
    }
    if t.longest_wait_warn_s > t.longest_wait_critical_s || t.queue_warn > t.queue_critical {
        return Err("a warn threshold is above its critical one".to_owned());
    }
    config.thresholds = t;
    Ok(())
}

/// `{"wrap": [120, 300], "notReady": {"warn": "15m", "critical": "30m"}, "held": null}`:
/// a pair per state, as a list or an object; `null` removes a state's limit.
fn state_limits(limits: &mut StateLimits, value: &Value) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err(format!("states: expected an object, found {}", kind(value)));
    };
    for (state, v) in map {
        let pair = match v {
            Value::Null => {
                limits.remove(state);
                continue;
            }
            Value::Array(items) if items.len() == 2 => (&items[0], &items[1]),
            Value::Object(o) => match (o.get("warn"), o.get("critical")) {
                (Some(w), Some(c)) => (w, c),
                _ => return Err(format!("states.{state}: expected warn and critical")),
            },
            other => {
                return Err(format!(
                    "states.{state}: expected [warn, critical], found {}",
                    kind(other)
                ))
            }
        };
        let warn = seconds(pair.0, 0.0, 86_400.0).map_err(|e| format!("states.{state}: {e}"))?;
        let critical = seconds(pair.1, 0.0, 86_400.0).map_err(|e| format!("states.{state}: {e}"))?;
        if warn > critical {
            return Err(format!("states.{state}: warn is above critical"));
        }
        limits.set(state, warn, critical);
    }
    Ok(())
}

fn theme(value: &Value) -> Result<Theme, String> {
    match text(value)?.to_ascii_lowercase().as_str() {
        "dark" => Ok(Theme::Dark),
        "light" => Ok(Theme::Light),
        "high-contrast" | "highcontrast" | "contrast" => Ok(Theme::HighContrast),
        "auto" | "" => Ok(Theme::Auto),
        other => Err(format!("\"{other}\" is not dark, light, high-contrast or auto")),
    }
}

fn route(value: &Value) -> Result<Route, String> {
    let name = text(value)?;
    Route::from_name(&name).ok_or_else(|| {
        let names: Vec<&str> = Route::ALL.iter().map(|r| r.as_str()).collect();
        format!("\"{name}\" is not a view ({})", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::playlist::Page;
    use serde_json::json;

    #[test]
    fn durations_read_grafana_style_text() {
        assert_eq!(seconds(&json!("10s"), 1.0, 60.0), Ok(10.0));
        assert_eq!(seconds(&json!("2m"), 1.0, 600.0), Ok(120.0));
        assert_eq!(seconds(&json!("1500ms"), 1.0, 60.0), Ok(1.5));
        assert_eq!(seconds(&json!(7), 1.0, 60.0), Ok(7.0));
        assert!(seconds(&json!("soon"), 1.0, 60.0).unwrap_err().contains("soon"));
        assert!(seconds(&json!("0s"), 1.0, 60.0).unwrap_err().contains("outside"));
    }

    #[test]
    fn lists_come_as_lists_or_text() {
        let mut c = Config::default();
        apply(&mut c, "teams", &json!(["sales_team", "support_team"])).unwrap();
        assert_eq!(c.teams, ["sales_team", "support_team"]);
        apply(&mut c, "teams", &json!("a, b,")).unwrap();
        assert_eq!(c.teams, ["a", "b"]);
        assert!(apply(&mut c, "teams", &json!(["ok", " "]))
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn poll_periods_per_endpoint_or_all() {
        let mut c = Config::default();
        apply(&mut c, "pollSeconds", &json!({"teamActivity": 2, "listActivity": "1m"})).unwrap();
        assert_eq!(c.poll.seconds(Endpoint::TeamActivity), 2.0);
        assert_eq!(c.poll.seconds(Endpoint::ListActivity), 60.0);
        assert!(apply(&mut c, "pollSeconds", &json!({"nope": 2}))
            .unwrap_err()
            .contains("nope"));
        apply(&mut c, "refresh", &json!("10s")).unwrap();
        assert_eq!(c.poll.seconds(Endpoint::PresenceUsers), 10.0);
    }

    #[test]
    fn values_the_api_refuses_are_refused_here() {
        let mut c = Config::default();
        assert!(apply(&mut c, "orgId", &json!("evil.com")).is_err());
        assert!(apply(&mut c, "tzOffset", &json!("+25")).unwrap_err().contains("18:00"));
        assert!(apply(&mut c, "proxyUrl", &json!("ftp://x")).is_err());
        assert!(apply(&mut c, "theme", &json!("pink")).unwrap_err().contains("pink"));
        assert!(apply(&mut c, "view", &json!("moon")).unwrap_err().contains("moon"));
        assert!(apply(&mut c, "thresholds", &json!({"queueWarn": 20, "queueCritical": 10})).is_err());
        assert_eq!(apply(&mut c, "colour", &json!(1)), Ok(false));
    }

    #[test]
    fn state_limits_come_as_pairs_or_objects() {
        let mut c = Config::default();
        let value = json!({"states": {"wrap": [60, "10m"], "NotReady": {"warn": "5m", "critical": 600}, "held": null}});
        apply(&mut c, "thresholds", &value).unwrap();
        let states = &c.thresholds.states;
        assert_eq!(
            states.get("wrap").map(|l| (l.warn_s, l.critical_s)),
            Some((60.0, 600.0))
        );
        assert_eq!(states.get("notready").map(|l| l.warn_s), Some(300.0));
        assert!(states.get("held").is_none());
        let err = apply(&mut c, "thresholds", &json!({"states": {"wrap": [300, 60]}})).unwrap_err();
        assert!(err.contains("wrap"), "{err}");
        assert!(apply(&mut c, "thresholds", &json!({"states": {"wrap": 5}})).is_err());
    }

    #[test]
    fn links_carry_objects_as_json_text_and_never_credentials() {
        let mut c = Config::default();
        apply(
            &mut c,
            "thresholds",
            &json!(r#"{"queueWarn": 2, "states": {"wrap": [10, 20]}}"#),
        )
        .unwrap();
        assert_eq!(c.thresholds.queue_warn, 2.0);
        assert_eq!(c.thresholds.states.get("wrap").map(|l| l.critical_s), Some(20.0));
        apply(&mut c, "pollSeconds", &json!(r#"{"listActivity": "1m"}"#)).unwrap();
        assert_eq!(c.poll.seconds(Endpoint::ListActivity), 60.0);
        assert!(apply(&mut c, "thresholds", &json!("{broken")).is_err());
        let err = apply(&mut c, "proxyUrl", &json!("https://me:pw@proxy.example/")).unwrap_err();
        assert!(err.contains("secrets"), "{err}");
        apply(&mut c, "proxyUrl", &json!("https://proxy.example/a@b")).unwrap();
        apply(&mut c, "fit", &json!("pages")).unwrap();
        assert_eq!(c.fit, crate::fit::Fit::Pages);
        assert!(apply(&mut c, "fit", &json!("zoom")).unwrap_err().contains("zoom"));
        apply(&mut c, "theme", &json!("high-contrast")).unwrap();
        assert_eq!(c.theme, Theme::HighContrast);
        apply(&mut c, "textScale", &json!("1.5")).unwrap();
        assert_eq!(c.text_scale, 1.5);
        assert!(apply(&mut c, "textScale", &json!(9)).unwrap_err().contains("outside"));
        apply(&mut c, "views", &json!("queues,agents")).unwrap();
        assert_eq!(c.playlist, [Page::of(Route::Queues), Page::of(Route::Agents)]);
    }

    #[test]
    fn kiosk_alone_means_on() {
        let mut c = Config::default();
        apply(&mut c, "kiosk", &json!("")).unwrap();
        assert!(c.kiosk);
        apply(&mut c, "kiosk", &json!("false")).unwrap();
        assert!(!c.kiosk);
    }
}
