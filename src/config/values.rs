//! JSON values read leniently, as settings arrive from `config.json`, saved
//! settings and URL parameters alike: numbers may come as text, lists as
//! comma-separated text, durations as `10s` or `2m`. Each error says what the value
//! was instead; `fields.rs` turns these into settings.

use serde_json::Value;

/// An object given as JSON text, as a URL parameter can only carry text
/// (`thresholds={"queueWarn":3}` in a wallboard link); anything else as it is.
pub(crate) fn object_text(value: &Value) -> std::borrow::Cow<'_, Value> {
    match value {
        Value::String(s) if s.trim_start().starts_with('{') => match serde_json::from_str::<Value>(s) {
            Ok(parsed @ Value::Object(_)) => std::borrow::Cow::Owned(parsed),
            _ => std::borrow::Cow::Borrowed(value),
        },
        _ => std::borrow::Cow::Borrowed(value),
    }
}

pub(crate) fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.trim().to_owned()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("expected text, found {}", kind(other))),
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A list given as a JSON list or as comma-separated text.
pub(crate) fn list(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::String(s) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()),
        other => Err(format!("expected a list, found {}", kind(other))),
    }
}

/// A number from a JSON number or text.
pub(crate) fn number(value: &Value, min: f64, max: f64) -> Result<f64, String> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
    .ok_or_else(|| format!("expected a number, found {}", kind(value)))?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} is outside {min}–{max}"))
    }
}

/// Seconds from a number or from text like `10`, `10s`, `2m`, `500ms` (Grafana's
/// `refresh` habit).
pub(crate) fn seconds(value: &Value, min: f64, max: f64) -> Result<f64, String> {
    let Value::String(s) = value else {
        return number(value, min, max);
    };
    let s = s.trim();
    let (digits, scale) = if let Some(d) = s.strip_suffix("ms") {
        (d, 0.001)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1.0)
    } else if let Some(d) = s.strip_suffix('m') {
        (d, 60.0)
    } else if let Some(d) = s.strip_suffix('h') {
        (d, 3600.0)
    } else {
        (s, 1.0)
    };
    let n = digits
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("\"{s}\" is not a duration like 10s or 2m"))?;
    number(&Value::from(n * scale), min, max)
}

pub(crate) fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            // `?kiosk` alone means on, as in Grafana.
            "" | "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            other => Err(format!("\"{other}\" is not true or false")),
        },
        other => Err(format!("expected true or false, found {}", kind(other))),
    }
}
