//! CORS: same origin only by default; configured origins get preflights answered
//! and can read `Date` and `Retry-After`.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{app, send, valid};
use floorview_reporting::Endpoint;

const ALLOWED: &str = "http://127.0.0.1:8081";

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(valid(Endpoint::TeamActivity))
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap()
}

fn cross_origin_get(origin: &str) -> Request<Body> {
    Request::get(valid(Endpoint::TeamActivity))
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_allowed_origin_gets_its_preflight_and_can_read_date_and_retry_after() {
    let (app, _) = app(&["--allow-origin", ALLOWED, "--allow-origin", "http://other.example"]).await;
    let reply = send(&app, preflight(ALLOWED)).await;
    assert!(reply.status.is_success());
    assert_eq!(reply.header("access-control-allow-origin"), Some(ALLOWED));
    assert!(reply.header("access-control-allow-methods").unwrap().contains("GET"));

    let reply = send(&app, cross_origin_get(ALLOWED)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ALLOWED));
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("date") && exposed.contains("retry-after"), "{exposed}");
}

#[tokio::test]
async fn a_refused_origin_is_not_allowed() {
    let (app, _) = app(&["--allow-origin", ALLOWED]).await;
    let reply = send(&app, preflight("http://evil.example")).await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
    let reply = send(&app, cross_origin_get("http://evil.example")).await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn by_default_only_the_same_origin_can_read() {
    let (app, _) = app(&[]).await;
    let reply = send(&app, preflight(ALLOWED)).await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    let reply = send(&app, cross_origin_get(ALLOWED)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_wildcard_allows_any_origin() {
    let (app, _) = app(&["--allow-origin", "*"]).await;
    let reply = send(&app, preflight("http://anywhere.example")).await;
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}
