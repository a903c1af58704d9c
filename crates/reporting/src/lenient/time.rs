//! Timestamps as text, in the forms seen in the wild, read leniently (a 10,000-agent
//! poll carries 40,000 of them). Writing them is the simulator's business
//! (`sim/timestamp.rs`).
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

/// Parses the timestamp forms seen in the wild; `None` for anything else.
pub fn parse_timestamp(raw: &str) -> Option<DateTime<FixedOffset>> {
    // The API's own form first, before trimming: it has nothing to trim.
    parse_plain(raw).or_else(|| parse_general(raw.trim()))
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

/// Every form but the usual two, by one scanner rather than chrono's format parser
/// (which would be the only user of it in the dashboard's wasm): `YYYY-MM-DD` (or
/// `+YYYYY…` past 9999); `T`,
/// `t` or spaces; `H:M` with optional `:S` (one or two digits each, a leap second
/// `60` as chrono reads it); an optional fraction of any length (nanoseconds kept);
/// then, after optional spaces, `Z` or an offset (`±HH`, `±HH:MM`, `±HHMM`,
/// `±HH:MM:SS`, `±HHMMSS`, a space for a colon) under a day, or nothing, which reads as UTC: the spec
/// says these fields are in UTC.
fn parse_general(s: &str) -> Option<DateTime<FixedOffset>> {
    let mut scan = Scan(s.as_bytes());
    // Years past 9999 come signed, as chrono writes them (`+10000-01-01…`).
    let year = match scan.byte(b'+') {
        Some(()) => scan.number(4, 6)?,
        None => scan.number(4, 4)?,
    };
    scan.byte(b'-')?;
    let month = scan.number(1, 2)?;
    scan.byte(b'-')?;
    let day = scan.number(1, 2)?;
    if scan.byte(b'T').or_else(|| scan.byte(b't')).is_none() && scan.spaces() == 0 {
        return None;
    }
    let hour = scan.number(1, 2)?;
    scan.byte(b':')?;
    let minute = scan.number(1, 2)?;
    let second = match scan.byte(b':') {
        Some(()) => scan.number(1, 2)?,
        None => 0,
    };
    let nano = match scan.byte(b'.') {
        Some(()) => scan.fraction()?,
        None => 0,
    };
    scan.spaces();
    let offset = FixedOffset::east_opt(scan.offset()?)?;
    if !scan.0.is_empty() {
        return None;
    }
    // chrono's reading of a leap second: the 59th, plus a whole second of nanos.
    let (second, nano) = if second == 60 {
        (59, nano + 1_000_000_000)
    } else {
        (second, nano)
    };
    let local = NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_nano_opt(hour, minute, second, nano)?;
    offset.from_local_datetime(&local).single()
}

/// What is left of a timestamp to read, front first.
struct Scan<'a>(&'a [u8]);

