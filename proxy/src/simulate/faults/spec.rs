//! What a fault rule says: its kind, the endpoints it hits, when it fires, and its
//! options. Read from the control API's JSON or from a `--fault` flag.

use std::str::FromStr;

use floorview_reporting::Endpoint;
use serde::{Deserialize, Serialize};

use super::kind::FaultKind;

/// Delay of a `delay` fault when the rule names none.
pub const DEFAULT_DELAY_MS: u64 = 5_000;
/// Longest delay a rule may ask for (ten minutes), so a typo cannot wedge a test run.
pub const MAX_DELAY_MS: u64 = 600_000;

/// A fault rule as written by its author.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultSpec {
    pub kind: FaultKind,
    /// The endpoint it applies to; `None` for all five.
    pub endpoint: Option<Endpoint>,
    pub trigger: Trigger,
    /// `Retry-After` value (seconds or an HTTP date) sent with 429 and 503.
    pub retry_after: Option<String>,
    /// How long a `delay` fault waits before answering normally.
    pub delay_ms: u64,
}

/// When a rule fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// On every matching request until the rules are cleared.
    Always,
    /// On the next N matching requests.
    Count(u64),
    /// On each matching request with this probability.
    Rate(f64),
}

/// Why a rule was refused; answered with 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error(transparent)]
    Kind(#[from] super::kind::UnknownKind),
    #[error(
        "unknown endpoint \"{0}\" (one of teamActivity, userActivity, channelActivity, listActivity, presence, *)"
    )]
    Endpoint(String),
    #[error("give count or rate, not both")]
    CountAndRate,
    #[error("rate must be between 0.0 and 1.0, not {0}")]
    Rate(String),
    #[error("count must be a whole number, not \"{0}\"")]
    Count(String),
    #[error("retryAfter must be whole seconds or an HTTP date, not \"{0}\"")]
    RetryAfter(String),
    #[error("delayMs must be a whole number of milliseconds up to {MAX_DELAY_MS}, not \"{0}\"")]
    Delay(String),
    #[error("unknown option \"{0}\" (count=, rate=, delay-ms=, retry-after=)")]
    Option(String),
    #[error("the rule is not valid JSON: {0}")]
    Json(String),
}

fn endpoint(name: &str) -> Result<Option<Endpoint>, SpecError> {
    match name.trim() {
        "" | "*" => Ok(None),
        name => Endpoint::from_name(name)
            .map(Some)
            .ok_or_else(|| SpecError::Endpoint(name.to_owned())),
    }
}

fn rate(value: f64) -> Result<Trigger, SpecError> {
    if (0.0..=1.0).contains(&value) {
        Ok(Trigger::Rate(value))
    } else {
        Err(SpecError::Rate(value.to_string()))
    }
}

fn retry_after(value: &str) -> Result<String, SpecError> {
    let value = value.trim();
    let seconds = !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit());
    if seconds || httpdate::parse_http_date(value).is_ok() {
        Ok(value.to_owned())
    } else {
        Err(SpecError::RetryAfter(value.to_owned()))
    }
}

fn delay(value: u64) -> Result<u64, SpecError> {
    if value <= MAX_DELAY_MS {
        Ok(value)
    } else {
        Err(SpecError::Delay(value.to_string()))
    }
}

/// The control API's JSON body, before validation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RuleJson {
    kind: String,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    rate: Option<f64>,
    #[serde(default)]
    retry_after: Option<serde_json::Value>,
    #[serde(default)]
    delay_ms: Option<u64>,
}

impl FaultSpec {
    /// Reads a rule from the control API's JSON body.
    pub fn from_json(body: &[u8]) -> Result<FaultSpec, SpecError> {
        let raw: RuleJson = serde_json::from_slice(body).map_err(|e| SpecError::Json(e.to_string()))?;
        let trigger = match (raw.count, raw.rate) {
            (Some(_), Some(_)) => return Err(SpecError::CountAndRate),
            (Some(n), None) => Trigger::Count(n),
            (None, Some(r)) => rate(r)?,
            (None, None) => Trigger::Always,
        };
        let retry_after = match raw.retry_after {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(retry_after(&s)?),
            Some(serde_json::Value::Number(n)) => Some(retry_after(&n.to_string())?),
            Some(other) => return Err(SpecError::RetryAfter(other.to_string())),
        };
        Ok(FaultSpec {
            kind: raw.kind.parse()?,
            endpoint: endpoint(raw.endpoint.as_deref().unwrap_or("*"))?,
            trigger,
            retry_after,
            delay_ms: delay(raw.delay_ms.unwrap_or(DEFAULT_DELAY_MS))?,
        })
    }
}

