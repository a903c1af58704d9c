//! The poller's pure half: when each source is polled next. `web/poller.rs`, its
//! browser half, drives it with timers and fetches.
//!
//! One source per source (an endpoint with one parameter). A source is never asked for
//! twice at once, at most `max_in_flight` requests run across all sources, first
//! requests are spread over each source's period so a large floor does not fire at
//! once, and failures back off (see [`crate::backoff`]). Times are monotonic ms.
//!
//! Backing off must not make recovery slow: while sources are failing, one of them
//! (a *probe*) is still asked at least once per poll period unless a `Retry-After`
//! holds it, and the first success after a failure asks every other failing source
//! at once. So a screen recovers within about two poll periods of the fault
//! clearing, while a fleet of failing sources costs the server one request per
//! period plus each source's own backoff.

use crate::backoff::{BackoffPolicy, Failure, Rng};

/// Index of a source in the scheduler, in the order they were added.
pub type SourceId = usize;

/// What the scheduler knows of one source: when it is due, what holds it, how it failed.
#[derive(Debug, Clone)]
struct SourceState {
    period_ms: f64,
    next_due_ms: f64,
    /// Never ask before this (a `Retry-After`, a configuration error), even on a
    /// forced refresh; only a probe may pass a configuration error's hold.
    not_before_ms: f64,
    /// Whether `not_before_ms` is the server's `Retry-After` (never passed early).
    held_by_server: bool,
    in_flight: bool,
    failures: u32,
    /// A recovery happened while this request was in flight: if it fails (it was
    /// sent into the outage), ask again at once instead of backing off.
    retry_at_once: bool,
    /// When its last request finished.
    last_done_ms: Option<f64>,
    /// When the request in flight fell due (it may have queued behind the cap).
    due_since_ms: f64,
    /// How long its last request took from falling due to its answer.
    last_wait_ms: Option<f64>,
}

/// The polling plan of every source.
#[derive(Debug, Clone)]
pub struct Scheduler {
    sources: Vec<SourceState>,
    max_in_flight: usize,
    policy: BackoffPolicy,
    rng: Rng,
    /// When a failing source was last asked, or a source started failing: probes
    /// count from here.
    last_failing_activity_ms: f64,
}

impl Scheduler {
    /// A plan for sources with these periods, starting at `now_ms`. The first
    /// `max_in_flight` sources are asked at once (the cap bounds that burst, and the
    /// first screen fills sooner); every other first request falls at a random point of
    /// the first `spread_ms` (at most its period).
    pub fn new(periods_ms: &[f64], max_in_flight: usize, spread_ms: f64, seed: u64, now_ms: f64) -> Scheduler {
        let mut rng = Rng::new(seed);
        let sources = periods_ms
            .iter()
            .enumerate()
            .map(|(i, &period)| {
                let period_ms = Self::usable_period(period);
                let jitter = if i < max_in_flight {
                    0.0
                } else {
                    rng.unit() * spread_ms.min(period_ms).max(0.0)
                };
                SourceState {
                    period_ms,
                    next_due_ms: now_ms + jitter,
                    not_before_ms: f64::NEG_INFINITY,
                    held_by_server: false,
                    in_flight: false,
                    failures: 0,
                    retry_at_once: false,
                    last_done_ms: None,
                    due_since_ms: now_ms,
                    last_wait_ms: None,
                }
            })
            .collect();
        Scheduler {
            sources,
            max_in_flight: max_in_flight.max(1),
            policy: BackoffPolicy::default(),
            rng,
            last_failing_activity_ms: f64::NEG_INFINITY,
        }
    }

    /// Sources to request now, most overdue first, marked in flight; respects the cap.
    pub fn take_due(&mut self, now_ms: f64) -> Vec<SourceId> {
        if let Some((probe, at)) = self.probe() {
            if at <= now_ms {
                self.sources[probe].next_due_ms = now_ms;
            }
        }
        let running = self.in_flight();
        let mut due: Vec<SourceId> = (0..self.sources.len())
            .filter(|&i| !self.sources[i].in_flight && self.sources[i].next_due_ms <= now_ms)
            .collect();
        due.sort_by(|&a, &b| self.sources[a].next_due_ms.total_cmp(&self.sources[b].next_due_ms));
        due.truncate(self.max_in_flight.saturating_sub(running));
        for &id in &due {
            let source = &mut self.sources[id];
            source.due_since_ms = source.next_due_ms.min(now_ms);
            source.in_flight = true;
            if source.failures > 0 {
                self.last_failing_activity_ms = now_ms;
            }
        }
        due
    }

