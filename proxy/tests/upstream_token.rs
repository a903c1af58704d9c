//! The access token: client credentials with scope `reportingapi`, fetched once for
//! many requests, refreshed before expiry and after a 401.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upstream_support;

use std::time::Duration;

use floorview_proxy::upstream::config::TokenAuth;
use upstream_support::{start, CLIENT_ID, CLIENT_SECRET};

#[tokio::test]
async fn the_token_request_is_rfc_6749_client_credentials() {
    let h = start(|_, _| {}).await;
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    let (headers, body) = h.fake.last_token_request.lock().unwrap().clone().unwrap();
    let mut form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    form.sort();
    assert_eq!(
        form,
        [
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("scope".to_owned(), "reportingapi".to_owned())
        ]
    );
    assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
    let basic = headers["authorization"].to_str().unwrap();
    assert_eq!(
        basic,
        format!("Basic {}", base64(&format!("{CLIENT_ID}:{CLIENT_SECRET}")))
    );
}

#[tokio::test]
async fn credentials_can_go_in_the_body_instead() {
    let h = start(|config, _| config.token_auth = TokenAuth::Body).await;
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    let (headers, body) = h.fake.last_token_request.lock().unwrap().clone().unwrap();
    assert!(!headers.contains_key("authorization"));
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    assert!(form.contains(&("client_id".to_owned(), CLIENT_ID.to_owned())));
    assert!(form.contains(&("client_secret".to_owned(), CLIENT_SECRET.to_owned())));
}

#[tokio::test]
async fn one_token_serves_many_concurrent_requests() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.delay = Duration::from_millis(20));
    let urls = (0..200).map(|i| h.team_url(&format!("team{i}"))).collect();
    let responses = h.get_all(urls).await;
    assert!(responses.iter().all(|(status, _)| *status == 200));
    assert_eq!(h.fake.api_calls(), 200);
    assert_eq!(h.fake.token_calls(), 1);
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let h = start(|_, _| {}).await;
    assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    // The API stops accepting tok-1 (revoked, or expired early).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    h.fake.set(|b| b.valid_tokens = vec!["tok-2".into()]);
    let response = h.get(&h.team_url("t2")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(h.fake.token_calls(), 2);
    assert_eq!(h.fake.api_calls(), 3);

    // A token refused within a second of being issued is not replaced again at once
    // (a wrong x-api-key would otherwise fetch a token per request): a clear 502.
    h.fake.set(|b| b.valid_tokens = vec!["never".into()]);
    let response = h.get(&h.team_url("t3")).await;
    assert_eq!(response.status(), 502);
    assert_eq!((h.fake.token_calls(), h.fake.api_calls()), (2, 4));

    // Later, a refused token is replaced and the request retried once, then 502, not 401.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let response = h.get(&h.team_url("t4")).await;
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("refused the proxy's access token"),
        "{body}"
    );
    assert_eq!((h.fake.token_calls(), h.fake.api_calls()), (3, 6));
}

#[tokio::test]
async fn announced_lifetimes_are_clamped() {
    // `expires_in: 0` would cost a token call per request; a huge one used to panic
    // adding it to the clock, after which every request made its own token call.
    // (Replacement before expiry is unit-tested in token.rs: the 60 s floor makes it
    // too slow to wait for here.)
    for expires_in in [0, 2, u64::MAX] {
        let h = start(|_, _| {}).await;
        h.fake.set(|b| b.expires_in = expires_in);
        for team in ["t1", "t2", "t3"] {
            assert_eq!(h.get(&h.team_url(team)).await.status(), 200, "{expires_in}");
        }
        assert_eq!(h.fake.token_calls(), 1, "expires_in {expires_in}");
    }
}

#[tokio::test]
async fn a_failing_token_service_is_not_hammered() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.token_status = 500);
    let urls = (0..50).map(|i| h.team_url(&format!("team{i}"))).collect();
    let responses = h.get_all(urls).await;
    assert!(responses.iter().all(|(status, _)| *status == 502));
    assert_eq!(h.fake.token_calls(), 1);
    assert_eq!(h.fake.api_calls(), 0);
}

/// Standard base64, enough for one header in a test.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
