//! The `tzOffset` parameter of `userActivity`.
//!
//! The spec accepts `Z`, `+h`, `+hh`, `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`,
//! `+hh:mm:ss`, `-hh:mm:ss`, `+hhmmss` and `-hhmmss` (Java's `ZoneOffset.of` forms),
//! within ±18:00.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, Offset, Utc};
use thiserror::Error;

/// The largest offset the API accepts, in seconds (±18:00).
const MAX_OFFSET_SECONDS: i32 = 18 * 3600;

/// A validated UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TzOffset {
    seconds: i32,
}

/// Why a `tzOffset` was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TzOffsetError {
    #[error("tzOffset is empty")]
    Empty,
    #[error("tzOffset \"{0}\" is not in a form the API accepts (Z, +h, +hh, +hh:mm, +hhmm, +hh:mm:ss or +hhmmss)")]
    Format(String),
    #[error("tzOffset \"{0}\" has minutes or seconds above 59")]
    Field(String),
    #[error("tzOffset \"{0}\" is beyond ±18:00")]
    Range(String),
}

impl TzOffset {
    /// UTC.
    pub const UTC: TzOffset = TzOffset { seconds: 0 };

    /// An offset of whole seconds east of UTC, if within ±18:00.
    pub fn from_seconds(seconds: i32) -> Option<TzOffset> {
        (seconds.abs() <= MAX_OFFSET_SECONDS).then_some(TzOffset { seconds })
    }

    /// Seconds east of UTC.
    pub fn seconds(self) -> i32 {
        self.seconds
    }

    /// The offset as chrono's type, for converting timestamps.
    pub fn fixed_offset(self) -> FixedOffset {
        // In range by construction (±18:00 < ±24:00), so the fallback never happens.
        FixedOffset::east_opt(self.seconds).unwrap_or(Utc.fix())
    }

    /// The value percent-encoded for a query string (`+` would otherwise read as a
    /// space).
    pub fn to_query_value(self) -> String {
        crate::endpoint::encode_component(&self.to_string())
    }
}

impl FromStr for TzOffset {
    type Err = TzOffsetError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        // A `+` sent unencoded in a query string arrives as a space.
        let trimmed = raw.trim_end();
        let s = match trimmed.strip_prefix(' ') {
            Some(rest) => format!("+{}", rest.trim_start()),
            None => trimmed.trim_start().to_owned(),
        };
        if s.is_empty() {
            return Err(TzOffsetError::Empty);
        }
        if s.eq_ignore_ascii_case("z") {
            return Ok(TzOffset::UTC);
        }
        let format_error = || TzOffsetError::Format(raw.to_owned());
        let (sign, body) = match s.as_bytes()[0] {
            b'+' => (1, &s[1..]),
            b'-' => (-1, &s[1..]),
            _ => return Err(format_error()),
        };
        if !body.bytes().all(|b| b.is_ascii_digit() || b == b':') {
            return Err(format_error());
        }
        let fields: Vec<&str> = if body.contains(':') {
            let parts: Vec<&str> = body.split(':').collect();
            if parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
                return Err(format_error());
            }
            parts
        } else {
            match body.len() {
                1 | 2 => vec![body],
                4 => vec![&body[..2], &body[2..]],
                6 => vec![&body[..2], &body[2..4], &body[4..]],
                _ => return Err(format_error()),
            }
        };
        let numbers: Vec<i32> = fields
            .iter()
            .map(|f| f.parse::<i32>().map_err(|_| format_error()))
            .collect::<Result<_, _>>()?;
        let (hours, minutes, seconds) = (
            numbers[0],
            numbers.get(1).copied().unwrap_or(0),
            numbers.get(2).copied().unwrap_or(0),
        );
        if minutes > 59 || seconds > 59 {
            return Err(TzOffsetError::Field(raw.to_owned()));
        }
        TzOffset::from_seconds(sign * (hours * 3600 + minutes * 60 + seconds))
            .ok_or_else(|| TzOffsetError::Range(raw.to_owned()))
    }
}

impl fmt::Display for TzOffset {
    /// `Z` for UTC, else `±hh:mm`, with `:ss` only when there are seconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seconds == 0 {
            return f.write_str("Z");
        }
        let sign = if self.seconds < 0 { '-' } else { '+' };
        let total = self.seconds.abs();
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        if s == 0 {
            write!(f, "{sign}{h:02}:{m:02}")
        } else {
            write!(f, "{sign}{h:02}:{m:02}:{s:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<String, TzOffsetError> {
        s.parse::<TzOffset>().map(|t| t.to_string())
    }

    #[test]
    fn every_listed_format_normalises() {
        for (input, expected) in [
            ("Z", "Z"),
            ("z", "Z"),
            ("+1", "+01:00"),
            ("+01", "+01:00"),
            ("+05:30", "+05:30"),
            ("-00:30", "-00:30"),
            ("+0545", "+05:45"),
            ("-0930", "-09:30"),
            ("+01:02:03", "+01:02:03"),
            ("-01:02:03", "-01:02:03"),
            ("+010203", "+01:02:03"),
            ("-010203", "-01:02:03"),
            ("+00:00", "Z"),
            ("+18:00", "+18:00"),
        ] {
            assert_eq!(parse(input).as_deref(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn an_unencoded_plus_that_became_a_space_is_understood() {
        assert_eq!(parse(" 02:00").as_deref(), Ok("+02:00"));
    }

    #[test]
    fn garbage_and_out_of_range_are_refused_with_a_reason() {
        assert_eq!(parse(""), Err(TzOffsetError::Empty));
        assert!(matches!(parse("01:00"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("+1:00"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("+123"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("+01:00:00:00"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("+٠١"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("EST"), Err(TzOffsetError::Format(_))));
        assert!(matches!(parse("+01:60"), Err(TzOffsetError::Field(_))));
        assert!(matches!(parse("+19"), Err(TzOffsetError::Range(_))));
        assert!(matches!(parse("-18:00:01"), Err(TzOffsetError::Range(_))));
    }

    #[test]
    fn query_value_is_percent_encoded() {
        let tz: TzOffset = "+05:30".parse().unwrap();
        assert_eq!(tz.to_query_value(), "%2B05%3A30");
        assert_eq!(TzOffset::UTC.to_query_value(), "Z");
    }
}