    /// The failing source to ask next even though its backoff has not run out, and
    /// when: one poll period after a failing source was last asked (or started failing),
    /// never inside a `Retry-After`. `None` while no probe is needed.
    fn probe(&self) -> Option<(SourceId, f64)> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.in_flight && e.failures > 0)
            .map(|(i, e)| {
                let server_hold = if e.held_by_server {
                    e.not_before_ms
                } else {
                    f64::NEG_INFINITY
                };
                (i, (self.last_failing_activity_ms + e.period_ms).max(server_hold))
            })
            .filter(|&(i, at)| at < self.sources[i].next_due_ms)
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Records a finished request and plans the next one; returns the wait in ms.
    pub fn complete(&mut self, id: SourceId, now_ms: f64, result: Result<(), &Failure>) -> f64 {
        let unit = self.rng.unit();
        let Some(source) = self.sources.get_mut(id) else {
            return 0.0;
        };
        source.in_flight = false;
        source.last_done_ms = Some(now_ms);
        source.last_wait_ms = Some((now_ms - source.due_since_ms).max(0.0));
        let recovered = result.is_ok() && source.failures > 0;
        let retry_at_once = std::mem::take(&mut source.retry_at_once);
        let wait = match result {
            Ok(()) => {
                source.failures = 0;
                source.not_before_ms = f64::NEG_INFINITY;
                source.held_by_server = false;
                source.period_ms
            }
            Err(failure) => {
                source.failures = source.failures.saturating_add(1);
                // Backing off only ever slows a source down: a failing source is never
                // asked more often than a healthy one (the probe keeps recovery quick).
                let wait = if retry_at_once
                    && !matches!(
                        failure,
                        Failure::Server {
                            retry_after_ms: Some(_),
                            ..
                        }
                    ) {
                    0.0
                } else {
                    self.policy
                        .delay_ms(source.failures, failure, unit)
                        .max(source.period_ms)
                };
                (source.not_before_ms, source.held_by_server) = match failure {
                    Failure::Server {
                        retry_after_ms: Some(after),
                        ..
                    } => (now_ms + after, true),
                    Failure::Config { .. } => (now_ms + wait, false),
                    _ => (f64::NEG_INFINITY, false),
                };
                // A source that starts failing counts as asked; later failures do not:
                // a request that hung to its timeout must not push the probe back.
                if source.failures == 1 {
                    self.last_failing_activity_ms = self.last_failing_activity_ms.max(now_ms);
                }
                wait
            }
        };
        source.next_due_ms = now_ms + wait;
        if recovered {
            self.ask_failing_now(now_ms);
        }
        wait
    }

    /// After a recovery: the way to the server works again, so every failing source
    /// is asked at once, except those a `Retry-After` still holds; a request still in
    /// flight (hanging since the outage) is asked again at once if it fails.
    fn ask_failing_now(&mut self, now_ms: f64) {
        for source in self.sources.iter_mut().filter(|e| e.in_flight) {
            source.retry_at_once = true;
        }
        for source in self.sources.iter_mut().filter(|e| !e.in_flight && e.failures > 0) {
            if source.held_by_server && source.not_before_ms > now_ms {
                continue;
            }
            source.not_before_ms = f64::NEG_INFINITY;
            source.next_due_ms = source.next_due_ms.min(now_ms);
        }
    }

    /// Changes how often a source is asked (a kiosk resting a source no page it shows
    /// needs, or waking it for the next page). A healthy idle source is then due one
    /// new period after its last answer, at once if that has passed: a woken source
    /// is asked straight away unless its data is already that fresh. A failing source
    /// keeps its backoff, which the new period bounds from its next failure on.
    pub fn set_period(&mut self, id: SourceId, period_ms: f64, now_ms: f64) {
        let Some(source) = self.sources.get_mut(id) else {
            return;
        };
        let period_ms = Self::usable_period(period_ms);
        if period_ms == source.period_ms {
            return;
        }
        source.period_ms = period_ms;
        if let (Some(done), false, 0) = (source.last_done_ms, source.in_flight, source.failures) {
            source.next_due_ms = (done + period_ms).max(now_ms);
        }
    }

    /// A period the scheduler can keep: at least 100 ms, and finite.
    fn usable_period(period_ms: f64) -> f64 {
        if period_ms.is_finite() && period_ms >= 100.0 {
            period_ms
        } else {
            100.0
        }
    }

    /// Asks every idle source at once (tab shown again, back online), except those a
    /// `Retry-After` or a configuration error holds back.
    pub fn refresh_all(&mut self, now_ms: f64) {
        for source in self.sources.iter_mut().filter(|e| !e.in_flight) {
            source.next_due_ms = source.next_due_ms.min(now_ms.max(source.not_before_ms));
        }
    }

    /// When the next source falls due (or the next probe), if any is idle.
    pub fn next_due_ms(&self) -> Option<f64> {
        let scheduled = self
            .sources
            .iter()
            .filter(|e| !e.in_flight)
            .map(|e| e.next_due_ms)
            .min_by(f64::total_cmp);
        match (scheduled, self.probe()) {
            (Some(due), Some((_, probe))) => Some(due.min(probe)),
            (due, _) => due,
        }
    }

    /// Whether the concurrency cap is reached, so nothing can start before one ends.
    pub fn at_capacity(&self) -> bool {
        self.in_flight() >= self.max_in_flight
    }

    /// Requests running now.
    pub fn in_flight(&self) -> usize {
        self.sources.iter().filter(|e| e.in_flight).count()
    }

    /// How long the last request of a source took from falling due to its answer
    /// (its wait behind the concurrency cap included); `None` before its first.
    pub fn last_wait_ms(&self, id: SourceId) -> Option<f64> {
        self.sources.get(id).and_then(|e| e.last_wait_ms)
    }

    /// Failures in a row of one source.
    pub fn failures(&self, id: SourceId) -> u32 {
        self.sources.get(id).map_or(0, |e| e.failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sched(n: usize, cap: usize) -> Scheduler {
        Scheduler::new(&vec![5_000.0; n], cap, 5_000.0, 1, 0.0)
    }

    #[test]
    fn first_requests_are_spread_over_the_period() {
        let s = sched(50, 4);
        let dues: Vec<f64> = s.sources.iter().map(|e| e.next_due_ms).collect();
        assert!(dues.iter().all(|d| (0.0..5_000.0).contains(d)));
        // The first batch, as large as the cap, goes at once; the rest is spread.
        assert_eq!(dues.iter().filter(|&&d| d == 0.0).count(), 4);
        let early = dues[4..].iter().filter(|&&d| d < 1_000.0).count();
        assert!(early < 23, "{early} of 46 fired in the first fifth");
    }

    #[test]
    fn a_source_is_never_requested_twice_at_once() {
        let mut s = sched(1, 4);
        assert_eq!(s.take_due(10_000.0), vec![0]);
        assert!(s.take_due(60_000.0).is_empty());
        s.complete(0, 60_000.0, Ok(()));
        assert!(s.take_due(64_999.0).is_empty());
        assert_eq!(s.take_due(65_000.0), vec![0]);
    }

    #[test]
    fn concurrency_is_capped_across_sources() {
        let mut s = sched(10, 3);
        let first = s.take_due(10_000.0);
        assert_eq!(first.len(), 3);
        assert!(s.take_due(10_000.0).is_empty());
        s.complete(first[0], 10_100.0, Ok(()));
        assert_eq!(s.take_due(10_100.0).len(), 1);
        assert_eq!(s.in_flight(), 3);
        assert!(s.at_capacity());
    }

    #[test]
    fn the_most_overdue_goes_first() {
        let mut s = Scheduler::new(&[1_000.0, 1_000.0], 1, 0.0, 1, 0.0);
        s.sources[0].next_due_ms = 500.0;
        s.sources[1].next_due_ms = 100.0;
        assert_eq!(s.take_due(1_000.0), vec![1]);
    }

    #[test]
    fn failures_back_off_and_success_resets() {
        let mut s = sched(1, 1);
        let mut now = 10_000.0;
        let mut ceilings = Vec::new();
        for _ in 0..6 {
            assert_eq!(s.take_due(now), vec![0]);
            let wait = s.complete(0, now, Err(&Failure::Network));
            ceilings.push(wait);
            now += wait;
        }
        assert_eq!(s.failures(0), 6);
        assert!(
            ceilings.iter().all(|&w| (5_000.0..=60_000.0).contains(&w)),
            "{ceilings:?}"
        );
        s.take_due(now);
        assert_eq!(s.complete(0, now, Ok(())), 5_000.0);
        assert_eq!(s.failures(0), 0);
    }

    #[test]
    fn a_rested_source_is_asked_at_its_longer_period() {
        let mut s = Scheduler::new(&[2_000.0], 1, 0.0, 1, 0.0);
        assert_eq!(s.take_due(0.0), vec![0]);
        s.complete(0, 100.0, Ok(()));
        s.set_period(0, 30_000.0, 1_000.0);
        assert!(s.take_due(2_100.0).is_empty(), "not at the old period");
        assert_eq!(s.next_due_ms(), Some(30_100.0));
        assert_eq!(s.take_due(30_100.0), vec![0]);
    }

    #[test]
    fn a_woken_source_is_asked_at_once_unless_its_data_is_that_fresh() {
        let mut s = Scheduler::new(&[30_000.0, 30_000.0], 2, 0.0, 1, 0.0);
        let ids = s.take_due(0.0);
        s.complete(ids[0], 100.0, Ok(()));
        s.complete(ids[1], 9_000.0, Ok(()));
        // Woken at 10 s: the first answered 9.9 s ago, the second 1 s ago.
        s.set_period(0, 2_000.0, 10_000.0);
        s.set_period(1, 2_000.0, 10_000.0);
        assert_eq!(s.take_due(10_000.0), vec![0]);
        assert_eq!(s.take_due(11_000.0), vec![1]);
    }

    #[test]
    fn a_wait_counts_from_falling_due_including_the_queue_behind_the_cap() {
        let mut s = Scheduler::new(&[2_000.0, 2_000.0], 1, 0.0, 1, 0.0);
        assert_eq!(s.last_wait_ms(0), None, "never asked");
        let first = s.take_due(0.0);
        s.complete(first[0], 300.0, Ok(()));
        // The other fell due at 0 but waited for the one slot.
        let second = s.take_due(300.0);
        s.complete(second[0], 500.0, Ok(()));
        assert_eq!(s.last_wait_ms(first[0]), Some(300.0));
        assert_eq!(s.last_wait_ms(second[0]), Some(500.0));
        // A timer that fires late adds its lateness too.
        assert_eq!(s.take_due(2_400.0), vec![first[0]]);
        s.complete(first[0], 2_450.0, Ok(()));
        assert_eq!(s.last_wait_ms(first[0]), Some(150.0));
    }

    #[test]
    fn a_new_period_leaves_a_request_in_flight_and_a_backoff_alone() {
        let mut s = Scheduler::new(&[2_000.0, 2_000.0], 2, 0.0, 1, 0.0);
        let ids = s.take_due(0.0);
        s.complete(ids[0], 0.0, Err(&Failure::Network));
        let backoff = s.next_due_ms();
        s.set_period(ids[0], 30_000.0, 100.0);
        s.set_period(ids[1], 30_000.0, 100.0);
        assert!(s.take_due(100.0).is_empty(), "the one in flight is not asked twice");
        s.complete(ids[1], 200.0, Ok(()));
        assert_eq!(s.next_due_ms(), backoff, "the failing one keeps its retry");
    }

    #[test]
    fn retry_after_holds_even_against_a_refresh() {
        let mut s = sched(1, 1);
        s.take_due(10_000.0);
        let throttled = Failure::Server {
            status: 429,
            retry_after_ms: Some(20_000.0),
        };
        assert!(s.complete(0, 10_000.0, Err(&throttled)) >= 20_000.0);
        s.refresh_all(11_000.0);
        assert!(s.take_due(11_000.0).is_empty());
        assert_eq!(s.take_due(30_000.0), vec![0]);
    }

    #[test]
    fn configuration_errors_retry_slowly() {
        let mut s = sched(2, 2);
        let ids = s.take_due(10_000.0);
        for id in ids {
            let wait = s.complete(id, 10_000.0, Err(&Failure::Config { status: 401 }));
            assert!(wait >= 60_000.0);
        }
        // A refresh does not pass the hold; only the one probe per period does.
        s.refresh_all(11_000.0);
        assert!(s.take_due(11_000.0).is_empty());
        assert_eq!(s.take_due(15_000.0).len(), 1);
    }

    #[test]
    fn refresh_brings_idle_sources_forward() {
        let mut s = sched(2, 2);
        s.take_due(10_000.0);
        s.complete(0, 10_000.0, Ok(()));
        assert_eq!(s.next_due_ms(), Some(15_000.0));
        s.refresh_all(11_000.0);
        assert_eq!(s.take_due(11_000.0), vec![0]);
    }

    /// Fails every due source once at `now` with `failure`.
    fn fail_all(s: &mut Scheduler, now: f64, failure: &Failure) {
        let ids = s.take_due(now);
        for id in ids {
            s.complete(id, now, Err(failure));
        }
    }

    #[test]
    fn a_failing_floor_is_probed_once_per_period() {
        let mut s = Scheduler::new(&[5_000.0; 4], 4, 0.0, 3, 0.0);
        let down = Failure::Config { status: 401 };
        fail_all(&mut s, 0.0, &down);
        // Every source is held for a minute, yet one is asked each period.
        let mut asked = Vec::new();
        let mut now = 0.0;
        while now < 30_000.0 {
            now += 100.0;
            for id in s.take_due(now) {
                asked.push(now);
                s.complete(id, now, Err(&down));
            }
        }
        assert_eq!(asked.len(), 6, "{asked:?}");
        assert!(asked.windows(2).all(|w| w[1] - w[0] >= 5_000.0), "{asked:?}");
    }

    #[test]
    fn the_first_success_asks_every_failing_source_at_once() {
        let mut s = Scheduler::new(&[5_000.0; 3], 3, 0.0, 3, 0.0);
        fail_all(&mut s, 0.0, &Failure::Config { status: 401 });
        let probe = s.take_due(5_000.0);
        assert_eq!(probe.len(), 1, "one probe goes first");
        s.complete(probe[0], 5_010.0, Ok(()));
        let rest = s.take_due(5_010.0);
        assert_eq!(rest.len(), 2, "the others follow at once");
    }

    #[test]
    fn probes_and_recoveries_never_pass_a_retry_after() {
        let mut s = Scheduler::new(&[5_000.0; 2], 2, 0.0, 3, 0.0);
        let throttled = Failure::Server {
            status: 429,
            retry_after_ms: Some(30_000.0),
        };
        let ids = s.take_due(0.0);
        s.complete(ids[0], 0.0, Err(&throttled));
        s.complete(ids[1], 0.0, Err(&Failure::Network));
        // The unthrottled source is probed and recovers; the throttled one waits.
        let probe = s.take_due(6_000.0);
        assert_eq!(probe, vec![ids[1]]);
        s.complete(ids[1], 6_000.0, Ok(()));
        assert!(s.take_due(6_000.0).is_empty());
        let mut now = 6_000.0;
        while now < 29_900.0 {
            now += 100.0;
            for id in s.take_due(now) {
                assert_eq!(id, ids[1], "the throttled source was asked at {now}");
                s.complete(id, now, Ok(()));
            }
        }
        assert!(s.take_due(30_000.0).contains(&ids[0]));
    }

    #[test]
    fn the_timer_is_armed_for_the_probe() {
        let mut s = Scheduler::new(&[5_000.0], 1, 0.0, 3, 0.0);
        fail_all(&mut s, 0.0, &Failure::Config { status: 403 });
        assert_eq!(s.next_due_ms(), Some(5_000.0));
    }

    #[test]
    fn a_request_that_hung_to_its_timeout_does_not_delay_the_probe() {
        let mut s = Scheduler::new(&[2_000.0; 2], 1, 0.0, 3, 0.0);
        let first = s.take_due(0.0);
        s.complete(first[0], 0.0, Err(&Failure::Config { status: 401 }));
        // The other source is asked and hangs for 3 s (the timeout), holding the cap.
        let other = s.take_due(100.0);
        assert_eq!(other.len(), 1);
        assert!(s.take_due(2_500.0).is_empty(), "at the cap");
        s.complete(other[0], 3_100.0, Err(&Failure::Timeout));
        // The slot is free and a period has passed since a failing source was asked.
        assert_eq!(s.take_due(3_100.0).len(), 1);
    }

    #[test]
    fn a_request_sent_into_the_outage_is_retried_at_once_after_a_recovery() {
        let mut s = Scheduler::new(&[2_000.0; 2], 2, 0.0, 3, 0.0);
        let ids = s.take_due(0.0);
        s.complete(ids[0], 0.0, Err(&Failure::Network));
        // ids[1] hangs; ids[0] is probed and recovers meanwhile.
        let probe = s.take_due(2_000.0);
        assert_eq!(probe, vec![ids[0]]);
        s.complete(ids[0], 2_050.0, Ok(()));
        // The hung request times out: no backoff, it is asked again at once, once.
        assert_eq!(s.complete(ids[1], 3_000.0, Err(&Failure::Timeout)), 0.0);
        assert_eq!(s.take_due(3_000.0), vec![ids[1]]);
        assert!(s.complete(ids[1], 6_000.0, Err(&Failure::Timeout)) >= 2_000.0);
    }
}
