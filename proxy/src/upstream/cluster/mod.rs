//! Replicas that share one cache, one access token and one backoff through Redis
//! (`[cluster] redis_url`), so N replicas cost the Reporting API what one does.
//!
//! Redis is an aid, never a dependency: every command has a short time limit, and a
//! replica that cannot reach Redis serves from its own cache and token (the
//! behaviour without a cluster) until Redis answers again. One replica at a time
//! refreshes a query or the token, under a lease (`SET NX PX`, released only by its
//! holder); the others wait for its result by polling the lease, bounded by the
//! request time limit, then take the answer from Redis.

pub mod answers;
pub mod config;
pub mod health;
pub mod token;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::RedisResult;

use self::config::ClusterConfigError;
use self::health::{ClusterMetrics, Health};
use super::config::UpstreamConfig;
use super::metrics::Metrics;
use super::secrets::Secret;

/// How often a replica waiting on another's lease looks again.
const POLL_EVERY: Duration = Duration::from_millis(10);

/// Releases a lease only if it still holds this replica's value: a lease that
/// expired and was taken by another replica is left alone.
const RELEASE: &str =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// Redis as the replicas' shared memory.
pub struct Cluster {
    redis: ConnectionManager,
    prefix: String,
    /// Which client's token this deployment shares (see [`token::token_name`]).
    token_name: String,
    /// Makes this replica's lease values unique.
    replica: String,
    leases_taken: AtomicU64,
    op_timeout: Duration,
    /// Longest a refresh may hold a lease: an upstream call, a token fetch and a retry.
    lease: Duration,
    /// Longest a replica waits for another's refresh before doing it alone.
    wait: Duration,
    token_wait: Duration,
    stale: Duration,
    max_backoff: Duration,
    health: Health,
    metrics: Arc<Metrics>,
    release: redis::Script,
}

/// Redis could not be used for this request; the caller goes on alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Away;

/// A lease held by this replica.
pub struct Lease {
    key: String,
    value: String,
}

impl Cluster {
    /// The cluster of `config`, or `None` without `[cluster] redis_url`. Connects
    /// lazily: a Redis that is not there yet does not stop the proxy from starting.
    pub fn new(
        config: &UpstreamConfig,
        client_id: &Secret,
        metrics: Arc<Metrics>,
    ) -> Result<Option<Arc<Cluster>>, ClusterConfigError> {
        let cluster = &config.cluster;
        cluster.validate()?;
        let Some(url) = cluster.url()? else {
            return Ok(None);
        };
        // The error names the problem, never the URL (it may hold a password).
        let client =
            redis::Client::open(url.expose()).map_err(|e| ClusterConfigError::Url(format!("{:?}", e.kind())))?;
        let op_timeout = cluster.timeout();
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(op_timeout))
            .set_response_timeout(Some(op_timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let redis = ConnectionManager::new_lazy_with_config(client, manager)
            .map_err(|e| ClusterConfigError::Url(format!("{:?}", e.kind())))?;
        metrics.cluster.configure();
        let limits = &config.limits;
        let upstream = Duration::from_millis(limits.upstream_timeout_ms);
        let token = Duration::from_millis(limits.token_timeout_ms);
        Ok(Some(Arc::new(Cluster {
            redis,
            prefix: cluster.key_prefix.clone(),
            token_name: token::token_name(&config.token_url, client_id),
            replica: format!("{}-{:016x}", std::process::id(), fastrand::u64(..)),
            leases_taken: AtomicU64::new(0),
            op_timeout,
            lease: upstream * 2 + token + Duration::from_secs(1),
            wait: upstream + token,
            token_wait: token,
            stale: Duration::from_millis(config.cache.stale_ms),
            max_backoff: Duration::from_millis(limits.max_backoff_ms),
            health: Health::default(),
            metrics,
            release: redis::Script::new(RELEASE),
        })))
    }

    /// Asks Redis once at start, so `/metrics` and the log say at once whether it is there.
    pub fn check(self: &Arc<Self>) {
        let this = self.clone();
        tokio::spawn(async move {
            let _ = this
                .call(|mut redis| async move { redis::cmd("PING").query_async::<String>(&mut redis).await })
                .await;
        });
    }

    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}:{kind}:{name}", self.prefix)
    }

    fn cluster_metrics(&self) -> &ClusterMetrics {
        &self.metrics.cluster
    }

    /// Whether to use Redis for this request; counts a fallback when not.
    fn available(&self) -> bool {
        let usable = self.health.usable();
        if !usable {
            ClusterMetrics::inc(&self.cluster_metrics().fallbacks);
        }
        usable
    }

    /// One command (or pipeline), within the time limit; any failure marks Redis away.
    async fn call<T, F, Fut>(&self, command: F) -> Result<T, Away>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        let outcome = tokio::time::timeout(self.op_timeout, command(self.redis.clone())).await;
        match outcome {
            Ok(Ok(value)) => {
                self.health.succeeded(self.cluster_metrics());
                Ok(value)
            }
            Ok(Err(e)) => {
                // The kind and code only: the full text can quote the URL.
                let why = format!("{:?} {}", e.kind(), e.code().unwrap_or_default());
                self.health.failed(why.trim(), self.cluster_metrics());
                Err(Away)
            }
            Err(_) => {
                self.health
                    .failed("no answer within cluster.timeout_ms", self.cluster_metrics());
                Err(Away)
            }
        }
    }

    /// Takes the lease on `name` for [`Cluster::lease`], if no other replica holds it.
    async fn acquire(&self, name: &str) -> Result<Option<Lease>, Away> {
        let key = self.key("lease", name);
        let n = self.leases_taken.fetch_add(1, Ordering::Relaxed);
        let value = format!("{}-{n}", self.replica);
        let ms = millis(self.lease);
        let (k, v) = (key.clone(), value.clone());
        let taken: Option<String> = self
            .call(|mut redis| async move {
                redis::cmd("SET")
                    .arg(&k)
                    .arg(&v)
                    .arg("NX")
                    .arg("PX")
                    .arg(ms)
                    .query_async(&mut redis)
                    .await
            })
            .await?;
        Ok(taken.map(|_| Lease { key, value }))
    }

    /// Gives a lease back; a failure only lets it expire by itself.
    async fn release(&self, lease: Lease) {
        let script = self.release.clone();
        let _ = self
            .call(|mut redis| async move {
                script
                    .key(&lease.key)
                    .arg(&lease.value)
                    .invoke_async::<i64>(&mut redis)
                    .await
            })
            .await;
    }

    /// Waits until nobody holds the lease on `name`, or `deadline`. False when the
    /// deadline came first.
    async fn wait_for_lease(&self, name: &str, deadline: Instant) -> Result<bool, Away> {
        ClusterMetrics::inc(&self.cluster_metrics().lease_waits);
        let key = self.key("lease", name);
        while Instant::now() < deadline {
            tokio::time::sleep(POLL_EVERY).await;
            let k = key.clone();
            let held: bool = self
                .call(|mut redis| async move { redis::cmd("EXISTS").arg(&k).query_async(&mut redis).await })
                .await?;
            if !held {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Milliseconds for `PX`, at least 1 (Redis refuses 0).
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// A `PTTL` reply as a duration: `None` for a missing key or one without expiry.
fn remaining(pttl: i64) -> Option<Duration> {
    u64::try_from(pttl).ok().map(Duration::from_millis)
}
