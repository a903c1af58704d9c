//! How current a panel's data is, in words a supervisor can trust.

use crate::format;

/// What one source has seen so far: the time of its last good data and its last error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceStatus {
    /// Wall clock (Unix ms) when good data last arrived.
    pub last_ok_wall_ms: Option<f64>,
    /// Monotonic ms when good data last arrived.
    pub last_ok_mono_ms: Option<f64>,
    /// The last attempt's error in words; `None` when it succeeded.
    pub error: Option<String>,
    /// Whether that error is the configuration's fault (401/403/404).
    pub config_error: bool,
    /// Whether the last good data has outlived the source's maximum age: noted
    /// once when it happens, so freshness need not be judged anew every tick.
    pub overdue: bool,
    /// When the source's limit on age last shortened (a kiosk waking a resting
    /// source for its next page). Age counts from here when that is later than the
    /// data: data fetched at the resting pace is not stale before the faster pace
    /// has had its time to bring more.
    pub age_from_mono_ms: Option<f64>,
}

/// The age past which a source's data is stale although no poll failed: three
/// missed polls, or one that hangs to its timeout, and then some.
pub fn max_age_ms(period_s: f64, timeout_s: f64) -> f64 {
    (3.0 * period_s).max(period_s + timeout_s + 2.0) * 1000.0
}

/// The state a panel shows next to its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    /// Nothing has arrived yet and nothing has failed.
    Waiting,
    /// The last poll succeeded recently.
    Live,
    /// Data is shown but is old: since when and why.
    Stale { since_wall_ms: f64, reason: String },
    /// Nothing has ever arrived and the last attempt failed.
    Error { message: String },
}

impl SourceStatus {
    /// Whether the last good data is older than `max_age_ms` at monotonic
    /// `now_mono_ms` (a hung request, a paused tab): stale even without an error.
    pub fn outlived(&self, now_mono_ms: f64, max_age_ms: f64) -> bool {
        self.aged_from().is_some_and(|at| now_mono_ms - at > max_age_ms)
    }

    /// Where the data's age counts from: its arrival, or a later shortening of
    /// the limit.
    fn aged_from(&self) -> Option<f64> {
        let from = self.age_from_mono_ms.unwrap_or(f64::NEG_INFINITY);
        self.last_ok_mono_ms.map(|at| at.max(from))
    }

    /// The monotonic instant after which [`SourceStatus::outlived`] turns true and
    /// the data is to be marked overdue: infinite with no data, or once it is marked.
    /// Until the earliest of these, a clock tick has no age to check.
    pub fn overdue_after(&self, max_age_ms: f64) -> f64 {
        match self.aged_from() {
            Some(at) if !self.overdue => at + max_age_ms,
            _ => f64::INFINITY,
        }
    }
}

impl Freshness {
    /// Judges a source by what it has seen, `overdue` included: the one part of
    /// freshness that time changes, noted once when it happens so the page need not
    /// ask every tick.
    pub fn of(status: &SourceStatus) -> Freshness {
        match (status.last_ok_wall_ms, &status.error) {
            (None, None) => Freshness::Waiting,
            (None, Some(message)) => Freshness::Error {
                message: message.clone(),
            },
            (Some(since), Some(reason)) => Freshness::Stale {
                since_wall_ms: since,
                reason: reason.clone(),
            },
            (Some(since), None) if status.overdue => Freshness::Stale {
                since_wall_ms: since,
                reason: "no new data".to_owned(),
            },
            (Some(_), None) => Freshness::Live,
        }
    }

    /// A CSS modifier and data attribute value: `waiting`, `live`, `stale`, `error`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Freshness::Waiting => "waiting",
            Freshness::Live => "live",
            Freshness::Stale { .. } => "stale",
            Freshness::Error { .. } => "error",
        }
    }

    /// The words on screen; times in the browser's local time (`offset_minutes`).
    pub fn label(&self, offset_minutes: i32) -> String {
        match self {
            Freshness::Waiting => "waiting for data".to_owned(),
            Freshness::Live => "live".to_owned(),
            Freshness::Stale { since_wall_ms, reason } => {
                format!(
                    "stale since {} ({reason})",
                    format::clock(*since_wall_ms, offset_minutes)
                )
            }
            Freshness::Error { message } => message.clone(),
        }
    }
}

/// The freshness of a figure drawn from several sources: the worst of theirs (an
/// error, else the stale one stale longest, else waiting, else live), so a board
/// tile never looks live while part of what it adds up is not.
pub fn worst(all: impl IntoIterator<Item = Freshness>) -> Freshness {
    let rank = |f: &Freshness| match f {
        Freshness::Live => (0, 0.0),
        Freshness::Waiting => (1, 0.0),
        // The older `since`, the worse.
        Freshness::Stale { since_wall_ms, .. } => (2, -since_wall_ms),
        Freshness::Error { .. } => (3, 0.0),
    };
    all.into_iter()
        .max_by(|a, b| {
            let (ra, rb) = (rank(a), rank(b));
            ra.0.cmp(&rb.0).then(ra.1.total_cmp(&rb.1))
        })
        .unwrap_or(Freshness::Waiting)
}

/// Counts of sources per freshness, for the status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub live: usize,
    pub stale: usize,
    pub error: usize,
    pub waiting: usize,
}

