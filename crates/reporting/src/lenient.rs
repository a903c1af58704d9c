//! Field decoders that never fail.
//!
//! Real payloads disagree with the published examples (numbers as strings, strings as
//! numbers, nulls, floats where integers are documented). Each field is decoded on its
//! own: a value of an unexpected type becomes `None` instead of failing the whole row,
//! so one odd field never blanks a panel.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

/// Any JSON value, reduced to what a scalar field can use.
enum Scalar<'de> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(Cow<'de, str>),
    /// An object or array where a scalar was expected; its content was skipped.
    Composite,
}

impl<'de> Scalar<'de> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Scalar::read(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
}

/// A whole number from a JSON number or a numeric string; floats are rounded.
fn whole_number(value: &Scalar) -> Option<i128> {
    match value {
        Scalar::Int(v) => Some(i128::from(*v)),
        Scalar::UInt(v) => Some(i128::from(*v)),
        Scalar::Float(v) if v.is_finite() && v.abs() < 1e30 => Some(v.round() as i128),
        Scalar::Text(s) => {
            let s = s.trim();
            s.parse::<i128>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && v.abs() < 1e30)
                    .map(|v| v.round() as i128)
            })
        }
        _ => None,
    }
}

/// A count or a duration in seconds: never negative, at most `u32::MAX`.
/// Negative or out-of-range values are treated as missing rather than clamped, so a
/// corrupt value is not shown as if it were real.
pub mod count {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
        let value = Scalar::read(deserializer)?;
        Ok(whole_number(&value).and_then(|v| u32::try_from(v).ok()))
    }

    pub fn serialize<S: Serializer>(value: &Option<u32>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
    }
}

/// A percentage, kept fractional when it arrives so; any finite value (saturation can
/// exceed 100).
pub mod percent {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        Ok(match Scalar::read(deserializer)? {
            Scalar::Int(v) => Some(v as f64),
            Scalar::UInt(v) => Some(v as f64),
            Scalar::Float(v) => Some(v),
            Scalar::Text(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|v| v.is_finite()))
    }

    /// Whole percentages are written as integers, as the spec types them.
    pub fn serialize<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => serializer.serialize_i64(*v as i64),
            Some(v) => serializer.serialize_f64(*v),
            None => serializer.serialize_none(),
        }
    }
}

/// Text; numbers and booleans are accepted as their decimal text (the spec's
/// `ehubSessionId` is a string in the schema and a number in the example).
pub mod text {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        Ok(Scalar::read(deserializer)?.into_text().map(Cow::into_owned))
    }

    pub fn serialize<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
    }
}

/// One of the API's open enumerations (see [`crate::enums`]), from text or a number.
pub mod open {
    use super::*;

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: for<'a> From<&'a str>,
    {
        Ok(Scalar::read(deserializer)?.into_text().map(|raw| T::from(&raw)))
    }

    pub fn serialize<S: Serializer, T: serde::Serialize>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
    }
}

impl<'de> Scalar<'de> {
    fn into_text(self) -> Option<Cow<'de, str>> {
        match self {
            Scalar::Text(s) => Some(s),
            Scalar::Int(v) => Some(Cow::Owned(v.to_string())),
            Scalar::UInt(v) => Some(Cow::Owned(v.to_string())),
            Scalar::Float(v) if v.is_finite() => Some(Cow::Owned(format_float(v))),
            Scalar::Bool(v) => Some(Cow::Owned(v.to_string())),
            _ => None,
        }
    }
}

/// A session id that arrived as `2323.0` should read as `2323`.
fn format_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// A timestamp: RFC 3339 with `Z` or an offset and optional fractional seconds; also
/// a space instead of `T`, an offset without a colon, or no offset at all (read as
/// UTC, which is what the spec says these fields are in). Numbers are Unix epoch
/// seconds, or milliseconds when too large to be seconds.
pub mod timestamp {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Ok(match Scalar::read(deserializer)? {
            Scalar::Text(s) => parse_timestamp(&s),
            Scalar::Int(v) => from_epoch(i128::from(v)),
            Scalar::UInt(v) => from_epoch(i128::from(v)),
            Scalar::Float(v) if v.is_finite() && v.abs() < 1e18 => from_epoch(v.round() as i128),
            _ => None,
        })
    }

    /// Writes a timestamp the way the API does (see [`format_timestamp`]).
    pub fn serialize<S: Serializer>(value: &Option<DateTime<FixedOffset>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => serializer.collect_str(&ApiTime(t)),
            None => serializer.serialize_none(),
        }
    }
}

/// Epoch numbers above this are taken as milliseconds (year 5138 in seconds).
const EPOCH_MILLIS_THRESHOLD: i128 = 100_000_000_000;

fn from_epoch(v: i128) -> Option<DateTime<FixedOffset>> {
    let millis = if v.abs() >= EPOCH_MILLIS_THRESHOLD {
        v
    } else {
        v.checked_mul(1000)?
    };
    let millis = i64::try_from(millis).ok()?;
    Utc.timestamp_millis_opt(millis).single().map(|t| t.fixed_offset())
}

/// Parses the timestamp forms seen in the wild; `None` for anything else.
pub fn parse_timestamp(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = parse_plain(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let s = s.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t);
    }
    if let Some(t) = parse_with_offset_seconds(&s) {
        return Some(t);
    }
    NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc().fixed_offset())
}

