//! Replicas sharing answers, the token and backoff through a real `redis-server`
//! (`[cluster] redis_url`), and serving alone when it is killed, frozen or absent.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod redis_support;
mod upstream_support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use floorview_proxy::upstream::cluster::config::RedisUrl;
use floorview_proxy::upstream::config::UpstreamConfig;
use redis_support::RedisServer;
use tokio::sync::oneshot;
use upstream_support::{start_fake, start_proxy, Fake, ORG};

/// Replicas in front of one fake API, sharing one Redis.
struct Replicas {
    fake: Arc<Fake>,
    addrs: Vec<SocketAddr>,
    http: reqwest::Client,
    _stops: Vec<oneshot::Sender<()>>,
}

impl Replicas {
    async fn start(n: usize, redis_url: &str, tweak: impl Fn(&mut UpstreamConfig)) -> Replicas {
        let (fake, fake_addr) = start_fake().await;
        let (mut addrs, mut stops) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let (addr, _state, stop) = start_proxy(fake_addr, |config, _| {
                config.cluster.redis_url = Some(RedisUrl::Plain(redis_url.to_owned()));
                // Generous for a loaded CI machine; the frozen-Redis test sets its own.
                config.cluster.timeout_ms = 2_000;
                tweak(config);
            })
            .await;
            addrs.push(addr);
            stops.push(stop);
        }
        Replicas {
            fake,
            addrs,
            http: reqwest::Client::new(),
            _stops: stops,
        }
    }

    fn team_url(&self, replica: usize, team: &str) -> String {
        format!(
            "http://{}/via/v2/organizations/{ORG}/reporting/queries/teamActivity/data?teamId={team}",
            self.addrs[replica]
        )
    }

    async fn get(&self, replica: usize, team: &str) -> (u16, Option<String>, String) {
        let response = self.http.get(self.team_url(replica, team)).send().await.unwrap();
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (response.status().as_u16(), retry_after, response.text().await.unwrap())
    }

    async fn get_all(&self, urls: Vec<String>) -> Vec<(u16, String)> {
        upstream_support::get_all(&self.http, urls).await
    }

    async fn metric(&self, replica: usize, name: &str) -> f64 {
        let text = self
            .http
            .get(format!("http://{}/metrics", self.addrs[replica]))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_make_the_upstream_calls_one_would() {
    let redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |_| {}).await;
    r.fake.set(|b| b.delay = Duration::from_millis(300));
    let urls = (0..300).map(|i| r.team_url(i % 3, "t1")).collect();
    let responses = r.get_all(urls).await;
    assert!(responses.iter().all(|(status, _)| *status == 200), "{responses:?}");
    let distinct: std::collections::BTreeSet<&String> = responses.iter().map(|(_, body)| body).collect();
    assert_eq!(distinct.len(), 1, "{distinct:?}");
    assert_eq!(r.fake.api_calls(), 1);
    assert_eq!(r.fake.token_calls(), 1);
    for replica in 0..3 {
        assert_eq!(r.metric(replica, "floorview_cluster_up").await, 1.0);
    }
}

