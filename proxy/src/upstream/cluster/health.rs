//! Whether Redis is there. A failed or slow command marks it away: the replica then
//! serves from its own cache without asking Redis, except for one probe a second,
//! and says so once per outage (not once per request) in the log and on `/metrics`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::upstream::metrics::write_counters;

/// How often a replica that lost Redis tries it again.
const PROBE_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not yet asked: the first answer, either way, is news.
    Unknown,
    Up,
    /// Away; the next probe is due at this instant.
    Down(Instant),
}

/// Redis as this replica last found it.
#[derive(Debug)]
pub struct Health {
    state: Mutex<State>,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            state: Mutex::new(State::Unknown),
        }
    }
}

impl Health {
    /// Whether to ask Redis now: always while it is up, once per [`PROBE_EVERY`] while away.
    pub fn usable(&self) -> bool {
        let mut state = self.lock();
        match *state {
            State::Unknown | State::Up => true,
            State::Down(probe_at) => {
                let now = Instant::now();
                if now < probe_at {
                    return false;
                }
                *state = State::Down(now + PROBE_EVERY);
                true
            }
        }
    }

    /// A command answered.
    pub fn succeeded(&self, metrics: &ClusterMetrics) {
        let mut state = self.lock();
        if *state != State::Up {
            tracing::info!("Redis answers: sharing answers, token and backoff with the other replicas");
            *state = State::Up;
            metrics.up.store(true, Ordering::Relaxed);
        }
    }

    /// A command failed or took too long. `why` names no URL (it may hold a password).
    pub fn failed(&self, why: &str, metrics: &ClusterMetrics) {
        let mut state = self.lock();
        if matches!(*state, State::Unknown | State::Up) {
            tracing::warn!(
                error = why,
                "Redis is unreachable: serving from this replica's own cache until it returns"
            );
            ClusterMetrics::inc(&metrics.outages);
            metrics.up.store(false, Ordering::Relaxed);
        }
        *state = State::Down(Instant::now() + PROBE_EVERY);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update writes a whole state, so a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The cluster's lines on `/metrics`, present only when `[cluster] redis_url` is set.
#[derive(Debug, Default)]
pub struct ClusterMetrics {
    configured: AtomicBool,
    up: AtomicBool,
    /// Times Redis went away.
    pub outages: AtomicU64,
    /// Upstream calls or token fetches made without the cluster because Redis was away.
    pub fallbacks: AtomicU64,
    /// Answers taken from Redis instead of the API.
    pub shared_answers: AtomicU64,
    /// Access tokens taken from Redis instead of the token service.
    pub shared_tokens: AtomicU64,
    /// Times a replica waited for another replica's refresh of the same query or token.
    pub lease_waits: AtomicU64,
}

impl ClusterMetrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Turns the cluster's lines on.
    pub fn configure(&self) {
        self.configured.store(true, Ordering::Relaxed);
    }

    /// Appends the exposition lines, if the cluster is configured.
    pub fn render(&self, out: &mut String) {
        use std::fmt::Write;
        if !self.configured.load(Ordering::Relaxed) {
            return;
        }
        let up = u8::from(self.up.load(Ordering::Relaxed));
        let _ = writeln!(
            out,
            "# HELP floorview_cluster_up Whether this replica reaches the shared Redis (1) or serves alone (0)."
        );
        let _ = writeln!(out, "# TYPE floorview_cluster_up gauge");
        let _ = writeln!(out, "floorview_cluster_up {up}");
        let counters: [(&str, &str, &AtomicU64); 5] = [
            ("cluster_outages", "Times the shared Redis went away", &self.outages),
            (
                "cluster_fallbacks",
                "Upstream calls and token fetches made alone because Redis was away",
                &self.fallbacks,
            ),
            (
                "cluster_shared_answers",
                "Answers taken from Redis instead of the Reporting API",
                &self.shared_answers,
            ),
            (
                "cluster_shared_tokens",
                "Access tokens taken from Redis instead of the token service",
                &self.shared_tokens,
            ),
            (
                "cluster_lease_waits",
                "Waits for another replica's refresh of the same query or token",
                &self.lease_waits,
            ),
        ];
        write_counters(out, &counters);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_counted_once_and_probed_once_a_second() {
        let (health, metrics) = (Health::default(), ClusterMetrics::default());
        metrics.configure();
        assert!(health.usable());
        health.failed("connection refused", &metrics);
        health.failed("connection refused", &metrics);
        assert_eq!(metrics.outages.load(Ordering::Relaxed), 1);
        assert!(!health.usable());
        *health.lock() = State::Down(Instant::now());
        assert!(health.usable());
        assert!(!health.usable(), "one probe at a time");
        health.succeeded(&metrics);
        assert!(health.usable());
        let mut text = String::new();
        metrics.render(&mut text);
        assert!(text.contains("floorview_cluster_up 1\n"), "{text}");
        assert!(text.contains("floorview_proxy_cluster_outages_total 1\n"), "{text}");
    }

    #[test]
    fn nothing_is_rendered_without_a_cluster() {
        let mut text = String::new();
        ClusterMetrics::default().render(&mut text);
        assert!(text.is_empty());
    }
}
