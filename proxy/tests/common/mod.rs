//! Helpers shared by the proxy's integration tests: a small simulated floor served
//! in-process, requests with or without a loopback peer, and a real loopback port
//! for what only a socket shows (hangs, resets).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use bytes::Bytes;
use clap::Parser;
use floorview_proxy::cli::{Cli, Command, SimulateArgs};
use floorview_proxy::simulate::AppState;
use floorview_reporting::Endpoint;
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// The arguments of `simulate` with a small floor, plus `extra` flags.
pub fn args(extra: &[&str]) -> SimulateArgs {
    let mut argv = vec![
        "floorview-proxy",
        "simulate",
        "--teams",
        "3",
        "--agents-per-team",
        "20",
        "--work-types",
        "4",
        "--contact-lists",
        "2",
    ];
    argv.extend_from_slice(extra);
    let Command::Simulate(args) = Cli::parse_from(argv).command else {
        panic!("not the simulate command");
    };
    args
}

/// The proxy's router and state for a small floor. The clock does not tick (no
/// background task), so every request in a test sees the same instant.
pub async fn app(extra: &[&str]) -> (Router, AppState) {
    floorview_proxy::simulate::build(&args(extra))
        .await
        .expect("the test floor starts")
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `error` of an `ErrorResponse` body.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("the body is readable").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

pub fn request(method: Method, uri: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .expect("a valid request")
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, request(Method::GET, uri)).await
}

/// A request as if it came from `peer`, like the real server marks them, for the
/// local proxy (`Host: localhost` unless the request names another).
pub fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let addr: SocketAddr = peer.parse().expect("a socket address");
    request.extensions_mut().insert(ConnectInfo(addr));
    if !request.headers().contains_key("host") {
        request
            .headers_mut()
            .insert("host", axum::http::HeaderValue::from_static("localhost"));
    }
    request
}

/// `POST /__faults` from loopback; returns the new rule's id.
pub async fn add_fault(app: &Router, rule: serde_json::Value) -> u64 {
    let request = Request::post("/__faults")
        .header("content-type", "application/json")
        .body(Body::from(rule.to_string()))
        .expect("a valid request");
    let reply = send(app, from_peer(request, "127.0.0.1:40000")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()["id"].as_u64().expect("an id")
}

/// `GET /__faults` from loopback.
pub async fn faults(app: &Router) -> serde_json::Value {
    let reply = send(app, from_peer(request(Method::GET, "/__faults"), "127.0.0.1:40000")).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

/// Path and query of a data endpoint of the `demo` organisation.
pub fn data(endpoint: Endpoint, query: &str) -> String {
    format!(
        "/via/v2/organizations/demo/reporting/{}{}{}",
        endpoint.path_suffix(),
        if query.is_empty() { "" } else { "?" },
        query
    )
}

/// A typical valid query of each endpoint on the test floor.
pub fn valid(endpoint: Endpoint) -> String {
    let query = match endpoint {
        Endpoint::TeamActivity | Endpoint::UserActivity => "teamId=sales_team",
        Endpoint::ChannelActivity => "workTypeId=support_chat",
        Endpoint::ListActivity => "contactList=Win-back",
        Endpoint::PresenceUsers => "state=LoggedOn",
    };
    data(endpoint, query)
}

/// Serves `app` on a free loopback port with the real accept loop.
pub async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let addr = listener.local_addr().expect("a bound address");
    tokio::spawn(floorview_proxy::server::serve(listener, app, std::future::pending()));
    addr
}

/// What a raw HTTP/1.1 exchange on a fresh connection ended with.
#[derive(Debug)]
pub enum Wire {
    /// The server closed the connection after sending these bytes.
    Closed(Vec<u8>),
    /// The connection was reset after these bytes.
    Reset(Vec<u8>),
    /// Nothing more arrived within the wait; these bytes had.
    Silent(Vec<u8>),
}

/// Sends one request with `Connection: close` and reads until the end, a reset or
/// `wait`.
pub async fn raw_request(addr: SocketAddr, method: &str, path: &str, body: &str, wait: Duration) -> Wire {
    let mut stream = TcpStream::connect(addr).await.expect("connects to loopback");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("sends the request");
    let mut received = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return Wire::Silent(received),
            Ok(Ok(0)) => return Wire::Closed(received),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => return Wire::Reset(received),
            Ok(Err(e)) => panic!("unexpected read error {e}"),
        }
    }
}