/// `KIND[:ENDPOINT][:count=N|:rate=R][:delay-ms=N][:retry-after=VALUE]`.
/// `retry-after` takes the rest of the text, so an HTTP date's colons are safe.
impl FromStr for FaultSpec {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (head, retry) = match text.split_once(":retry-after=") {
            Some((head, retry)) => (head, Some(retry_after(retry)?)),
            None => (text, None),
        };
        let mut parts = head.split(':');
        let kind: FaultKind = parts.next().unwrap_or_default().parse()?;
        let mut spec = FaultSpec {
            kind,
            endpoint: None,
            trigger: Trigger::Always,
            retry_after: retry,
            delay_ms: DEFAULT_DELAY_MS,
        };
        let mut counted = false;
        for (index, part) in parts.enumerate() {
            let Some((key, value)) = part.split_once('=') else {
                if index == 0 {
                    spec.endpoint = endpoint(part)?;
                    continue;
                }
                return Err(SpecError::Option(part.to_owned()));
            };
            match key {
                "count" | "rate" if counted => return Err(SpecError::CountAndRate),
                "count" => {
                    counted = true;
                    let n = value.parse().map_err(|_| SpecError::Count(value.to_owned()))?;
                    spec.trigger = Trigger::Count(n);
                }
                "rate" => {
                    counted = true;
                    let r: f64 = value.parse().map_err(|_| SpecError::Rate(value.to_owned()))?;
                    spec.trigger = rate(r)?;
                }
                "delay-ms" => {
                    let ms = value.parse().map_err(|_| SpecError::Delay(value.to_owned()))?;
                    spec.delay_ms = delay(ms)?;
                }
                _ => return Err(SpecError::Option(part.to_owned())),
            }
        }
        Ok(spec)
    }
}

/// A rule as the control API lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    pub id: u64,
    pub kind: &'static str,
    pub endpoint: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<String>,
    pub delay_ms: u64,
    /// Times this rule has fired.
    pub fired: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_specs_read_every_option() {
        let spec: FaultSpec = "429:teamActivity:rate=0.2:retry-after=5".parse().unwrap();
        assert_eq!(spec.kind, FaultKind::TooManyRequests);
        assert_eq!(spec.endpoint, Some(Endpoint::TeamActivity));
        assert_eq!(spec.trigger, Trigger::Rate(0.2));
        assert_eq!(spec.retry_after.as_deref(), Some("5"));

        let spec: FaultSpec = "503:*:count=3:retry-after=Wed, 21 Oct 2015 07:28:00 GMT"
            .parse()
            .unwrap();
        assert_eq!(spec.endpoint, None);
        assert_eq!(spec.trigger, Trigger::Count(3));
        assert_eq!(spec.retry_after.as_deref(), Some("Wed, 21 Oct 2015 07:28:00 GMT"));

        let spec: FaultSpec = "delay:count=2:delay-ms=1500".parse().unwrap();
        assert_eq!((spec.trigger, spec.delay_ms), (Trigger::Count(2), 1500));
        assert_eq!("hang".parse::<FaultSpec>().unwrap().trigger, Trigger::Always);
    }

    #[test]
    fn cli_specs_with_mistakes_say_which() {
        assert!(matches!("429:teams".parse::<FaultSpec>(), Err(SpecError::Endpoint(_))));
        assert!(matches!("429:*:rate=2".parse::<FaultSpec>(), Err(SpecError::Rate(_))));
        assert!(matches!(
            "429:*:rate=0.1:count=2".parse::<FaultSpec>(),
            Err(SpecError::CountAndRate)
        ));
        assert!(matches!(
            "429:*:retry-after=soon".parse::<FaultSpec>(),
            Err(SpecError::RetryAfter(_))
        ));
        assert!(matches!(
            "429:*:colour=red".parse::<FaultSpec>(),
            Err(SpecError::Option(_))
        ));
        assert!(matches!("teapot".parse::<FaultSpec>(), Err(SpecError::Kind(_))));
    }

    #[test]
    fn json_rules_read_like_the_readme_says() {
        let spec = FaultSpec::from_json(br#"{"kind":"503","endpoint":"presence","count":2,"retryAfter":7}"#).unwrap();
        assert_eq!(spec.endpoint, Some(Endpoint::PresenceUsers));
        assert_eq!(spec.trigger, Trigger::Count(2));
        assert_eq!(spec.retry_after.as_deref(), Some("7"));
        assert!(FaultSpec::from_json(br#"{"kind":"503","count":1,"rate":0.5}"#).is_err());
        assert!(FaultSpec::from_json(br#"{"kind":"503","colour":1}"#).is_err());
        assert!(FaultSpec::from_json(b"not json").is_err());
    }
}
