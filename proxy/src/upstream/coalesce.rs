//! Makes 500 wallboards cost the API what one does. Per distinct query: one
//! upstream call at a time, shared by every request that arrives meanwhile; its
//! answer served to all for the endpoint's TTL; a successful answer served a little
//! longer, stale, while one refresh runs; and after a 429, no calls at all until the
//! API's `Retry-After` (or a doubling pause) has passed. The answers kept are
//! bounded in bytes (plain and gzipped copies): past the budget, the least recently
//! used are forgotten. Answers still arriving count against the same budget: each
//! upstream call reserves its bytes (from `Content-Length`, before the body is read)
//! and waits for room when the calls already running hold it all.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use floorview_reporting::Query;
use tokio::sync::{watch, Notify};

use super::answer::Answer;
use super::cluster::Cluster;
use super::forward::Upstream;
use super::metrics::Metrics;
use crate::error::ApiError;

/// The pause after a 429 that came without a usable `Retry-After`, doubled on each
/// further 429 up to the configured maximum.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// Tuning, from the `[cache]` and `[limits]` tables.
#[derive(Debug, Clone, Copy)]
pub struct CoalesceConfig {
    pub stale: Duration,
    pub max_entries: usize,
    /// Bytes of answers kept, both copies counted.
    pub max_bytes: usize,
    pub max_backoff: Duration,
}

/// What the proxy knows about one distinct query.
#[derive(Default)]
struct Entry {
    answer: Option<Stored>,
    /// Set while an upstream call runs; waiters watch it for the answer.
    in_flight: Option<watch::Receiver<Option<Arc<Answer>>>>,
    backoff_until: Option<Instant>,
    /// 429s in a row.
    throttled: u32,
    /// When it was last asked for, on the coalescer's clock (for LRU eviction).
    used: u64,
}

struct Stored {
    answer: Arc<Answer>,
    fresh_until: Instant,
}

impl Entry {
    fn calling(&self) -> bool {
        // A closed channel means the call's task died before answering.
        self.in_flight.as_ref().is_some_and(|rx| rx.has_changed().is_ok())
    }

    /// Nothing worth keeping: no call running, answer past its stale window, no backoff.
    fn expired(&self, now: Instant, stale: Duration) -> bool {
        !self.calling()
            && self.backoff_until.is_none_or(|until| until <= now)
            && self.answer.as_ref().is_none_or(|s| s.fresh_until + stale <= now)
    }

    /// Bytes its answer holds.
    fn size(&self) -> usize {
        self.answer.as_ref().map_or(0, |s| s.answer.size())
    }
}

/// The shared cache and in-flight calls, keyed by the query's normalised URL.
pub struct Coalescer {
    upstream: Arc<Upstream>,
    config: CoalesceConfig,
    metrics: Arc<Metrics>,
    entries: Mutex<HashMap<String, Entry>>,
    /// Sum of the entries' sizes; changed only under the `entries` lock.
    bytes: AtomicUsize,
    /// Bytes promised to answers still arriving or being gzipped (see
    /// [`Reservation`]); changed only under the `entries` lock.
    reserved: AtomicUsize,
    /// The most `bytes + reserved` has been once evictions were done.
    peak: AtomicUsize,
    /// Woken whenever a reservation is given back.
    room: Notify,
    /// Counts uses, to order entries by recency.
    clock: AtomicU64,
    /// Replicas sharing answers and backoff, with `[cluster] redis_url`.
    cluster: Option<Arc<Cluster>>,
}

/// What to do once the lock is released.
enum Next {
    Ready(Arc<Answer>),
    Wait(watch::Receiver<Option<Arc<Answer>>>),
}

impl Coalescer {
    /// An empty cache in front of `upstream`.
    pub fn new(
        upstream: Arc<Upstream>,
        config: CoalesceConfig,
        metrics: Arc<Metrics>,
        cluster: Option<Arc<Cluster>>,
    ) -> Arc<Self> {
        Arc::new(Coalescer {
            upstream,
            config,
            metrics,
            entries: Mutex::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            reserved: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            room: Notify::new(),
            clock: AtomicU64::new(0),
            cluster,
        })
    }

