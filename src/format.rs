//! Text for numbers, durations and clock times, as a wallboard shows them.

/// A count, or an em dash when the server did not send it (never a misleading 0).
pub fn count(value: Option<u32>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// `1 agent`, `2 agents`, `0 agents`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Seconds as `m:ss` below an hour and `h:mm:ss` from an hour on; a day or more
/// as `Nd hh:mm:ss`, so a stuck state is still readable.
pub fn duration(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (h, m, s) = (rest / 3600, (rest % 3600) / 60, rest % 60);
    match (days, h) {
        (0, 0) => format!("{m}:{s:02}"),
        (0, _) => format!("{h}:{m:02}:{s:02}"),
        _ => format!("{days}d {h:02}:{m:02}:{s:02}"),
    }
}

/// `HH:MM:SS` of a Unix time in milliseconds, shifted by `offset_minutes` east of UTC
/// (the browser's local offset at that instant).
pub fn clock(unix_ms: f64, offset_minutes: i32) -> String {
    if !unix_ms.is_finite() {
        return "--:--:--".to_owned();
    }
    let local_s = (unix_ms / 1000.0).floor() as i64 + i64::from(offset_minutes) * 60;
    let of_day = local_s.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", of_day / 3600, (of_day % 3600) / 60, of_day % 60)
}

/// A share as a whole percentage for labels (`0 %` when there is no whole).
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A percentage the API sent, as text (`42.5 %`); an em dash when it sent none.
pub fn percent_text(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        Some(v) if v.fract() == 0.0 => format!("{v:.0} %"),
        Some(v) => format!("{v:.1} %"),
        None => "—".to_owned(),
    }
}

/// The width of a bar showing a percentage: saturation may pass 100 % (attempts per
/// record), but a bar cannot.
pub fn bar_width(value: Option<f64>) -> f64 {
    value.filter(|v| v.is_finite()).map_or(0.0, |v| v.clamp(0.0, 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular() {
        assert_eq!(plural(1, "agent", "agents"), "1 agent");
        assert_eq!(plural(0, "team", "teams"), "0 teams");
        assert_eq!(plural(2, "team", "teams"), "2 teams");
    }

    #[test]
    fn missing_counts_are_a_dash_not_zero() {
        assert_eq!(count(None), "—");
        assert_eq!(count(Some(0)), "0");
        assert_eq!(count(Some(12)), "12");
    }

    #[test]
    fn durations_grow_units_as_needed() {
        assert_eq!(duration(0), "0:00");
        assert_eq!(duration(5), "0:05");
        assert_eq!(duration(754), "12:34");
        assert_eq!(duration(3600), "1:00:00");
        assert_eq!(duration(3723), "1:02:03");
        assert_eq!(duration(90_061), "1d 01:01:01");
    }

    #[test]
    fn clock_times_follow_the_offset_and_wrap_at_midnight() {
        // 2026-11-29T07:48:42Z
        let t = 1_795_938_522_000.0;
        assert_eq!(clock(t, 0), "07:48:42");
        assert_eq!(clock(t, 60), "08:48:42");
        assert_eq!(clock(t, -480), "23:48:42");
        assert_eq!(clock(t + 999.0, 0), "07:48:42");
        assert_eq!(clock(f64::NAN, 0), "--:--:--");
    }

    #[test]
    fn percent_of_nothing_is_zero() {
        assert_eq!(percent(3, 0), 0.0);
        assert_eq!(percent(1, 4), 25.0);
    }

    #[test]
    fn percentages_read_plainly_and_bars_stay_in_their_box() {
        assert_eq!(percent_text(Some(70.0)), "70 %");
        assert_eq!(percent_text(Some(42.46)), "42.5 %");
        assert_eq!(percent_text(Some(f64::NAN)), "—");
        assert_eq!(percent_text(None), "—");
        assert_eq!(bar_width(Some(150.0)), 100.0);
        assert_eq!(bar_width(Some(-3.0)), 0.0);
        assert_eq!(bar_width(None), 0.0);
    }
}