impl Summary {
    /// Tallies a set of freshness states.
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Freshness>) -> Summary {
        let mut s = Summary::default();
        for f in all {
            match f {
                Freshness::Live => s.live += 1,
                Freshness::Stale { .. } => s.stale += 1,
                Freshness::Error { .. } => s.error += 1,
                Freshness::Waiting => s.waiting += 1,
            }
        }
        s
    }

    /// `4 live · 1 stale · 0 errors`, leaving out zero stale/error/waiting parts.
    pub fn label(&self) -> String {
        let mut parts = vec![format!("{} live", self.live)];
        if self.stale > 0 {
            parts.push(format!("{} stale", self.stale));
        }
        if self.error > 0 {
            parts.push(format!("{} failing", self.error));
        }
        if self.waiting > 0 {
            parts.push(format!("{} waiting", self.waiting));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_of_several_sources_is_as_fresh_as_the_worst() {
        let stale = |since: f64| Freshness::Stale {
            since_wall_ms: since,
            reason: "x".into(),
        };
        assert_eq!(worst([Freshness::Live, Freshness::Live]), Freshness::Live);
        assert_eq!(worst([Freshness::Live, Freshness::Waiting]), Freshness::Waiting);
        assert_eq!(
            worst([Freshness::Live, stale(20.0), stale(10.0), Freshness::Waiting]),
            stale(10.0)
        );
        let error = Freshness::Error { message: "403".into() };
        assert_eq!(worst([stale(10.0), error.clone()]), error);
        assert_eq!(worst([]), Freshness::Waiting);
    }

    const AT: f64 = 1_795_938_522_000.0; // 07:48:42 UTC

    /// The freshness of `status` at `now_mono_ms`, its age noted as the store notes it.
    fn judged_at(status: &SourceStatus, now_mono_ms: f64, max_age_ms: f64) -> Freshness {
        Freshness::of(&SourceStatus {
            overdue: status.outlived(now_mono_ms, max_age_ms),
            ..status.clone()
        })
    }

    fn ok(at_mono: f64) -> SourceStatus {
        SourceStatus {
            last_ok_wall_ms: Some(AT),
            last_ok_mono_ms: Some(at_mono),
            ..Default::default()
        }
    }

    #[test]
    fn nothing_yet_is_waiting_or_an_error() {
        assert_eq!(judged_at(&SourceStatus::default(), 0.0, 10_000.0), Freshness::Waiting);
        let failed = SourceStatus {
            error: Some("the proxy refused the credentials (401)".into()),
            ..Default::default()
        };
        let f = judged_at(&failed, 0.0, 10_000.0);
        assert_eq!(f.label(0), "the proxy refused the credentials (401)");
        assert_eq!(f.as_str(), "error");
    }

    #[test]
    fn recent_good_data_is_live() {
        assert_eq!(judged_at(&ok(1_000.0), 5_000.0, 10_000.0), Freshness::Live);
    }

    #[test]
    fn a_failure_after_data_is_stale_since_the_last_good_time() {
        let status = SourceStatus {
            error: Some("throttled (429)".into()),
            ..ok(1_000.0)
        };
        let f = judged_at(&status, 2_000.0, 10_000.0);
        assert_eq!(f.label(0), "stale since 07:48:42 (throttled (429))");
        assert_eq!(f.label(60), "stale since 08:48:42 (throttled (429))");
    }

    #[test]
    fn old_data_goes_stale_without_an_error() {
        let f = judged_at(&ok(1_000.0), 20_000.0, 10_000.0);
        assert_eq!(f.as_str(), "stale");
        assert!(f.label(0).contains("no new data"));
    }

    #[test]
    fn data_is_outlived_just_after_the_instant_its_status_names() {
        let status = ok(1_000.0);
        let after = status.overdue_after(10_000.0);
        assert_eq!(after, 11_000.0);
        assert!(!status.outlived(after, 10_000.0));
        assert!(status.outlived(after + 1.0, 10_000.0));
        let marked = SourceStatus {
            overdue: true,
            ..status
        };
        assert_eq!(marked.overdue_after(10_000.0), f64::INFINITY);
        assert_eq!(SourceStatus::default().overdue_after(10_000.0), f64::INFINITY);
    }

    #[test]
    fn a_source_woken_from_rest_has_the_new_limit_from_the_moment_it_woke() {
        // Data from a resting poll, 20 s old when the kiosk wakes the source and its
        // limit drops from 90 s to 14 s.
        let woken = SourceStatus {
            age_from_mono_ms: Some(21_000.0),
            ..ok(1_000.0)
        };
        assert!(!woken.outlived(21_000.0, 14_000.0), "not stale the moment it wakes");
        assert!(!woken.outlived(35_000.0, 14_000.0));
        assert!(
            woken.outlived(35_001.0, 14_000.0),
            "stale if nothing came at the new pace"
        );
        assert_eq!(woken.overdue_after(14_000.0), 35_000.0);
        // Data that arrives after the wake-up counts from its own arrival.
        let answered = SourceStatus {
            last_ok_mono_ms: Some(22_000.0),
            ..woken
        };
        assert_eq!(answered.overdue_after(14_000.0), 36_000.0);
    }

    #[test]
    fn the_limit_on_age_allows_three_missed_polls_or_one_hung_to_its_timeout() {
        assert_eq!(max_age_ms(5.0, 10.0), 17_000.0);
        assert_eq!(max_age_ms(30.0, 10.0), 90_000.0);
    }

    #[test]
    fn summary_counts_and_words() {
        let all = [
            Freshness::Live,
            Freshness::Live,
            Freshness::Error { message: "x".into() },
        ];
        let s = Summary::of(&all);
        assert_eq!(s.label(), "2 live · 1 failing");
    }
}