#[tokio::test]
async fn an_answer_fetched_by_one_replica_is_served_by_all_until_it_goes_stale() {
    let redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |config| {
        config.cache.ttl_ms = 1_000;
        config.cache.stale_ms = 5_000;
    })
    .await;
    let (_, _, first) = r.get(0, "t1").await;
    assert_eq!(r.get(1, "t1").await.2, first);
    assert_eq!(r.get(2, "t1").await.2, first);
    assert_eq!(r.fake.api_calls(), 1);
    assert!(r.metric(2, "floorview_proxy_cluster_shared_answers_total").await >= 1.0);

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    // Stale on replica 1: served at once, refreshed once for everyone.
    assert_eq!(r.get(1, "t1").await.2, first);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(r.fake.api_calls(), 2);
    // Replica 2 still holds the old answer, serves it stale and takes the new one from Redis.
    assert_eq!(r.get(2, "t1").await.2, first);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let fresh = r.get(2, "t1").await.2;
    assert_ne!(fresh, first);
    assert_eq!(r.get(0, "t1").await.2, first);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(r.get(0, "t1").await.2, fresh);
    assert_eq!(r.fake.api_calls(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_holds_every_replica() {
    let redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |_| {}).await;
    r.fake.set(|b| {
        b.status = 429;
        b.retry_after = Some("30".into());
    });
    assert_eq!(r.get(0, "t1").await.0, 429);
    r.fake.set(|b| {
        b.status = 200;
        b.retry_after = None;
    });
    for replica in [1, 2] {
        let (status, retry_after, _) = r.get(replica, "t1").await;
        assert_eq!(status, 429);
        let seconds: u64 = retry_after.expect("a Retry-After").parse().unwrap();
        assert!((25..=30).contains(&seconds), "{seconds}");
    }
    assert_eq!(r.fake.api_calls(), 1);
    // Other queries are not held.
    assert_eq!(r.get(1, "t2").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_token_serves_every_replica() {
    // Replacement under one lease is checked by the refused-token test below: a token
    // due by age cannot be waited for here, since lifetimes are clamped to at least 60 s.
    let redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |_| {}).await;
    for replica in 0..3 {
        assert_eq!(r.get(replica, &format!("a{replica}")).await.0, 200);
    }
    let urls = (0..60).map(|i| r.team_url(i % 3, &format!("b{i}"))).collect();
    let responses = r.get_all(urls).await;
    assert!(responses.iter().all(|(status, _)| *status == 200), "{responses:?}");
    assert_eq!(r.fake.token_calls(), 1);
    let headers = r.fake.last_api_headers.lock().unwrap().clone().unwrap();
    assert_eq!(headers["authorization"], "Bearer tok-1");
}

#[tokio::test]
async fn a_token_the_api_refuses_is_replaced_once_for_every_replica() {
    let redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |_| {}).await;
    assert_eq!(r.get(0, "a").await.0, 200);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    r.fake.set(|b| b.valid_tokens = vec!["tok-2".into()]);
    for (replica, team) in [(1, "b"), (2, "c"), (0, "d")] {
        assert_eq!(r.get(replica, team).await.0, 200);
    }
    assert_eq!(r.fake.token_calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_redis_fails_no_request_and_the_replicas_rejoin_when_it_returns() {
    let mut redis = RedisServer::start();
    let r = Replicas::start(3, &redis.url(), |_| {}).await;
    for replica in 0..3 {
        assert_eq!(r.get(replica, "before").await.0, 200);
    }
    redis.kill();
    for round in 0..5 {
        for replica in 0..3 {
            let started = Instant::now();
            let (status, _, body) = r.get(replica, &format!("down{round}")).await;
            assert_eq!(status, 200, "{body}");
            assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        }
    }
    for replica in 0..3 {
        assert_eq!(r.metric(replica, "floorview_cluster_up").await, 0.0);
        assert_eq!(r.metric(replica, "floorview_proxy_cluster_outages_total").await, 1.0);
        assert!(r.metric(replica, "floorview_proxy_cluster_fallbacks_total").await >= 1.0);
    }
    // Alone, each replica asks the API for itself (one call was shared before).
    let calls_alone = r.fake.api_calls() - 1;
    assert!(calls_alone >= 3 * 5, "{calls_alone}");

    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut n = 0;
    loop {
        n += 1;
        for replica in 0..3 {
            assert_eq!(r.get(replica, &format!("probe{n}")).await.0, 200);
        }
        let mut up = 0.0;
        for replica in 0..3 {
            up += r.metric(replica, "floorview_cluster_up").await;
        }
        if up == 3.0 {
            break;
        }
        assert!(Instant::now() < deadline, "the replicas did not rejoin within 10 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let before = r.fake.api_calls();
    for replica in 0..3 {
        assert_eq!(r.get(replica, "after").await.0, 200);
    }
    assert_eq!(r.fake.api_calls(), before + 1, "sharing again after the outage");
    assert_eq!(r.metric(0, "floorview_proxy_cluster_outages_total").await, 1.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_redis_costs_one_time_limit_then_nothing() {
    let redis = RedisServer::start();
    let r = Replicas::start(1, &redis.url(), |config| config.cluster.timeout_ms = 200).await;
    assert_eq!(r.get(0, "warm").await.0, 200);
    redis.pause();
    let started = Instant::now();
    assert_eq!(r.get(0, "frozen1").await.0, 200);
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    for i in 0..5 {
        assert_eq!(r.get(0, &format!("frozen-more{i}")).await.0, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(r.metric(0, "floorview_cluster_up").await, 0.0);
    redis.resume();
}

#[tokio::test]
async fn a_proxy_whose_redis_is_not_there_starts_and_serves_alone() {
    // A port nobody listens on: bound, noted, closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = Replicas::start(2, &format!("redis://127.0.0.1:{port}"), |_| {}).await;
    for replica in 0..2 {
        assert_eq!(r.get(replica, "t1").await.0, 200);
        assert_eq!(r.metric(replica, "floorview_cluster_up").await, 0.0);
    }
    assert_eq!(r.fake.api_calls(), 2);
}

#[tokio::test]
async fn without_redis_url_there_are_no_cluster_metrics() {
    let h = upstream_support::start(|_, _| {}).await;
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    let text = h.get(&h.url("/metrics")).await.text().await.unwrap();
    assert!(!text.contains("cluster"), "{text}");
}
