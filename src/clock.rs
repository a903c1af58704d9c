//! The clock's pure half: when a response arrived, and durations that keep running
//! between polls. `web/clock.rs`, its browser half, ticks once a second.
//!
//! A duration on screen is the server's value at fetch plus the monotonic time
//! elapsed since (`performance.now()`), so a skewed or jumping PC clock cannot make
//! it wrong. Absolute server timestamps are turned into durations against the
//! server's own `Date` header when it is exposed, else against the PC clock.

use chrono::{DateTime, FixedOffset};

/// When and against which clock a response arrived.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FetchInstant {
    /// `performance.now()` when the response arrived, in ms.
    pub mono_ms: f64,
    /// The PC's wall clock then, Unix ms.
    pub wall_ms: f64,
    /// The server's `Date` header, Unix ms, when exposed and readable.
    pub server_ms: Option<f64>,
}

impl FetchInstant {
    /// An answer timed by the PC's clocks alone (no readable `Date` header).
    pub const fn by_pc_clock(mono_ms: f64, wall_ms: f64) -> FetchInstant {
        FetchInstant {
            mono_ms,
            wall_ms,
            server_ms: None,
        }
    }

    /// The best estimate of the server's "now" at fetch: its `Date` header, else the
    /// PC clock.
    pub fn server_now_ms(&self) -> f64 {
        self.server_ms.unwrap_or(self.wall_ms)
    }

    /// How far the PC clock is ahead of the server's, in ms (0 without a `Date`).
    pub fn skew_ms(&self) -> f64 {
        self.server_ms.map_or(0.0, |server| self.wall_ms - server)
    }
}

/// A duration that was `base_s` seconds at `at` and grows with time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveDuration {
    base_s: f64,
    at_mono_ms: f64,
}

impl LiveDuration {
    /// A server duration in seconds (`stateDur`, `maxQueueDur`) read at `at`.
    pub fn from_seconds(seconds: u32, at: &FetchInstant) -> LiveDuration {
        LiveDuration {
            base_s: f64::from(seconds),
            at_mono_ms: at.mono_ms,
        }
    }

    /// The time since an absolute server timestamp (`longestWaitingQueueTime`), as
    /// the server's clock saw it at fetch. A timestamp in the future counts as 0.
    pub fn since(timestamp: &DateTime<FixedOffset>, at: &FetchInstant) -> LiveDuration {
        let elapsed_ms = at.server_now_ms() - timestamp.timestamp_millis() as f64;
        LiveDuration {
            base_s: (elapsed_ms / 1000.0).max(0.0),
            at_mono_ms: at.mono_ms,
        }
    }

    /// The monotonic instant (ms) the duration started at: durations that grow alike
    /// order as their starts do, at any moment.
    pub fn start_mono_ms(&self) -> f64 {
        self.at_mono_ms - self.base_s * 1000.0
    }

    /// The monotonic instant (ms) at which [`LiveDuration::seconds_at`] first
    /// reaches `seconds`: when a growing time crosses a limit.
    pub fn reaches(&self, seconds: f64) -> f64 {
        self.at_mono_ms + (seconds.ceil() - self.base_s) * 1000.0
    }

    /// Whole seconds at monotonic time `now_mono_ms`; never negative, never NaN.
    pub fn seconds_at(&self, now_mono_ms: f64) -> u64 {
        let elapsed_s = ((now_mono_ms - self.at_mono_ms) / 1000.0).max(0.0);
        let total = self.base_s + elapsed_s;
        if total.is_finite() {
            total.floor() as u64
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_date::parse_http_date;

    fn at(mono_ms: f64, wall_ms: f64, server_ms: Option<f64>) -> FetchInstant {
        FetchInstant {
            mono_ms,
            wall_ms,
            server_ms,
        }
    }

    #[test]
    fn server_durations_grow_with_monotonic_time_only() {
        let d = LiveDuration::from_seconds(65, &at(10_000.0, 0.0, None));
        assert_eq!(d.seconds_at(10_000.0), 65);
        assert_eq!(d.seconds_at(12_999.0), 67);
        // A clock that goes backwards (it cannot, but a bug upstream could) clamps.
        assert_eq!(d.seconds_at(5_000.0), 65);
    }

    #[test]
    fn timestamps_are_measured_against_the_servers_date() {
        let ts = DateTime::parse_from_rfc3339("2026-11-29T07:48:00Z").unwrap();
        let server = parse_http_date("Sun, 29 Nov 2026 07:48:42 GMT").unwrap();
        // The PC clock is five minutes fast: it must not add five minutes of waiting.
        let fetch = at(1_000.0, server + 300_000.0, Some(server));
        let d = LiveDuration::since(&ts, &fetch);
        assert_eq!(d.seconds_at(1_000.0), 42);
        assert_eq!(d.seconds_at(4_000.0), 45);
        assert_eq!(fetch.skew_ms(), 300_000.0);
    }

    #[test]
    fn without_a_date_header_the_pc_clock_is_used() {
        let ts = DateTime::parse_from_rfc3339("2026-11-29T07:48:00Z").unwrap();
        let fetch = at(0.0, ts.timestamp_millis() as f64 + 10_000.0, None);
        assert_eq!(LiveDuration::since(&ts, &fetch).seconds_at(0.0), 10);
        assert_eq!(fetch.skew_ms(), 0.0);
    }

    #[test]
    fn future_timestamps_count_as_zero() {
        let ts = DateTime::parse_from_rfc3339("2026-11-29T08:00:00Z").unwrap();
        let fetch = at(0.0, ts.timestamp_millis() as f64 - 5_000.0, None);
        assert_eq!(LiveDuration::since(&ts, &fetch).seconds_at(0.0), 0);
    }
}
