//! Field decoders that never fail.
//!
//! Real payloads disagree with the published examples (numbers as strings, strings as
//! numbers, nulls, floats where integers are documented). Each field is decoded on its
//! own: a value of an unexpected type becomes `None` instead of failing the whole row,
//! so one odd field never blanks a panel.

mod time;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

pub use self::time::parse_timestamp;
pub use crate::sim::timestamp::format_timestamp;
use crate::sim::timestamp::ApiTime;

/// How one kind of field reads each kind of JSON scalar; whatever it cannot use
/// (and every `null`, list or object) becomes `None`. Text is copied only into the
/// field itself, and only when the field keeps it.
pub(crate) trait Lenient {
    type Value;

    fn text(s: &str) -> Option<Self::Value>;
    fn owned_text(s: String) -> Option<Self::Value> {
        Self::text(&s)
    }
    fn signed(v: i64) -> Option<Self::Value>;
    fn unsigned(v: u64) -> Option<Self::Value>;
    /// Only ever given finite values (JSON has no others).
    fn float(v: f64) -> Option<Self::Value>;
    fn boolean(v: bool) -> Option<Self::Value>;
}

/// Reads any JSON value as the field kind `L` reads it.
fn read<'de, L: Lenient, D: Deserializer<'de>>(deserializer: D) -> Result<Option<L::Value>, D::Error> {
    // One visitor for every kind of field, rather than one each: in the dashboard's
    // wasm each visitor is code for every deserializer it meets.
    Ok(match deserializer.deserialize_any(ScalarVisitor)? {
        Scalar::Null => None,
        Scalar::Bool(v) => L::boolean(v),
        Scalar::Int(v) => L::signed(v),
        Scalar::UInt(v) => L::unsigned(v),
        Scalar::Float(v) if v.is_finite() => L::float(v),
        Scalar::Float(_) => None,
        Scalar::Text(Cow::Borrowed(s)) => L::text(s),
        Scalar::Text(Cow::Owned(s)) => L::owned_text(s),
    })
}

/// Any JSON value, reduced to what a scalar field can use; lists and objects are
/// skipped and read as `Null`.
enum Scalar<'de> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(Cow<'de, str>),
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
        d.deserialize_any(ScalarVisitor)
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
        Ok(Scalar::Null)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Null)
    }
}

/// Rounds a float to a whole number when it is one a count could hold at all.
fn round_whole(v: f64) -> Option<i128> {
    (v.is_finite() && v.abs() < 1e30).then(|| v.round() as i128)
}

/// A count or a duration in seconds: never negative, at most `u32::MAX`.
/// Negative or out-of-range values are treated as missing rather than clamped, so a
/// corrupt value is not shown as if it were real. Floats are rounded; numeric text
/// is read as its number.
pub mod count {
    use super::{read, round_whole, Deserializer, Lenient, Serializer};

    pub(crate) struct Count;

    impl Lenient for Count {
        type Value = u32;

        fn text(s: &str) -> Option<u32> {
            let s = s.trim();
            let whole = s
                .parse::<i128>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().and_then(round_whole));
            u32::try_from(whole?).ok()
        }
        fn signed(v: i64) -> Option<u32> {
            u32::try_from(v).ok()
        }
        fn unsigned(v: u64) -> Option<u32> {
            u32::try_from(v).ok()
        }
        fn float(v: f64) -> Option<u32> {
            u32::try_from(round_whole(v)?).ok()
        }
        fn boolean(_: bool) -> Option<u32> {
            None
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
        read::<Count, D>(deserializer)
    }

    pub fn serialize<S: Serializer>(value: &Option<u32>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
    }
}

/// A percentage, kept fractional when it arrives so; any finite value (saturation can
/// exceed 100).
pub mod percent {
    use super::{read, Deserializer, Lenient, Serializer};

    struct Percent;

    impl Lenient for Percent {
        type Value = f64;

        fn text(s: &str) -> Option<f64> {
            s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
        }
        fn signed(v: i64) -> Option<f64> {
            Some(v as f64)
        }
        fn unsigned(v: u64) -> Option<f64> {
            Some(v as f64)
        }
        fn float(v: f64) -> Option<f64> {
            Some(v)
        }
        fn boolean(_: bool) -> Option<f64> {
            None
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        read::<Percent, D>(deserializer)
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
    use super::{format_float, read, Deserializer, Lenient, Serializer};

    pub(crate) struct Text;

    impl Lenient for Text {
        type Value = String;

        fn text(s: &str) -> Option<String> {
            Some(s.to_owned())
        }
        fn owned_text(s: String) -> Option<String> {
            Some(s)
        }
        fn signed(v: i64) -> Option<String> {
            Some(v.to_string())
        }
        fn unsigned(v: u64) -> Option<String> {
            Some(v.to_string())
        }
        fn float(v: f64) -> Option<String> {
            Some(format_float(v))
        }
        fn boolean(v: bool) -> Option<String> {
            Some(v.to_string())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        read::<Text, D>(deserializer)
    }

    pub fn serialize<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
    }
}

/// One of the API's open enumerations (see [`crate::enums`]), from text or a number.
/// Known values are matched on the borrowed text; only unknown ones are copied.
pub mod open {
    use super::{format_float, read, Deserializer, Lenient, PhantomData, Serializer};

    pub(crate) struct Open<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Lenient for Open<T> {
        type Value = T;

        fn text(s: &str) -> Option<T> {
            Some(T::from(s))
        }
        fn signed(v: i64) -> Option<T> {
            Some(T::from(&v.to_string()))
        }
        fn unsigned(v: u64) -> Option<T> {
            Some(T::from(&v.to_string()))
        }
        fn float(v: f64) -> Option<T> {
            Some(T::from(&format_float(v)))
        }
        fn boolean(v: bool) -> Option<T> {
            Some(T::from(if v { "true" } else { "false" }))
        }
    }

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: for<'a> From<&'a str>,
    {
        read::<Open<T>, D>(deserializer)
    }

    pub fn serialize<S: Serializer, T: serde::Serialize>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, serializer)
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
    use super::{from_epoch, parse_timestamp, read, ApiTime, DateTime, Deserializer, FixedOffset, Lenient, Serializer};

    pub(crate) struct Timestamp;

    impl Lenient for Timestamp {
        type Value = DateTime<FixedOffset>;

        fn text(s: &str) -> Option<Self::Value> {
            parse_timestamp(s)
        }
        fn signed(v: i64) -> Option<Self::Value> {
            from_epoch(i128::from(v))
        }
        fn unsigned(v: u64) -> Option<Self::Value> {
            from_epoch(i128::from(v))
        }
        fn float(v: f64) -> Option<Self::Value> {
            (v.abs() < 1e18).then(|| from_epoch(v.round() as i128))?
        }
        fn boolean(_: bool) -> Option<Self::Value> {
            None
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        read::<Timestamp, D>(deserializer)
    }

    /// Writes a timestamp the way the API does (see [`format_timestamp`], the
    /// simulator's writer).
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