    /// Bytes of answers held now.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Bytes reserved now for answers on their way into the cache.
    pub fn reserved(&self) -> usize {
        self.reserved.load(Ordering::Relaxed)
    }

    /// The most bytes held and reserved together so far: within the budget unless
    /// a single answer larger than it was fetched alone.
    pub fn peak_bytes(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// The answer to `query`: cached, shared, or fetched. `ttl` is its endpoint's.
    pub async fn get(self: &Arc<Self>, query: Query, ttl: Duration) -> Arc<Answer> {
        let next = self.plan(query, ttl);
        match next {
            Next::Ready(answer) => answer,
            Next::Wait(mut rx) => match rx.wait_for(Option::is_some).await {
                Ok(answer) => answer.clone().unwrap_or_else(lost),
                Err(_) => lost(),
            },
        }
    }

    fn plan(self: &Arc<Self>, query: Query, ttl: Duration) -> Next {
        let key = query.path_and_query();
        let now = Instant::now();
        let mut entries = self.lock();
        if !entries.contains_key(&key) && entries.len() >= self.config.max_entries {
            let stale = self.config.stale;
            let mut freed = 0;
            entries.retain(|_, e| {
                let keep = !e.expired(now, stale);
                if !keep {
                    freed += e.size();
                }
                keep
            });
            self.bytes.fetch_sub(freed, Ordering::Relaxed);
            // Still full: forget the least recently used query that has no call running.
            if entries.len() >= self.config.max_entries && !self.evict(&mut entries, &key, true) {
                tracing::warn!(max = self.config.max_entries, "too many distinct queries in flight");
                return Next::Ready(Arc::new(Answer::error(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the proxy is tracking too many distinct queries; try again shortly",
                ))));
            }
        }
        let used = self.clock.fetch_add(1, Ordering::Relaxed);
        let entry = entries.entry(key.clone()).or_default();
        entry.used = used;
        if let Some(until) = entry.backoff_until.filter(|until| now < *until) {
            Metrics::inc(&self.metrics.backoff_refusals);
            let throttled = entry.answer.as_ref().map(|s| s.answer.with_retry_after(until - now));
            return Next::Ready(Arc::new(throttled.unwrap_or_else(|| {
                Answer::error(ApiError::status(StatusCode::TOO_MANY_REQUESTS)).with_retry_after(until - now)
            })));
        }
        if let Some(stored) = &entry.answer {
            if now < stored.fresh_until {
                Metrics::inc(&self.metrics.cache_hits);
                return Next::Ready(stored.answer.clone());
            }
            // Only a good answer is worth serving stale; an error is waited out.
            if stored.answer.status.is_success() && now < stored.fresh_until + self.config.stale {
                Metrics::inc(&self.metrics.stale_served);
                let answer = stored.answer.clone();
                if !entry.calling() {
                    entry.in_flight = Some(self.start(key, query, ttl));
                }
                return Next::Ready(answer);
            }
        }
        match &entry.in_flight {
            Some(rx) if entry.calling() => {
                Metrics::inc(&self.metrics.coalesced_waits);
                Next::Wait(rx.clone())
            }
            _ => {
                let rx = self.start(key, query, ttl);
                entry.in_flight = Some(rx.clone());
                Next::Wait(rx)
            }
        }
    }

    /// Starts the one upstream call for `key`, in a task of its own so that a
    /// client hanging up does not cancel it for everyone else.
    fn start(self: &Arc<Self>, key: String, query: Query, ttl: Duration) -> watch::Receiver<Option<Arc<Answer>>> {
        let (tx, rx) = watch::channel(None);
        let this = self.clone();
        tokio::spawn(async move {
            // Given back when the answer is stored, or when the task ends any other way.
            let reservation = Reservation::new(this.clone(), key.clone());
            // From the cluster, an answer may be part-way through its freshness.
            let (answer, ttl) = match &this.cluster {
                Some(cluster) => {
                    cluster
                        .fetch(&key, ttl, || this.upstream.fetch(&query, &reservation))
                        .await
                }
                None => (this.upstream.fetch(&query, &reservation).await, ttl),
            };
            // An answer from the cluster was not reserved while it arrived: it is now,
            // with its gzip copy, before that copy is made outside the lock.
            reservation.grow_to(answer.body.len());
            answer.prepare_gzip();
            let answer = this.store(&key, Arc::new(answer), ttl, &reservation);
            drop(reservation);
            // Nobody waiting is fine: the answer is in the cache.
            let _ = tx.send(Some(answer));
        });
        rx
    }

