//! Counters for `GET /metrics`, in the Prometheus text exposition format. A handful
//! of atomics rather than a metrics library: eight numbers do not need one.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;

use super::cluster::health::ClusterMetrics;
use super::UpstreamState;

/// What the proxy has done since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    /// API requests received (before any check).
    pub requests: AtomicU64,
    /// Requests refused for a missing or wrong viewer key.
    pub unauthorized: AtomicU64,
    /// Requests refused by the per-client rate limit.
    pub rate_limited: AtomicU64,
    /// Requests the upstream was actually sent (retries included).
    pub upstream_calls: AtomicU64,
    /// Answers served from the cache while fresh.
    pub cache_hits: AtomicU64,
    /// Answers served past their TTL while a refresh ran.
    pub stale_served: AtomicU64,
    /// Requests that waited on another request's upstream call.
    pub coalesced_waits: AtomicU64,
    /// Requests answered with a 429 because the proxy is backing off a query.
    pub backoff_refusals: AtomicU64,
    /// Tokens fetched from the token service.
    pub token_refreshes: AtomicU64,
    /// Failed attempts at the token service.
    pub token_errors: AtomicU64,
    /// Upstream answers other than 2xx, by status, or by `timeout` / `unreachable`.
    upstream_errors: Mutex<BTreeMap<String, u64>>,
    /// Redis sharing, with `[cluster] redis_url`.
    pub cluster: ClusterMetrics,
}

impl Metrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an upstream failure under `status` (a number or a word).
    pub fn upstream_error(&self, status: &str) {
        if let Ok(mut errors) = self.upstream_errors.lock() {
            *errors.entry(status.to_owned()).or_default() += 1;
        }
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let counters: [(&str, &str, &AtomicU64); 10] = [
            ("requests", "API requests received", &self.requests),
            (
                "unauthorized",
                "Requests refused for the viewer key",
                &self.unauthorized,
            ),
            (
                "rate_limited",
                "Requests refused by the per-client rate limit",
                &self.rate_limited,
            ),
            (
                "upstream_calls",
                "Requests sent to the Reporting API",
                &self.upstream_calls,
            ),
            ("cache_hits", "Answers served fresh from the cache", &self.cache_hits),
            (
                "stale_served",
                "Answers served stale while one refresh ran",
                &self.stale_served,
            ),
            (
                "coalesced_waits",
                "Requests that shared another request's upstream call",
                &self.coalesced_waits,
            ),
            (
                "backoff_refusals",
                "Requests answered 429 while backing off after an upstream 429",
                &self.backoff_refusals,
            ),
            (
                "token_refreshes",
                "Access tokens fetched from the token service",
                &self.token_refreshes,
            ),
            ("token_errors", "Failed calls to the token service", &self.token_errors),
        ];
        let mut out = String::new();
        write_counters(&mut out, &counters);
        let _ = writeln!(
            out,
            "# HELP floorview_proxy_upstream_errors_total Reporting API answers other than 2xx, by status."
        );
        let _ = writeln!(out, "# TYPE floorview_proxy_upstream_errors_total counter");
        if let Ok(errors) = self.upstream_errors.lock() {
            for (status, count) in errors.iter() {
                let _ = writeln!(
                    out,
                    "floorview_proxy_upstream_errors_total{{status=\"{status}\"}} {count}"
                );
            }
        }
        self.cluster.render(&mut out);
        out
    }
}

/// Appends `floorview_proxy_NAME_total` counters, each with its help line.
pub fn write_counters(out: &mut String, counters: &[(&str, &str, &AtomicU64)]) {
    for (name, help, value) in counters {
        let _ = writeln!(out, "# HELP floorview_proxy_{name}_total {help}.");
        let _ = writeln!(out, "# TYPE floorview_proxy_{name}_total counter");
        let _ = writeln!(out, "floorview_proxy_{name}_total {}", value.load(Ordering::Relaxed));
    }
}

/// `GET /metrics`: the counters, and the cache's bytes as gauges.
pub async fn metrics(State(state): State<UpstreamState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    let coalescer = &state.coalescer;
    for (name, help, value) in [
        (
            "cache_bytes",
            "Bytes of answers cached, gzip copies included",
            coalescer.bytes(),
        ),
        (
            "cache_reserved_bytes",
            "Bytes of the cache budget reserved for answers still arriving",
            coalescer.reserved(),
        ),
        (
            "cache_peak_bytes",
            "Most bytes cached and reserved together since the start",
            coalescer.peak_bytes(),
        ),
    ] {
        let _ = writeln!(text, "# HELP floorview_proxy_{name} {help}.");
        let _ = writeln!(text, "# TYPE floorview_proxy_{name} gauge");
        let _ = writeln!(text, "floorview_proxy_{name} {value}");
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_statuses() {
        let metrics = Metrics::default();
        Metrics::inc(&metrics.requests);
        metrics.upstream_error("429");
        metrics.upstream_error("429");
        let text = metrics.render();
        assert!(text.contains("floorview_proxy_requests_total 1\n"), "{text}");
        assert!(
            text.contains("floorview_proxy_upstream_errors_total{status=\"429\"} 2\n"),
            "{text}"
        );
    }
}
