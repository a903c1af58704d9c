//! The kiosk's OFFLINE / STALE banner: in capitals, with the absolute time of the data
//! on screen and the reason in words. Never a relative "updated just now" alone: such a
//! label freezes with a dead page and lies.

use crate::format;
use crate::freshness::Freshness;

/// What the banner says, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Banner {
    /// Every source is live (or still waiting for its first answer).
    Clear,
    /// Some sources are stale or failing; others are live.
    Stale {
        stale: usize,
        total: usize,
        /// The oldest good data among the stale sources (Unix ms).
        since_ms: Option<f64>,
        reason: String,
    },
    /// The browser is offline, or no source is getting data.
    Offline { reason: String },
}

impl Banner {
    /// Judges the screen from the browser's network state and every source's freshness.
    pub fn of(browser_online: bool, sources: &[Freshness]) -> Banner {
        let failing: Vec<&Freshness> = sources
            .iter()
            .filter(|f| matches!(f, Freshness::Stale { .. } | Freshness::Error { .. }))
            .collect();
        let live = sources.iter().filter(|f| matches!(f, Freshness::Live)).count();
        let waiting = sources.iter().filter(|f| matches!(f, Freshness::Waiting)).count();
        if !browser_online {
            return Banner::Offline {
                reason: "this screen has no network connection".to_owned(),
            };
        }
        if failing.is_empty() {
            return Banner::Clear;
        }
        let reason = most_common_reason(&failing);
        if live == 0 && waiting == 0 {
            return Banner::Offline { reason };
        }
        let since_ms = failing
            .iter()
            .filter_map(|f| match f {
                Freshness::Stale { since_wall_ms, .. } => Some(*since_wall_ms),
                _ => None,
            })
            .reduce(f64::min);
        Banner::Stale {
            stale: failing.len(),
            total: sources.len(),
            since_ms,
            reason,
        }
    }

    /// `offline`, `stale` or `clear`, for CSS and tests.
    pub fn as_str(&self) -> &'static str {
        match self {
            Banner::Clear => "clear",
            Banner::Stale { .. } => "stale",
            Banner::Offline { .. } => "offline",
        }
    }

    /// The banner's words; `newest_ms` is the newest data on screen, times local
    /// (`offset_minutes` east of UTC).
    pub fn label(&self, newest_ms: Option<f64>, offset_minutes: i32) -> String {
        let at = |ms: Option<f64>| ms.map(|t| format::clock(t, offset_minutes));
        match self {
            Banner::Clear => String::new(),
            Banner::Offline { reason } => match at(newest_ms) {
                Some(t) => format!("OFFLINE · showing data from {t} · {reason}"),
                None => format!("OFFLINE · no data yet · {reason}"),
            },
            Banner::Stale {
                stale,
                total,
                since_ms,
                reason,
            } => {
                let panels = if *total == 1 { "panel" } else { "panels" };
                match at(*since_ms) {
                    Some(t) => format!("STALE · {stale} of {total} {panels} not updated since {t} · {reason}"),
                    None if *stale == 1 => format!("STALE · 1 of {total} {panels} has no data · {reason}"),
                    None => format!("STALE · {stale} of {total} {panels} have no data · {reason}"),
                }
            }
        }
    }
}

/// The reason most failing sources give (the first one on a tie).
fn most_common_reason(failing: &[&Freshness]) -> String {
    let reasons: Vec<&str> = failing
        .iter()
        .map(|f| match f {
            Freshness::Stale { reason, .. } => reason.as_str(),
            Freshness::Error { message } => message.as_str(),
            _ => "",
        })
        .collect();
    let mut best = ("", 0);
    for r in &reasons {
        let n = reasons.iter().filter(|x| *x == r).count();
        if n > best.1 {
            best = (r, n);
        }
    }
    best.0.to_owned()
}

/// The always-visible line: `Data as of 14:02:11`.
pub fn data_as_of(newest_ms: Option<f64>, offset_minutes: i32) -> String {
    match newest_ms {
        Some(t) => format!("Data as of {}", format::clock(t, offset_minutes)),
        None => "No data yet".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: f64 = 1_795_938_522_000.0; // 07:48:42 UTC

    fn stale(since: f64, reason: &str) -> Freshness {
        Freshness::Stale {
            since_wall_ms: since,
            reason: reason.into(),
        }
    }

    #[test]
    fn all_live_or_waiting_is_clear() {
        assert_eq!(Banner::of(true, &[Freshness::Live, Freshness::Waiting]), Banner::Clear);
        assert_eq!(Banner::of(true, &[]), Banner::Clear);
    }

    #[test]
    fn some_failing_sources_are_stale_since_the_oldest_time() {
        let b = Banner::of(
            true,
            &[
                Freshness::Live,
                stale(AT, "throttled (429)"),
                stale(AT - 60_000.0, "throttled (429)"),
            ],
        );
        assert_eq!(b.as_str(), "stale");
        assert_eq!(
            b.label(Some(AT), 0),
            "STALE · 2 of 3 panels not updated since 07:47:42 · throttled (429)"
        );
    }

    #[test]
    fn nothing_arriving_is_offline_with_the_newest_time() {
        let b = Banner::of(
            true,
            &[
                stale(AT, "cannot reach the proxy (network error)"),
                stale(AT, "cannot reach the proxy (network error)"),
                Freshness::Error { message: "x".into() },
            ],
        );
        assert_eq!(
            b.label(Some(AT), 60),
            "OFFLINE · showing data from 08:48:42 · cannot reach the proxy (network error)"
        );
        assert_eq!(
            Banner::of(false, &[Freshness::Live]).label(None, 0),
            "OFFLINE · no data yet · this screen has no network connection"
        );
    }

    #[test]
    fn the_time_of_the_data_is_always_absolute() {
        assert_eq!(data_as_of(Some(AT), 0), "Data as of 07:48:42");
        assert_eq!(data_as_of(None, 0), "No data yet");
    }
}
