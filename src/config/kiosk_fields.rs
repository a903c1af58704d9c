//! Reading the kiosk's settings, like every other setting (config.json, saved
//! settings, URL): `playlist`, `pixelShift`, `dailyReload`, `hideCursor`,
//! `updateCheck`. Their bounds and "on" values are in their rows of the table.

use serde_json::Value;

use super::table::{Kind, Setting};
use super::values::{boolean, list, seconds};
use super::Config;
use crate::kiosk::playlist::parse_all;
use crate::kiosk::quiet_time::QuietTime;

/// Applies kiosk setting `setting`; `Ok(false)` when it is not a kiosk setting.
pub fn apply(config: &mut Config, setting: &Setting, value: &Value) -> Result<bool, String> {
    let on_off = || match setting.kind {
        Kind::OnOff { on_s, range } => on_off_seconds(value, on_s, range.min, range.max),
        _ => Err(format!("{} is not an on/off setting", setting.key)),
    };
    match setting.key {
        "playlist" => {
            let pages = list(value)?;
            config.playlist = parse_all(pages.iter().map(String::as_str))?;
        }
        "pixelShift" => config.pixel_shift_s = on_off()?,
        "hideCursor" => config.hide_cursor_s = on_off()?,
        "updateCheck" => config.update_check_s = on_off()?,
        "dailyReload" => {
            config.daily_reload = match value {
                Value::Null => None,
                Value::Bool(false) => None,
                Value::String(s) if matches!(s.trim(), "" | "off" | "false" | "no") => None,
                Value::String(s) => Some(s.parse::<QuietTime>()?),
                _ => return Err("expected a time like 03:30, or off".to_owned()),
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `off`/`false`/`0` (0), `on`/`true`/empty (`default`), or a duration in range
/// (`1` is one second here, not "on").
fn on_off_seconds(value: &Value, default: u32, min: f64, max: f64) -> Result<u32, String> {
    let word = match value {
        Value::Bool(_) => true,
        Value::String(s) => s.trim().parse::<f64>().is_err(),
        _ => false,
    };
    if word {
        if let Ok(on) = boolean(value) {
            return Ok(if on { default } else { 0 });
        }
    }
    if value.as_f64() == Some(0.0) || value.as_str().is_some_and(|s| s.trim() == "0") {
        return Ok(0);
    }
    seconds(value, min, max)
        .map(|s| s.round() as u32)
        .map_err(|e| format!("{e}; or on / off"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::fields;
    use crate::config::{merge::url_layer, resolve, Layer};
    use crate::kiosk::burn_in::DEFAULT_STEP_S;
    use crate::route::Route;
    use serde_json::json;

    #[test]
    fn the_url_sets_a_playlist_with_parameters() {
        let r = resolve(&[(
            Layer::Url,
            url_layer([
                ("kiosk", ""),
                ("rotate", "20"),
                ("views", "overview,queues,agents:sales_team"),
            ]),
        )]);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let c = r.config;
        assert!(c.kiosk);
        assert_eq!(c.rotate_s, 20);
        assert_eq!(c.playlist.len(), 3);
        assert_eq!(c.playlist[2].route, Route::Agents);
        assert_eq!(c.playlist[2].hash(), "#/agents?team=sales_team");
    }

    #[test]
    fn config_json_may_say_playlist() {
        let r = resolve(&[(Layer::File, json!({"playlist": ["overview", "agents:support_team"]}))]);
        assert!(r.issues.is_empty());
        assert_eq!(r.config.playlist.len(), 2);
        let r = resolve(&[(Layer::Url, url_layer([("views", "overview,moon")]))]);
        assert!(r.issues[0].to_string().contains("\"moon\" is not a view"));
        assert!(r.config.playlist.is_empty(), "a bad playlist leaves the one below");
    }

    #[test]
    fn switches_take_on_off_or_seconds() {
        let mut c = Config::default();
        assert_eq!(c.pixel_shift_s, DEFAULT_STEP_S);
        fields::apply(&mut c, "pixelShift", &json!("off")).unwrap();
        assert_eq!(c.pixel_shift_s, 0);
        fields::apply(&mut c, "pixelShift", &json!("10s")).unwrap();
        assert_eq!(c.pixel_shift_s, 10);
        fields::apply(&mut c, "pixelShift", &json!("1")).unwrap();
        assert_eq!(c.pixel_shift_s, 1, "a number is seconds");
        fields::apply(&mut c, "pixelShift", &json!("0")).unwrap();
        assert_eq!(c.pixel_shift_s, 0);
        fields::apply(&mut c, "pixelShift", &json!("on")).unwrap();
        assert_eq!(c.pixel_shift_s, DEFAULT_STEP_S);
        fields::apply(&mut c, "hideCursor", &json!(false)).unwrap();
        assert_eq!(c.hide_cursor_s, 0);
        assert!(fields::apply(&mut c, "updateCheck", &json!("1s")).is_err());
        assert!(fields::apply(&mut c, "hideCursor", &json!("soon"))
            .unwrap_err()
            .contains("on / off"));
    }

    #[test]
    fn the_daily_reload_is_a_time_or_off() {
        let mut c = Config::default();
        fields::apply(&mut c, "dailyReload", &json!("03:30")).unwrap();
        assert_eq!(c.daily_reload.map(|t| t.minute_of_day), Some(210));
        fields::apply(&mut c, "dailyReload", &json!("off")).unwrap();
        assert_eq!(c.daily_reload, None);
        assert!(fields::apply(&mut c, "dailyReload", &json!("25:00")).is_err());
    }
}
