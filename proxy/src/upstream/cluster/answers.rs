//! Answers shared between replicas. Key: organisation, endpoint and normalised
//! parameters (the query's path and query string); value: status, the headers the
//! proxy passes on, body and fetch time; expiry: fresh plus stale-while-revalidate
//! for a success, fresh only for an error. Freshness is read from the key's `PTTL`,
//! so replicas need not agree on the time of day. A 429 also sets a backoff key that
//! holds every replica until the API's `Retry-After` has passed.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, StatusCode};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::health::ClusterMetrics;
use super::{millis, remaining, Away, Cluster, Lease};
use crate::error::ApiError;
use crate::upstream::answer::Answer;
use crate::upstream::coalesce::retry_after;

/// What one replica found in Redis for a query.
struct Shared {
    /// The answer and how long it stays fresh.
    answer: Option<(Answer, Duration)>,
    /// Time left before the API may be asked again after a 429.
    backoff: Option<Duration>,
}

impl Shared {
    /// An answer good enough to serve without asking the API, with its freshness.
    fn usable(self, ttl: Duration) -> Option<(Answer, Duration)> {
        if let Some(left) = self.backoff.filter(|left| !left.is_zero()) {
            let throttled = match self.answer {
                Some((answer, _)) if answer.status == StatusCode::TOO_MANY_REQUESTS => answer,
                _ => Answer::error(ApiError::status(StatusCode::TOO_MANY_REQUESTS)),
            };
            return Some((throttled.with_retry_after(left), ttl.min(left)));
        }
        self.answer.filter(|(_, fresh)| !fresh.is_zero())
    }
}

impl Cluster {
    /// The answer to the query at `key` (its normalised path and query): a fresh one
    /// from Redis, else the one `fetch` gets from the API while this replica holds
    /// the query's lease, else the one another replica's refresh leaves. Also how
    /// long the answer stays fresh. Whatever happens to Redis, `fetch` answers.
    pub async fn fetch<F, Fut>(&self, key: &str, ttl: Duration, fetch: F) -> (Answer, Duration)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Answer>,
    {
        if !self.available() {
            return (fetch().await, ttl);
        }
        let deadline = Instant::now() + self.wait;
        loop {
            let Ok(shared) = self.read(key).await else {
                return self.alone(fetch, ttl).await;
            };
            if let Some(found) = shared.usable(ttl) {
                ClusterMetrics::inc(&self.cluster_metrics().shared_answers);
                return found;
            }
            match self.acquire(key).await {
                Ok(Some(lease)) => return self.refresh(key, ttl, lease, fetch).await,
                Ok(None) => {}
                Err(Away) => return self.alone(fetch, ttl).await,
            }
            match self.wait_for_lease(key, deadline).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::warn!(
                        query = key,
                        "another replica's refresh took too long; asking the API alone"
                    );
                    return (fetch().await, ttl);
                }
                Err(Away) => return self.alone(fetch, ttl).await,
            }
        }
    }

    async fn alone<F, Fut>(&self, fetch: F, ttl: Duration) -> (Answer, Duration)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Answer>,
    {
        ClusterMetrics::inc(&self.cluster_metrics().fallbacks);
        (fetch().await, ttl)
    }

    /// This replica holds the lease: ask the API, share the answer, give the lease back.
    async fn refresh<F, Fut>(&self, key: &str, ttl: Duration, lease: Lease, fetch: F) -> (Answer, Duration)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Answer>,
    {
        // Another replica may have finished between the read and the lease.
        match self.read(key).await {
            Ok(shared) => {
                if let Some(found) = shared.usable(ttl) {
                    self.release(lease).await;
                    ClusterMetrics::inc(&self.cluster_metrics().shared_answers);
                    return found;
                }
            }
            Err(Away) => return self.alone(fetch, ttl).await,
        }
        let answer = fetch().await;
        self.share(key, &answer, ttl).await;
        self.release(lease).await;
        (answer, ttl)
    }

    /// The answer and backoff stored for `key`, in one round trip.
    async fn read(&self, key: &str) -> Result<Shared, Away> {
        let (answer_key, backoff_key) = (self.key("answer", key), self.key("backoff", key));
        let (blob, answer_ttl, backoff_ttl): (Option<Vec<u8>>, i64, i64) = self
            .call(|mut redis| async move {
                redis::pipe()
                    .get(&answer_key)
                    .pttl(&answer_key)
                    .pttl(&backoff_key)
                    .query_async(&mut redis)
                    .await
            })
            .await?;
        let answer = blob.and_then(decode).and_then(|(answer, stale)| {
            let fresh = remaining(answer_ttl)?.saturating_sub(stale);
            Some((answer, fresh))
        });
        Ok(Shared {
            answer,
            backoff: remaining(backoff_ttl),
        })
    }

    /// Stores `answer` for the other replicas, and after a 429 the pause that holds them all.
    async fn share(&self, key: &str, answer: &Answer, ttl: Duration) {
        let stale = if answer.status.is_success() {
            self.stale
        } else {
            Duration::ZERO
        };
        let mut pipe = redis::pipe();
        if !(ttl + stale).is_zero() {
            pipe.set(self.key("answer", key), encode(answer, stale))
                .arg("PX")
                .arg(millis(ttl + stale))
                .ignore();
        }
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            let asked = answer
                .retry_after
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            let pause = asked.unwrap_or(ttl).max(ttl).min(self.max_backoff);
            if !pause.is_zero() {
                pipe.set(self.key("backoff", key), 1)
                    .arg("PX")
                    .arg(millis(pause))
                    .ignore();
            }
        }
        let _ = self
            .call(|mut redis| async move { pipe.query_async::<()>(&mut redis).await })
            .await;
    }
}

