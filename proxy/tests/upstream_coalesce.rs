//! Identical requests share one upstream call and a short cache; a stale answer is
//! served while one refresh runs; the metrics count all of it.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upstream_support;

use std::time::Duration;

use upstream_support::start;

#[tokio::test]
async fn five_hundred_identical_requests_make_one_upstream_call() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.delay = Duration::from_millis(500));
    let responses = h.get_all(vec![h.team_url("t1"); 500]).await;
    assert!(responses.iter().all(|(status, _)| *status == 200));
    // Every client got the one answer.
    assert!(responses.iter().all(|(_, body)| body == &responses[0].1));
    assert_eq!(h.fake.api_calls(), 1);
    assert_eq!(h.fake.token_calls(), 1);
}

#[tokio::test]
async fn answers_are_cached_for_the_ttl_then_refreshed_behind_a_stale_answer() {
    let h = start(|config, _| {
        // Wide enough margins for a loaded CI machine.
        config.cache.ttl_ms = 1_000;
        config.cache.stale_ms = 5_000;
    })
    .await;
    let first = h.get(&h.team_url("t1")).await.text().await.unwrap();
    let again = h.get(&h.team_url("t1")).await.text().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(h.fake.api_calls(), 1);

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    // Past the TTL the old answer comes back at once while one refresh runs.
    h.fake.set(|b| b.delay = Duration::from_millis(300));
    let stale = h.get_all(vec![h.team_url("t1"); 20]).await;
    assert!(stale.iter().all(|(status, body)| *status == 200 && body == &first));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.fake.api_calls(), 2);
    let fresh = h.get(&h.team_url("t1")).await.text().await.unwrap();
    assert_ne!(fresh, first);
    assert_eq!(h.fake.api_calls(), 2);
}

#[tokio::test]
async fn per_endpoint_ttls_apply() {
    let h = start(|config, _| {
        config.cache.ttl_ms = 60_000;
        config.cache.stale_ms = 0;
        config.cache.endpoints.insert("teamActivity".into(), 0);
    })
    .await;
    h.get(&h.team_url("t1")).await;
    h.get(&h.team_url("t1")).await;
    assert_eq!(h.fake.api_calls(), 2);
    let list = h.url("/via/v2/organizations/acme/reporting/queries/listActivity/data?contactList=L1");
    h.get(&list).await;
    h.get(&list).await;
    assert_eq!(h.fake.api_calls(), 3);
}

#[tokio::test]
async fn errors_are_cached_too_so_a_failing_api_is_not_hammered() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.status = 500);
    for _ in 0..10 {
        assert_eq!(h.get(&h.team_url("t1")).await.status(), 500);
    }
    assert_eq!(h.fake.api_calls(), 1);
}

#[tokio::test]
async fn metrics_count_requests_calls_hits_waits_and_errors() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.delay = Duration::from_millis(500));
    h.get_all(vec![h.team_url("t1"); 10]).await;
    h.get(&h.team_url("t1")).await;
    h.fake.set(|b| {
        b.status = 429;
        b.delay = Duration::ZERO;
    });
    h.get(&h.team_url("t2")).await;
    let response = h.get(&h.url("/metrics")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text().await.unwrap();
    for line in [
        "floorview_proxy_requests_total 12",
        "floorview_proxy_upstream_calls_total 2",
        "floorview_proxy_cache_hits_total 1",
        "floorview_proxy_coalesced_waits_total 9",
        "floorview_proxy_token_refreshes_total 1",
        "floorview_proxy_upstream_errors_total{status=\"429\"} 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing from\n{text}");
    }
}

#[tokio::test]
async fn a_large_answer_is_gzipped_once_for_every_client_that_accepts_it() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.pad = 60_000);
    let plain = h.get(&h.team_url("t1")).await;
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    let plain = plain.bytes().await.unwrap();
    let mut compressed = Vec::new();
    for _ in 0..3 {
        let response = h
            .http
            .get(h.team_url("t1"))
            .header("accept-encoding", "gzip, deflate, br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "gzip");
        compressed.push(response.bytes().await.unwrap());
    }
    assert!(compressed.iter().all(|c| c == &compressed[0]));
    assert!(
        compressed[0].len() < plain.len() / 10,
        "{} of {}",
        compressed[0].len(),
        plain.len()
    );
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&compressed[0][..]), &mut decoded).unwrap();
    assert_eq!(decoded, plain);
    assert_eq!(h.fake.api_calls(), 1);
}

#[tokio::test]
async fn distinct_queries_beyond_the_limit_evict_the_least_recently_used() {
    let h = start(|config, _| {
        config.cache.max_entries = 2;
        config.cache.ttl_ms = 60_000;
    })
    .await;
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    assert_eq!(h.get(&h.team_url("t2")).await.status(), 200);
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    // A new query is answered, not refused: t2, the least recently used, is forgotten.
    assert_eq!(h.get(&h.team_url("t3")).await.status(), 200);
    assert_eq!(h.fake.api_calls(), 3);
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    assert_eq!(h.fake.api_calls(), 3, "t1 is still cached");
    assert_eq!(h.get(&h.team_url("t2")).await.status(), 200);
    assert_eq!(h.fake.api_calls(), 4, "t2 was evicted");
}

#[tokio::test]
async fn the_cache_keeps_to_its_byte_budget() {
    // Answers of about 100 kB (plain) in a 350 kB budget: at most three are kept.
    let h = start(|config, _| {
        config.cache.max_bytes = 350_000;
        config.cache.ttl_ms = 60_000;
    })
    .await;
    h.fake.set(|b| b.pad = 100_000);
    for team in ["t1", "t2", "t3", "t4", "t5"] {
        assert_eq!(h.get(&h.team_url(team)).await.status(), 200, "{team}");
    }
    assert_eq!(h.fake.api_calls(), 5);
    assert!(
        h.state.coalescer.bytes() <= 350_000,
        "{} bytes",
        h.state.coalescer.bytes()
    );
    assert!(
        h.state.coalescer.bytes() >= 200_000,
        "{} bytes",
        h.state.coalescer.bytes()
    );
    // The most recent answers are the ones kept.
    assert_eq!(h.get(&h.team_url("t5")).await.status(), 200);
    assert_eq!(h.fake.api_calls(), 5);
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    assert_eq!(h.fake.api_calls(), 6);
}

#[tokio::test]
async fn answers_still_arriving_count_against_the_byte_budget() {
    // Answers of about 100 kB (plain) in a 350 kB budget, with the cache already
    // full: eight more fetched at once must not sit on top of it while they arrive.
    let h = start(|config, _| {
        config.cache.max_bytes = 350_000;
        config.cache.ttl_ms = 60_000;
    })
    .await;
    h.fake.set(|b| b.pad = 100_000);
    for team in ["t1", "t2", "t3"] {
        assert_eq!(h.get(&h.team_url(team)).await.status(), 200, "{team}");
    }
    h.fake.set(|b| b.delay = Duration::from_millis(200));
    let urls = (4..12).map(|i| h.team_url(&format!("t{i}"))).collect();
    let responses = h.get_all(urls).await;
    assert!(responses.iter().all(|(status, _)| *status == 200), "{responses:?}");
    assert_eq!(h.fake.api_calls(), 11);
    let coalescer = &h.state.coalescer;
    assert!(
        coalescer.peak_bytes() <= 350_000,
        "cached and arriving answers peaked at {} bytes",
        coalescer.peak_bytes()
    );
    // Everything reserved was given back once stored.
    assert_eq!(coalescer.reserved(), 0);
    assert!(coalescer.bytes() >= 200_000, "{} bytes", coalescer.bytes());
}
