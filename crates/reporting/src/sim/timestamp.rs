//! Timestamps written in the API's own form, as the simulator's bodies (and the
//! models' serialisation) carry them: without chrono's general formatter, since a
//! 10,000-agent poll writes 40,000 of them.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat};

/// The API's textual form of a timestamp: `Z` for UTC, otherwise `±hh:mm`, and
/// fractional seconds only when there are any (as milli-, micro- or nanoseconds).
pub fn format_timestamp(t: &DateTime<FixedOffset>) -> String {
    ApiTime(t).to_string()
}

/// Displays a timestamp in [`format_timestamp`]'s form, so serialising one needs
/// no intermediate `String`.
pub(crate) struct ApiTime<'a>(pub(crate) &'a DateTime<FixedOffset>);

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
    use crate::lenient::parse_timestamp;
    use chrono::{Datelike, TimeZone};

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
            // The reader takes the years an API can send, 0000 on; before that (which
            // chrono writes as `-0001-…`) only the writer is held to chrono.
            if t.year() >= 0 {
                proptest::prop_assert_eq!(parse_timestamp(&format_timestamp(&t)), Some(t));
            }
        }
    }
}
