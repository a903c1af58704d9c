//! The optional daily reload at a quiet time (`dailyReload=03:30`): a clean start
//! each day for a screen that runs for weeks.

use std::fmt;
use std::str::FromStr;

/// A time of day, local to the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietTime {
    /// Minutes after local midnight.
    pub minute_of_day: u32,
}

impl FromStr for QuietTime {
    type Err = String;

    /// `HH:MM` (24-hour).
    fn from_str(text: &str) -> Result<QuietTime, String> {
        let bad = || format!("\"{}\" is not a time like 03:30", text.trim());
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 || text.trim().len() > 5 {
            return Err(bad());
        }
        Ok(QuietTime {
            minute_of_day: h * 60 + m,
        })
    }
}

impl fmt::Display for QuietTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minute_of_day / 60, self.minute_of_day % 60)
    }
}

impl QuietTime {
    /// The first occurrence strictly after `now_ms` (Unix ms), for a screen whose
    /// local time is `offset_minutes` east of UTC.
    pub fn next_after(&self, now_ms: f64, offset_minutes: i32) -> f64 {
        const DAY_MS: f64 = 86_400_000.0;
        let offset_ms = f64::from(offset_minutes) * 60_000.0;
        let local = now_ms + offset_ms;
        let midnight = (local / DAY_MS).floor() * DAY_MS;
        let mut at = midnight + f64::from(self.minute_of_day) * 60_000.0;
        if at <= local {
            at += DAY_MS;
        }
        at - offset_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-29 07:48:42 UTC
    const NOW: f64 = 1_795_938_522_000.0;

    #[test]
    fn reads_and_writes_hh_mm() {
        let t: QuietTime = "03:30".parse().unwrap();
        assert_eq!(t.minute_of_day, 210);
        assert_eq!(t.to_string(), "03:30");
        for bad in ["24:00", "3", "03:60", "aa:bb", "03:30:00"] {
            assert!(bad.parse::<QuietTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_next_quiet_time_is_today_or_tomorrow_in_local_time() {
        let later: QuietTime = "08:00".parse().unwrap();
        assert_eq!(later.next_after(NOW, 0) - NOW, 678_000.0);
        // At UTC+1 it is already 08:48 there: tomorrow 08:00 local = 07:00 UTC.
        let tomorrow = later.next_after(NOW, 60);
        assert_eq!(tomorrow - NOW, (23.0 * 3600.0 + 11.0 * 60.0 + 18.0) * 1000.0);
        // Exactly now means the next day, so a reload at the quiet time does not repeat.
        let now_minute: QuietTime = "07:48".parse().unwrap();
        let start_of_minute = NOW - 42_000.0;
        assert_eq!(
            now_minute.next_after(start_of_minute, 0) - start_of_minute,
            86_400_000.0
        );
    }
}