    /// Keeps `answer` for `key` within the byte budget, and returns it as it is to be
    /// sent: with its `Retry-After` capped at `max_backoff`.
    /// The reservation made for it is given back in the same step.
    fn store(&self, key: &str, answer: Arc<Answer>, ttl: Duration, reservation: &Reservation) -> Arc<Answer> {
        let now = Instant::now();
        let mut answer = self.capped(answer);
        let mut entries = self.lock();
        reservation.release_locked();
        let entry = entries.entry(key.to_owned()).or_default();
        entry.in_flight = None;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            entry.throttled = entry.throttled.saturating_add(1);
            let doubling = FIRST_BACKOFF.saturating_mul(1 << entry.throttled.min(16).saturating_sub(1));
            let asked = answer
                .retry_after
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            let pause = asked.unwrap_or(doubling).max(ttl).min(self.config.max_backoff);
            tracing::info!(
                query = key,
                pause_s = pause.as_secs_f64(),
                "the API throttled a query; backing off"
            );
            entry.backoff_until = Some(now + pause);
            // What the dashboard is told matches what the proxy will do.
            answer = Arc::new(answer.with_retry_after(pause));
        } else {
            entry.throttled = 0;
            entry.backoff_until = None;
        }
        let old = entry.size();
        let size = answer.size();
        if size > self.config.max_bytes {
            // Larger than the whole budget: sent to those waiting, not kept.
            entry.answer = None;
        } else {
            entry.answer = Some(Stored {
                answer: answer.clone(),
                fresh_until: now + ttl,
            });
        }
        let held = self.bytes.load(Ordering::Relaxed) + entry.size() - old;
        self.bytes.store(held, Ordering::Relaxed);
        while self.held() > self.config.max_bytes {
            if !self.evict(&mut entries, key, false) {
                break;
            }
        }
        self.note_peak();
        answer
    }

    /// Bytes stored and reserved; read under the `entries` lock.
    fn held(&self) -> usize {
        self.bytes
            .load(Ordering::Relaxed)
            .saturating_add(self.reserved.load(Ordering::Relaxed))
    }

    /// Records [`Coalescer::held`] as the peak if it is one; under the `entries` lock.
    fn note_peak(&self) {
        self.peak.fetch_max(self.held(), Ordering::Relaxed);
    }

    /// Forgets the least recently used entry other than `keep`: only its answer, or,
    /// with `whole`, the entry itself unless a call for it is running. False when
    /// there was nothing to forget.
    fn evict(&self, entries: &mut HashMap<String, Entry>, keep: &str, whole: bool) -> bool {
        let victim = entries
            .iter()
            .filter(|(k, e)| k.as_str() != keep && if whole { !e.calling() } else { e.answer.is_some() })
            .min_by_key(|(_, e)| e.used)
            .map(|(k, _)| k.clone());
        let Some(victim) = victim else {
            return false;
        };
        let freed = match entries.get_mut(&victim) {
            Some(entry) if !whole => entry.answer.take().map_or(0, |s| s.answer.size()),
            _ => entries.remove(&victim).map_or(0, |e| e.size()),
        };
        self.bytes.fetch_sub(freed, Ordering::Relaxed);
        true
    }

    /// `answer` with a `Retry-After` of at most `max_backoff` (an unreadable one is
    /// dropped): the API's word is not passed on unchecked.
    fn capped(&self, answer: Arc<Answer>) -> Arc<Answer> {
        let Some(value) = &answer.retry_after else {
            return answer;
        };
        match value.to_str().ok().and_then(retry_after) {
            Some(wait) if wait <= self.config.max_backoff => answer,
            Some(_) => Arc::new(answer.with_retry_after(self.config.max_backoff)),
            None => {
                let mut answer = (*answer).clone();
                answer.retry_after = None;
                Arc::new(answer)
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // Every update leaves an entry consistent, so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The share of the byte budget held by one upstream call, from the moment its
/// size is known until its answer is stored (or the call fails): the body as it
/// arrives plus room for the gzip copy made beside it. Dropping it gives it back.
pub struct Reservation {
    coalescer: Arc<Coalescer>,
    /// The query's key: its own stale answer is not evicted to make room for it.
    key: String,
    /// Bytes reserved, gzip allowance included; changed only under the `entries` lock.
    held: AtomicUsize,
}

impl Reservation {
    fn new(coalescer: Arc<Coalescer>, key: String) -> Reservation {
        Reservation {
            coalescer,
            key,
            held: AtomicUsize::new(0),
        }
    }

    /// Reserves room for a body of `body` bytes announced before it is read,
    /// evicting least recently used answers first; when the calls already under
    /// way hold the rest of the budget, waits for one of them to finish. Never waits
    /// while this call holds bytes already (so calls cannot wait on each other),
    /// nor when no other call holds any (an answer larger than the whole budget is
    /// still fetched, one at a time, and sent on without being kept).
    pub async fn admit(&self, body: usize) {
        loop {
            let notified = self.coalescer.room.notified();
            tokio::pin!(notified);
            // Registered before looking, so a release in between is not missed.
            notified.as_mut().enable();
            if self.grow(body, false) {
                return;
            }
            notified.await;
        }
    }

    /// Counts a body grown to `body` bytes (one whose size was not announced),
    /// evicting to make room but never waiting: it is already in memory.
    pub fn grow_to(&self, body: usize) {
        self.grow(body, true);
    }

    fn grow(&self, body: usize, force: bool) -> bool {
        let coalescer = &self.coalescer;
        let max = coalescer.config.max_bytes;
        let mut entries = coalescer.lock();
        let held = self.held.load(Ordering::Relaxed);
        let wanted = with_gzip(body);
        let Some(extra) = wanted.checked_sub(held).filter(|extra| *extra > 0) else {
            return true;
        };
        while coalescer.held().saturating_add(extra) > max && coalescer.evict(&mut entries, &self.key, false) {}
        let others = coalescer.reserved.load(Ordering::Relaxed).saturating_sub(held);
        if coalescer.held().saturating_add(extra) > max && !force && held == 0 && others > 0 {
            return false;
        }
        coalescer.reserved.fetch_add(extra, Ordering::Relaxed);
        self.held.store(wanted, Ordering::Relaxed);
        coalescer.note_peak();
        true
    }

    /// Gives the reservation back; under the `entries` lock.
    fn release_locked(&self) {
        let held = self.held.swap(0, Ordering::Relaxed);
        let reserved = &self.coalescer.reserved;
        reserved.store(reserved.load(Ordering::Relaxed).saturating_sub(held), Ordering::Relaxed);
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.held.load(Ordering::Relaxed) > 0 {
            let entries = self.coalescer.lock();
            self.release_locked();
            drop(entries);
        }
        // Stored or failed, the bytes are accounted for: a waiting call may fit now.
        self.coalescer.room.notify_waiters();
    }
}

/// Bytes reserved for a body of `body` bytes: the gzip encoder starts with a
/// buffer of a quarter of the body, and a JSON answer compresses to less.
fn with_gzip(body: usize) -> usize {
    body.saturating_add(body / 4)
}

fn lost() -> Arc<Answer> {
    Arc::new(Answer::error(ApiError::new(
        StatusCode::BAD_GATEWAY,
        "the upstream call was lost before it answered",
    )))
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("5"), Some(Duration::from_secs(5)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(retry_after("soon"), None);
    }
}