/// The API's usual forms, `2018-02-07T11:29:46Z` and `2018-02-07T11:29:46-07:00`,
/// read by position: a 10,000-agent poll carries 40,000 of them, and chrono's general
/// parser costs several times more. Anything else falls through to it.
fn parse_plain(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if !(b.len() == 20 || b.len() == 25) || (b[4], b[7], b[10], b[13], b[16]) != (b'-', b'-', b'T', b':', b':') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?
            .iter()
            .try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let offset_seconds = match (b.len(), b[19]) {
        (20, b'Z' | b'z') => 0,
        (25, sign @ (b'+' | b'-')) if b[22] == b':' => {
            let magnitude = (number(20..22)? * 3600 + number(23..25)? * 60) as i32;
            if sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return None,
    };
    let date = chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    let naive = date.and_hms_opt(number(11..13)?, number(14..16)?, number(17..19)?)?;
    FixedOffset::east_opt(offset_seconds)?
        .from_local_datetime(&naive)
        .single()
}

/// `…T11:29:46+01:02:03`: an offset with seconds, which RFC 3339 lacks but a
/// `tzOffset` of `+hh:mm:ss` produces.
fn parse_with_offset_seconds(s: &str) -> Option<DateTime<FixedOffset>> {
    let split = s.len().checked_sub(9)?;
    let (local, offset) = (s.get(..split)?, s.get(split..)?);
    let offset: crate::tz::TzOffset = offset.parse().ok()?;
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    offset.fixed_offset().from_local_datetime(&naive).single()
}

/// The API's textual form of a timestamp: `Z` for UTC, otherwise `±hh:mm`, and
/// fractional seconds only when there are any (as milli-, micro- or nanoseconds).
pub fn format_timestamp(t: &DateTime<FixedOffset>) -> String {
    ApiTime(t).to_string()
}

/// Displays a timestamp in [`format_timestamp`]'s form, so serialising one needs
/// no intermediate `String`.
struct ApiTime<'a>(&'a DateTime<FixedOffset>);

impl fmt::Display for ApiTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = TextBuffer::default();
        if write_timestamp(&mut buffer, self.0) {
            f.write_str(buffer.as_str())
        } else {
            f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
    }
}

/// Room for the longest form, `yyyy-mm-ddThh:mm:ss.nnnnnnnnn+hh:mm:ss`.
struct TextBuffer {
    bytes: [u8; 40],
    len: usize,
}

impl Default for TextBuffer {
    fn default() -> Self {
        TextBuffer { bytes: [0; 40], len: 0 }
    }
}

impl TextBuffer {
    fn push(&mut self, c: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// Writes the API's form by hand; false for what only chrono can spell (years
/// outside 0..=9999, leap seconds).
fn write_timestamp(out: &mut TextBuffer, t: &DateTime<FixedOffset>) -> bool {
    use chrono::{Datelike, Timelike};
    let local = t.naive_local();
    let nanos = local.nanosecond();
    if !(0..=9999).contains(&local.year()) || nanos >= 1_000_000_000 {
        return false;
    }
    push_digits(out, local.year() as u32, 4);
    out.push(b'-');
    push_digits(out, local.month(), 2);
    out.push(b'-');
    push_digits(out, local.day(), 2);
    out.push(b'T');
    push_digits(out, local.hour(), 2);
    out.push(b':');
    push_digits(out, local.minute(), 2);
    out.push(b':');
    push_digits(out, local.second(), 2);
    if nanos != 0 {
        out.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            push_digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(out, nanos / 1_000, 6);
        } else {
            push_digits(out, nanos, 9);
        }
    }
    let offset = t.offset().local_minus_utc();
    if offset == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset < 0 { b'-' } else { b'+' });
        let seconds = offset.unsigned_abs();
        push_digits(out, seconds / 3600, 2);
        out.push(b':');
        push_digits(out, seconds / 60 % 60, 2);
        // RFC 3339 has no seconds in offsets, but tzOffset accepts them (`+hh:mm:ss`),
        // and dropping them would move the instant.
        if !seconds.is_multiple_of(60) {
            out.push(b':');
            push_digits(out, seconds % 60, 2);
        }
    }
    true
}

fn push_digits(out: &mut TextBuffer, value: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_chrono_and_refuses_impossible_dates() {
        for text in [
            "2018-02-07T11:29:46Z",
            "2018-02-07T11:29:46-07:00",
            "2024-02-29T23:59:59+05:45",
        ] {
            assert_eq!(parse_plain(text), DateTime::parse_from_rfc3339(text).ok(), "{text}");
        }
        for text in [
            "2018-02-30T11:29:46Z",
            "2018-02-07T25:29:46Z",
            "2018-02-07T11:29:46+25:00",
            "2018-02-07T11:29:46X",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
            assert_eq!(parse_timestamp(text), None, "{text}");
        }
    }

    #[test]
    fn timestamps_are_written_as_the_api_writes_them() {
        for text in [
            "2018-02-07T11:29:46Z",
            "2018-02-07T11:29:46-07:00",
            "2018-02-07T11:29:46.120Z",
            "2018-02-07T11:29:46.000123+05:45",
            "0001-01-01T00:00:00.000000001Z",
        ] {
            let parsed = DateTime::parse_from_rfc3339(text).unwrap();
            assert_eq!(
                format_timestamp(&parsed),
                parsed.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                "{text}"
            );
        }
        let odd = FixedOffset::east_opt(3723)
            .unwrap()
            .with_ymd_and_hms(2020, 5, 6, 7, 8, 9)
            .unwrap();
        assert_eq!(format_timestamp(&odd), "2020-05-06T07:08:09+01:02:03");
        let far = FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(12000, 1, 1, 0, 0, 0)
            .unwrap();
        assert_eq!(
            format_timestamp(&far),
            "+12000-01-01T00:00:00Z",
            "chrono spells years past 9999"
        );
        assert_eq!(parse_timestamp(&format_timestamp(&odd)), Some(odd));
    }
}