/// The first line of a stored answer; the body follows the newline.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
    /// When the API answered (Unix ms), for people reading Redis; freshness comes from PTTL.
    fetched_at_ms: u64,
    /// The part of the key's expiry that is stale-while-revalidate.
    stale_ms: u64,
}

fn encode(answer: &Answer, stale: Duration) -> Vec<u8> {
    let text = |v: &Option<HeaderValue>| v.as_ref().and_then(|v| v.to_str().ok()).map(str::to_owned);
    let head = Head {
        status: answer.status.as_u16(),
        content_type: text(&answer.content_type),
        retry_after: text(&answer.retry_after),
        fetched_at_ms: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, millis),
        stale_ms: u64::try_from(stale.as_millis()).unwrap_or(u64::MAX),
    };
    let mut out = serde_json::to_vec(&head).unwrap_or_default();
    out.push(b'\n');
    out.extend_from_slice(&answer.body);
    out
}

/// A stored answer and its stale part; `None` for anything this version did not write.
fn decode(mut blob: Vec<u8>) -> Option<(Answer, Duration)> {
    let newline = blob.iter().position(|&b| b == b'\n')?;
    let body = blob.split_off(newline + 1);
    let head: Head = serde_json::from_slice(&blob[..newline]).ok()?;
    let header = |v: Option<String>| v.and_then(|v| HeaderValue::from_str(&v).ok());
    let answer = Answer::new(
        StatusCode::from_u16(head.status).ok()?,
        header(head.content_type),
        header(head.retry_after),
        Bytes::from(body),
    );
    Some((answer, Duration::from_millis(head.stale_ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_survive_the_round_trip_and_garbage_is_ignored() {
        let answer = Answer::new(
            StatusCode::TOO_MANY_REQUESTS,
            Some(HeaderValue::from_static("application/json")),
            Some(HeaderValue::from_static("30")),
            Bytes::from_static(b"{\"error\":\"slow down\"}\n{}"),
        );
        let (back, stale) = decode(encode(&answer, Duration::from_secs(10))).unwrap();
        assert_eq!(back.status, answer.status);
        assert_eq!(back.content_type, answer.content_type);
        assert_eq!(back.retry_after, answer.retry_after);
        assert_eq!(back.body, answer.body);
        assert_eq!(stale, Duration::from_secs(10));
        for garbage in [&b""[..], b"no newline", b"{}\nbody", b"{\"status\":99999}\n"] {
            assert!(decode(garbage.to_vec()).is_none());
        }
    }

    #[test]
    fn a_shared_backoff_outranks_a_fresh_answer() {
        let ok = Answer::new(StatusCode::OK, None, None, Bytes::new());
        let shared = Shared {
            answer: Some((ok.clone(), Duration::from_secs(1))),
            backoff: Some(Duration::from_millis(2500)),
        };
        let (answer, fresh) = shared.usable(Duration::from_secs(2)).unwrap();
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(answer.retry_after.unwrap(), "3");
        assert_eq!(fresh, Duration::from_secs(2));
        let stale = Shared {
            answer: Some((ok, Duration::ZERO)),
            backoff: None,
        };
        assert!(stale.usable(Duration::from_secs(2)).is_none());
    }
}
