//! Upstream mode forwards the five endpoints with the proxy's credentials, and
//! nothing else ever reaches the API.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upstream_support;

use std::time::{Duration, Instant};

use upstream_support::{start, API_KEY, ORG};

#[tokio::test]
async fn the_token_and_the_api_key_are_added() {
    let h = start(|_, _| {}).await;
    let response = h.get(&h.team_url("sales%20team")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().contains_key("date"));
    let body = response.text().await.unwrap();
    assert!(body.contains("\"kind\":\"fake\""), "{body}");

    let headers = h.fake.last_api_headers.lock().unwrap().clone().unwrap();
    assert_eq!(headers["authorization"], "Bearer tok-1");
    assert_eq!(headers["x-api-key"], API_KEY);
    assert_eq!(
        *h.fake.last_api_uri.lock().unwrap(),
        format!("/via/v2/organizations/{ORG}/reporting/queries/teamActivity/data?teamId=sales%20team")
    );
    assert_eq!((h.fake.api_calls(), h.fake.token_calls()), (1, 1));
}

#[tokio::test]
async fn every_endpoint_is_forwarded_with_normalised_parameters() {
    let h = start(|_, _| {}).await;
    let base = format!("/via/v2/organizations/{ORG}/reporting");
    for (path, upstream) in [
        (
            "/queries/userActivity/data?tzOffset=%2B0530&teamId=t1",
            "/queries/userActivity/data?teamId=t1&tzOffset=%2B05%3A30",
        ),
        (
            "/queries/channelActivity/data?workTypeId=w1",
            "/queries/channelActivity/data?workTypeId=w1",
        ),
        (
            "/queries/listActivity/data?contactList=L%201",
            "/queries/listActivity/data?contactList=L%201",
        ),
        (
            "/presence/users/data?state=loggedon",
            "/presence/users/data?state=LoggedOn",
        ),
    ] {
        let response = h.get(&h.url(&format!("{base}{path}"))).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(*h.fake.last_api_uri.lock().unwrap(), format!("{base}{upstream}"));
    }
}

#[tokio::test]
async fn nothing_but_the_five_endpoints_reaches_the_upstream() {
    let h = start(|_, _| {}).await;
    let team = format!("/via/v2/organizations/{ORG}/reporting/queries/teamActivity/data");
    for (path, status) in [
        ("/via/v2/organizations/acme/provisioning/users".to_owned(), 404),
        (
            "/via/v2/organizations/acme/reporting/queries/other/data?teamId=t".to_owned(),
            404,
        ),
        (
            "/via/v2/organizations/other/reporting/queries/teamActivity/data?teamId=t".to_owned(),
            404,
        ),
        (
            "/via/v2/organizations/evil.com/reporting/queries/teamActivity/data?teamId=t".to_owned(),
            404,
        ),
        (
            "/via/v2/organizations/acme%2F..%2Fx/reporting/queries/teamActivity/data?teamId=t".to_owned(),
            404,
        ),
        (format!("{team}/../../../../etc/passwd"), 404),
        ("/floorview/v1/catalog".to_owned(), 404),
        ("/".to_owned(), 404),
        (team.clone(), 400),
        (format!("{team}?teamId="), 400),
        (format!("{team}?teamId=t&url=http://evil.example"), 400),
        (format!("{team}?teamId=a&teamId=b"), 400),
        (
            format!("/via/v2/organizations/{ORG}/reporting/presence/users/data?state=LoggedOff"),
            400,
        ),
    ] {
        let response = h.get(&h.url(&path)).await;
        assert_eq!(response.status().as_u16(), status, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["error"].is_string(), "{path}: {body}");
    }
    for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::DELETE] {
        let response = h
            .http
            .request(method.clone(), h.url(&format!("{team}?teamId=t")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method}");
    }
    assert_eq!(h.fake.api_calls(), 0, "the upstream was called");
    assert_eq!(h.fake.token_calls(), 0, "the token service was called");
}

#[tokio::test]
async fn a_429_and_its_retry_after_pass_through_and_the_proxy_backs_off() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| {
        b.status = 429;
        b.retry_after = Some("5".into());
    });
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "5");
    h.fake.set(|b| b.status = 200);
    // Within the pause the proxy does not ask again, and says how long is left.
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 429);
    let left: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=5).contains(&left), "{left}");
    assert_eq!(h.fake.api_calls(), 1);
    // Other queries are not held back.
    assert_eq!(h.get(&h.team_url("t2")).await.status(), 200);
}

#[tokio::test]
async fn every_retry_after_passed_on_is_capped_at_max_backoff() {
    let h = start(|config, _| config.limits.max_backoff_ms = 30_000).await;
    for (status, team) in [(429, "t1"), (503, "t2")] {
        h.fake.set(|b| {
            b.status = status;
            b.retry_after = Some("99999".into());
        });
        let response = h.get(&h.team_url(team)).await;
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()["retry-after"], "30", "{status}");
    }
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_clear_502() {
    let h = start(|config, _| {
        // A port nothing listens on: bind one, then let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        config.upstream_url = format!("http://127.0.0.1:{port}");
    })
    .await;
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "the Reporting API could not be reached");
}

#[tokio::test]
async fn a_hung_upstream_is_a_timely_504() {
    let h = start(|config, _| config.limits.upstream_timeout_ms = 300).await;
    h.fake.set(|b| b.delay = Duration::from_secs(30));
    let started = Instant::now();
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("did not answer"), "{body}");
}

#[tokio::test]
async fn a_hung_token_service_is_a_timely_502() {
    let h = start(|config, _| config.limits.token_timeout_ms = 300).await;
    h.fake.set(|b| b.token_delay = Duration::from_secs(30));
    let started = Instant::now();
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 502);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "the token service did not answer in time");
    assert_eq!(h.fake.api_calls(), 0);
}

#[tokio::test]
async fn a_failing_token_service_is_a_clear_502() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.token_status = 401);
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["error"],
        "the token service refused the proxy's credentials (401, invalid_client)"
    );
    assert_eq!(h.fake.api_calls(), 0);
}
