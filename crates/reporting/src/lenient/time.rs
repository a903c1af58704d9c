//! Timestamps as text, in the forms seen in the wild, read leniently (a 10,000-agent
//! poll carries 40,000 of them). Writing them is the simulator's business
//! (`sim/timestamp.rs`).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Parses the timestamp forms seen in the wild; `None` for anything else.
pub fn parse_timestamp(raw: &str) -> Option<DateTime<FixedOffset>> {
    // The API's own form first, before trimming: it has nothing to trim.
    if let Some(t) = parse_plain(raw) {
        return Some(t);
    }
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
    let offset_seconds = match *b {
        [_, _, _, _, b'-', _, _, b'-', _, _, b'T', _, _, b':', _, _, b':', _, _, b'Z' | b'z'] => 0,
        [_, _, _, _, b'-', _, _, b'-', _, _, b'T', _, _, b':', _, _, b':', _, _, sign @ (b'+' | b'-'), _, _, b':', _, _] =>
        {
            let magnitude = (two_digits(b, 20)? * 3600 + two_digits(b, 23)? * 60) as i32;
            if sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return None,
    };
    let year = two_digits(b, 0)? * 100 + two_digits(b, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, two_digits(b, 5)?, two_digits(b, 8)?)?;
    let local = date.and_hms_opt(two_digits(b, 11)?, two_digits(b, 14)?, two_digits(b, 17)?)?;
    let offset = FixedOffset::east_opt(offset_seconds)?;
    let utc = if offset_seconds == 0 {
        local
    } else {
        local.checked_sub_offset(offset)?
    };
    Some(DateTime::from_naive_utc_and_offset(utc, offset))
}

/// The number written by the two ASCII digits at `at`.
fn two_digits(b: &[u8], at: usize) -> Option<u32> {
    let tens = b.get(at)?.wrapping_sub(b'0');
    let units = b.get(at + 1)?.wrapping_sub(b'0');
    (tens < 10 && units < 10).then(|| u32::from(tens) * 10 + u32::from(units))
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
}
