//! Viewer keys, the per-client rate limit and CORS.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upstream_support;

use floorview_proxy::upstream::secrets::ViewerKey;
use upstream_support::{start, ORG, VIEWER_KEY};

#[tokio::test]
async fn a_viewer_key_is_required_when_configured() {
    let h = start(|_, secrets| secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY), ViewerKey::bare("second-key")])
        .await;
    let url = h.team_url("t1");
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some(VIEWER_KEY),
        Some("Basic dmlld2VyOmtleQ=="),
    ] {
        let mut request = h.http.get(&url);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body = response.text().await.unwrap();
        assert_eq!(body, r#"{"error":"a valid viewer key is required"}"#);
    }
    assert_eq!((h.fake.api_calls(), h.fake.token_calls()), (0, 0));

    for key in [VIEWER_KEY, "second-key"] {
        let response = h.http.get(&url).bearer_auth(key).send().await.unwrap();
        assert_eq!(response.status(), 200, "{key}");
    }
    assert_eq!(h.fake.api_calls(), 1);
    // The viewer key is the proxy's business: it never goes upstream.
    let headers = h.fake.last_api_headers.lock().unwrap().clone().unwrap();
    assert!(headers
        .iter()
        .all(|(_, v)| !v.to_str().unwrap_or_default().contains(VIEWER_KEY)));
    // Health and metrics stay open for probes.
    assert_eq!(h.get(&h.url("/healthz")).await.status(), 200);
}

#[tokio::test]
async fn each_client_is_rate_limited() {
    let h = start(|config, _| {
        config.limits.client_rate_per_second = 0.5;
        config.limits.client_burst = 3.0;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(h.get(&h.team_url("t1")).await.status(), 200);
    }
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(h.fake.api_calls(), 1);
}

#[tokio::test]
async fn cors_is_granted_only_to_configured_origins() {
    let h = start(|config, secrets| {
        config.allowed_origins = vec!["https://wallboard.example.com".into()];
        secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY)];
    })
    .await;
    let url = h.team_url("t1");
    let response = h
        .http
        .get(&url)
        .bearer_auth(VIEWER_KEY)
        .header("origin", "https://wallboard.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://wallboard.example.com"
    );
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("date") && exposed.contains("retry-after"), "{exposed}");

    let response = h
        .http
        .get(&url)
        .bearer_auth(VIEWER_KEY)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!response.headers().contains_key("access-control-allow-origin"));

    // A preflight carries no viewer key, and needs none.
    let preflight = h
        .http
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://wallboard.example.com")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "https://wallboard.example.com"
    );
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
}

#[tokio::test]
async fn a_bare_key_with_several_organisations_stops_the_start() {
    let mut config = floorview_proxy::upstream::config::UpstreamConfig {
        organizations: vec![ORG.into(), "beta".into()],
        upstream_url: "http://127.0.0.1:9".into(),
        token_url: "http://127.0.0.1:9/token".into(),
        ..Default::default()
    };
    config.limits.client_rate_per_second = 0.0;
    let mut secrets = upstream_support::secrets();
    secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY)];
    let e = floorview_proxy::upstream::build(config, secrets).err().unwrap();
    assert!(e.to_string().contains("names no organisation"), "{e}");
}
