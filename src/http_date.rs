//! HTTP dates (`Date`, `Retry-After`): the server's clock, against which the clock
//! measures skew and the backoff honours a retry time.
//!
//! Read by hand rather than by chrono's RFC 2822 parser, which would be the only
//! user of its format machinery in the wasm, and which knows one of the three forms
//! HTTP recipients must accept (RFC 9110 §5.6.7).

use chrono::NaiveDate;

/// Parses an HTTP date to Unix ms, in any of its three forms: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, also with a numeric or North American zone as
/// RFC 2822 allows), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`, in GMT). The weekday is not checked: the date says
/// which day it is.
pub fn parse_http_date(value: &str) -> Option<f64> {
    let mut tokens = value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .flat_map(date_parts)
        .peekable();
    if tokens.peek()?.bytes().all(|b| b.is_ascii_alphabetic()) && month(tokens.peek()?).is_none() {
        tokens.next();
    }
    let (mut numbers, mut month_of_year, mut time, mut zone) = (Vec::new(), None, None, None);
    for token in tokens {
        if let Some(m) = month(token).filter(|_| month_of_year.is_none()) {
            month_of_year = Some(m);
        } else if token.contains(':') && time.is_none() {
            time = Some(clock_time(token)?);
        } else if token.bytes().all(|b| b.is_ascii_digit()) && numbers.len() < 2 {
            numbers.push(token.parse::<i32>().ok()?);
        } else if time.is_some() && zone.is_none() {
            zone = Some(zone_seconds(token)?);
        } else {
            return None;
        }
    }
    let [day, year] = numbers[..] else { return None };
    // RFC 2822's reading of short years, as chrono's.
    let year = match year {
        0..=49 => year + 2000,
        50..=999 => year + 1900,
        _ => year,
    };
    let date = NaiveDate::from_ymd_opt(year, month_of_year?, u32::try_from(day).ok()?)?;
    let (hour, minute, second) = time?;
    // A leap second is the 59th plus a whole second, as chrono reads it.
    let (second, leap_ms) = if second == 60 { (59, 1000) } else { (second, 0) };
    let local = date.and_hms_opt(hour, minute, second)?;
    let utc_ms = local.and_utc().timestamp_millis() + leap_ms - i64::from(zone.unwrap_or(0)) * 1000;
    Some(utc_ms as f64)
}

/// RFC 850's `06-Nov-94` as its three parts; any other word (a zone's `-0500`
/// among them) as it is.
fn date_parts(word: &str) -> std::str::Split<'_, char> {
    // A zone's leading `-` is its sign. Words hold no spaces, so splitting on one
    // keeps the word whole.
    word.split(if word.starts_with('-') { ' ' } else { '-' })
}

/// `Jan` … `Dec` (or the whole name), in any case, as 1 … 12.
fn month(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = token.get(..3)?;
    let n = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(prefix))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][n];
    (token.len() == 3 || full.eq_ignore_ascii_case(token)).then_some(n as u32 + 1)
}

/// `HH:MM` or `HH:MM:SS`.
fn clock_time(token: &str) -> Option<(u32, u32, u32)> {
    let mut parts = token
        .split(':')
        .map(|p| (1..=2).contains(&p.len()).then(|| p.parse::<u32>().ok()).flatten());
    let (hour, minute) = (parts.next()??, parts.next()??);
    let second = parts.next().map_or(Some(0), |s| s)?;
    if parts.next().is_some() {
        return None;
    }
    Some((hour, minute, second))
}

/// Seconds east of UTC of a zone: `GMT`, `UT`, `UTC`, `Z`, `+HHMM`/`-HHMM`, or a North
/// American zone RFC 2822 names.
fn zone_seconds(token: &str) -> Option<i32> {
    let hours = match token.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EDT" => Some(-4),
        "EST" | "CDT" => Some(-5),
        "CST" | "MDT" => Some(-6),
        "MST" | "PDT" => Some(-7),
        "PST" => Some(-8),
        _ => None,
    };
    if let Some(hours) = hours {
        return Some(hours * 3600);
    }
    let (sign, digits) = match token.as_bytes().first()? {
        b'+' => (1, &token[1..]),
        b'-' => (-1, &token[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?);
    (m < 60).then_some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse_in_all_three_forms_and_junk_does_not() {
        let want = Some(784_111_777_000.0);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 03:49:37 -0500"), want);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 00:49:37 PST"), want);
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1000.0));
        for junk in [
            "yesterday",
            "",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT GMT",
            "120",
            "Sun, 06 Nov 1994",
        ] {
            assert_eq!(parse_http_date(junk), None, "{junk}");
        }
    }
}

/// Checked against chrono's reader natively (proptest is not built for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod against_chrono {
    use super::*;
    use chrono::DateTime;
    use proptest::prelude::*;

    /// Dates near the RFC 2822 form: any weekday or none, one- or two-digit days
    /// (some impossible), month names in any case, short and long years, times
    /// with and without seconds, named and numeric zones, extra spaces.
    fn near_rfc2822() -> impl Strategy<Value = String> {
        let weekday = prop::sample::select(vec!["", "Sun, ", "Mon,", "tue, ", "Fri , "]);
        let day = (0..=32u32, any::<bool>()).prop_map(|(d, pad)| if pad { format!("{d:02}") } else { d.to_string() });
        let month = prop::sample::select(vec![
            "Jan", "feb", "MAR", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Xyz",
        ]);
        let year = prop_oneof![0..=99i32, 1900..=2100i32];
        let time = (0..=24u32, 0..=60u32, prop::option::of(0..=61u32)).prop_map(|(h, m, s)| match s {
            Some(s) => format!("{h:02}:{m:02}:{s:02}"),
            None => format!("{h:02}:{m:02}"),
        });
        let zone = prop_oneof![
            prop::sample::select(vec![
                "GMT", "UT", "UTC", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"
            ])
            .prop_map(str::to_owned),
            ("[+-]", 0..=23u32, 0..=60u32).prop_map(|(s, h, m)| format!("{s}{h:02}{m:02}")),
        ];
        let gap = prop::sample::select(vec![" ", "  "]);
        (
            weekday,
            day,
            gap.clone(),
            month,
            gap.clone(),
            year,
            gap.clone(),
            time,
            gap,
            zone,
        )
            .prop_map(|(w, d, g1, m, g2, y, g3, t, g4, z)| format!("{w}{d}{g1}{m}{g2}{y}{g3}{t}{g4}{z}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Nothing chrono's RFC 2822 parser read is lost or read differently.
        #[test]
        fn every_date_chrono_read_reads_the_same(text in near_rfc2822()) {
            if let Ok(was) = DateTime::parse_from_rfc2822(text.trim()) {
                prop_assert_eq!(parse_http_date(&text), Some(was.timestamp_millis() as f64), "{:?}", text);
            }
        }
    }
}
