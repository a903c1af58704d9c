//! Timestamps as text: the forms seen in the wild read leniently, and the API's own
//! form written without chrono's general formatter (a 10,000-agent poll carries
//! 40,000 of them each way).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone};

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

/// The API's textual form of a timestamp: `Z` for UTC, otherwise `±hh:mm`, and
/// fractional seconds only when there are any (as milli-, micro- or nanoseconds).
pub fn format_timestamp(t: &DateTime<FixedOffset>) -> String {
    ApiTime(t).to_string()
}

/// Displays a timestamp in [`format_timestamp`]'s form, so serialising one needs
/// no intermediate `String`.
pub(super) struct ApiTime<'a>(pub(super) &'a DateTime<FixedOffset>);

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
pub(crate) struct TextBuffer {
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

    fn push_slice(&mut self, bytes: &[u8]) {
        if let Some(slots) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
            slots.copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }

    fn push_two_digits(&mut self, value: u32) {
        self.push(b'0' + (value / 10 % 10) as u8);
        self.push(b'0' + (value % 10) as u8);
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Writes the API's form by hand; false for what only chrono can spell (years
/// outside 0..=9999, leap seconds).
pub(crate) fn write_timestamp(out: &mut TextBuffer, t: &DateTime<FixedOffset>) -> bool {
    let offset = t.offset().local_minus_utc();
    write_time_parts(
        out,
        t.timestamp() + i64::from(offset),
        t.timestamp_subsec_nanos(),
        offset,
    )
}

/// [`write_timestamp`] from the parts it shows: the local wall-clock time as seconds
/// since 1970-01-01T00:00:00 (the instant plus the offset), the fraction of the
/// second, and the offset. The simulator, which counts whole seconds, writes its
/// times from these without building a `DateTime` for each.
pub(crate) fn write_time_parts(out: &mut TextBuffer, local_seconds: i64, nanos: u32, offset_seconds: i32) -> bool {
    let (year, month, day) = civil_from_days(local_seconds.div_euclid(86_400));
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return false;
    }
    let second_of_day = local_seconds.rem_euclid(86_400) as u32;
    let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    // By position into one array: byte-by-byte pushes cost more than the arithmetic.
    let mut text = *b"0000-00-00T00:00:00";
    for (at, value) in [
        (0, year as u32 / 100),
        (2, year as u32 % 100),
        (5, month),
        (8, day),
        (11, hour),
        (14, minute),
        (17, second),
    ] {
        text[at] = b'0' + (value / 10) as u8;
        text[at + 1] = b'0' + (value % 10) as u8;
    }
    out.push_slice(&text);
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
    if offset_seconds == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset_seconds < 0 { b'-' } else { b'+' });
        let seconds = offset_seconds.unsigned_abs();
        out.push_two_digits(seconds / 3600);
        out.push(b':');
        out.push_two_digits(seconds / 60 % 60);
        // RFC 3339 has no seconds in offsets, but tzOffset accepts them (`+hh:mm:ss`),
        // and dropping them would move the instant.
        if !seconds.is_multiple_of(60) {
            out.push(b':');
            out.push_two_digits(seconds % 60);
        }
    }
    true
}

/// Year, month and day of a day counted from 1970-01-01 in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`), cheaper than asking chrono for
/// each part.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

    proptest::proptest! {
        #[test]
        fn any_instant_is_written_as_chrono_writes_it(
            seconds in -300_000_000_000i64..300_000_000_000,
            nanos in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..1_000_000_000],
            offset_minutes in -18 * 60..=18 * 60i32,
        ) {
            let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap();
            let Some(t) = DateTime::from_timestamp(seconds, nanos) else { return Ok(()) };
            let t = t.with_timezone(&offset);
            proptest::prop_assert_eq!(format_timestamp(&t), t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            proptest::prop_assert_eq!(parse_timestamp(&format_timestamp(&t)), Some(t));
        }
    }
}