impl Scan<'_> {
    /// `want` next, consumed.
    fn byte(&mut self, want: u8) -> Option<()> {
        let (&first, rest) = self.0.split_first()?;
        (first == want).then(|| self.0 = rest)
    }

    /// How many spaces were skipped.
    fn spaces(&mut self) -> usize {
        let n = self.0.iter().take_while(|b| **b == b' ').count();
        self.0 = &self.0[n..];
        n
    }

    /// A number of `min..=max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self.0.iter().take(max).take_while(|b| b.is_ascii_digit()).count();
        if n < min {
            return None;
        }
        let value = self.0[..n].iter().fold(0, |v, b| v * 10 + u32::from(b - b'0'));
        self.0 = &self.0[n..];
        Some(value)
    }

    /// The digits after a decimal point, as nanoseconds: the first nine count.
    fn fraction(&mut self) -> Option<u32> {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let nano = (0..9).fold(0, |v, i| {
            v * 10 + self.0.get(i).filter(|_| i < n).map_or(0, |b| u32::from(b - b'0'))
        });
        self.0 = &self.0[n..];
        Some(nano)
    }

    /// Seconds east of UTC: `Z`, a signed offset, or nothing (UTC).
    fn offset(&mut self) -> Option<i32> {
        if self.0.is_empty() || self.byte(b'Z').or_else(|| self.byte(b'z')).is_some() {
            return Some(0);
        }
        let sign = match self.0.first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.0 = &self.0[1..];
        let hours = self.number(2, 2)?;
        let mut seconds = hours * 3600;
        for unit in [60, 1] {
            // chrono reads `+01 00` as `+01:00`; so does this.
            let colon = self.byte(b':').or_else(|| self.byte(b' ')).is_some();
            match self.number(2, 2) {
                Some(v) if v < 60 => seconds += v * unit,
                Some(_) => return None,
                None if colon => return None,
                None => break,
            }
        }
        Some(sign * seconds as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use proptest::prelude::*;

    /// The reader this one replaced: chrono's format parser, in the same order.
    fn chrono_reader(raw: &str) -> Option<DateTime<FixedOffset>> {
        let s = raw.trim();
        if s.is_empty() {
            return None;
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
        NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| naive.and_utc().fixed_offset())
    }

    /// Timestamps in the forms of the wild and near them: fields of one or two
    /// digits (some impossible), every separator, fractions of any length, offsets
    /// of every shape (some out of range), spaces around.
    fn near_timestamps() -> impl Strategy<Value = String> {
        let field = |max: u32| {
            (0..=max, any::<bool>()).prop_map(|(v, pad)| if pad { format!("{v:02}") } else { v.to_string() })
        };
        let date = (1000..=9999u32, field(13), field(32)).prop_map(|(y, m, d)| format!("{y}-{m}-{d}"));
        let time = (field(24), field(60), prop::option::of(field(61))).prop_map(|(h, m, s)| match s {
            Some(s) => format!("{h}:{m}:{s}"),
            None => format!("{h}:{m}"),
        });
        let fraction = prop::option::of("[0-9]{0,12}").prop_map(|f| f.map(|f| format!(".{f}")).unwrap_or_default());
        let offset = prop_oneof![
            Just(String::new()),
            prop::sample::select(vec!["Z", "z", " Z", "UTC", "GMT", "+", "-"]).prop_map(str::to_owned),
            (
                "[+-]",
                0..=25u32,
                0..=61u32,
                prop::sample::select(vec![":", "", " "]),
                prop::option::of(0..=61u32)
            )
                .prop_map(|(sign, h, m, colon, s)| {
                    let seconds = s.map(|s| format!("{colon}{s:02}")).unwrap_or_default();
                    format!("{sign}{h:02}{colon}{m:02}{seconds}")
                }),
            ("[+-]", 0..=25u32).prop_map(|(sign, h)| format!("{sign}{h:02}")),
        ];
        let around = prop::sample::select(vec!["", " ", "\t", "\n "]);
        let between = prop::sample::select(vec!["T", "t", " ", "  ", "_", ""]);
        (
            around.clone(),
            date,
            between,
            time,
            fraction,
            prop::sample::select(vec!["", " "]),
            offset,
            around,
        )
            .prop_map(|(a, d, b, t, f, gap, o, z)| format!("{a}{d}{b}{t}{f}{gap}{o}{z}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Nothing chrono's parser read is lost or read differently.
        #[test]
        fn every_timestamp_chrono_read_reads_the_same(text in near_timestamps()) {
            if let Some(was) = chrono_reader(&text) {
                prop_assert_eq!(parse_timestamp(&text), Some(was), "{:?}", text);
            }
        }
    }

    #[test]
    fn the_forms_of_the_wild_read() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).ok();
        for (text, want) in [
            ("2018-02-07T11:29:46.123456789123Z", "2018-02-07T11:29:46.123456789Z"),
            ("2018-02-07 11:29:46", "2018-02-07T11:29:46Z"),
            ("2018-02-07t11:29:46.5+0100", "2018-02-07T11:29:46.5+01:00"),
            ("2018-2-7T1:2:3 +01:00", "2018-02-07T01:02:03+01:00"),
            ("2018-02-07T11:29Z", "2018-02-07T11:29:00Z"),
            ("2018-02-07T11:29:46+01:02:03", "2018-02-07T10:27:43Z"),
            ("  2018-02-07T11:29:46-05  ", "2018-02-07T16:29:46Z"),
        ] {
            assert_eq!(parse_timestamp(text), utc(want), "{text}");
        }
        for text in [
            "2018-02-07",
            "2018-02-07T11",
            "2018-02-07T11:29:46+1",
            "2018-02-07T11:29:46 UTC",
            "2018-02-07T11:29:46+24:00",
            "x2018-02-07T11:29:46Z",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text}");
        }
    }

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
