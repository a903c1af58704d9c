//! A fake Reporting API and a fake token service on loopback, each counting the
//! calls it gets, and a proxy in upstream mode in front of them.

#![allow(dead_code)] // each test file uses part of it

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::Router;
use floorview_proxy::upstream::config::UpstreamConfig;
use floorview_proxy::upstream::secrets::{Secret, Secrets};
use floorview_proxy::upstream::UpstreamState;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const ORG: &str = "acme";
pub const CLIENT_ID: &str = "client-id-7f3a";
pub const CLIENT_SECRET: &str = "client-secret-9b1c";
pub const API_KEY: &str = "api-key-4d2e";
pub const VIEWER_KEY: &str = "viewer-key-6a8f";

/// How the fakes behave; tests change it between requests.
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Status of the API's answers (200 by default).
    pub status: u16,
    pub retry_after: Option<String>,
    /// How long the API takes to answer.
    pub delay: Duration,
    /// Tokens the API accepts; empty accepts any token the fake service issued.
    pub valid_tokens: Vec<String>,
    /// Status of the token service (200 by default).
    pub token_status: u16,
    /// `expires_in` of issued tokens.
    pub expires_in: u64,
    /// How long the token service takes to answer.
    pub token_delay: Duration,
    /// Bytes of padding in the API's answers, to make them realistically large.
    pub pad: usize,
    /// `Content-Type` of the API's answers.
    pub content_type: &'static str,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            status: 200,
            retry_after: None,
            delay: Duration::ZERO,
            valid_tokens: Vec::new(),
            token_status: 200,
            expires_in: 3600,
            token_delay: Duration::ZERO,
            pad: 0,
            content_type: "application/json",
        }
    }
}

/// What the fakes saw.
#[derive(Default)]
pub struct Fake {
    pub api_calls: AtomicUsize,
    pub token_calls: AtomicUsize,
    pub behaviour: Mutex<Behaviour>,
    /// Headers of the last API call, and its path and query.
    pub last_api_headers: Mutex<Option<HeaderMap>>,
    pub last_api_uri: Mutex<String>,
    /// Headers and body of the last token request.
    pub last_token_request: Mutex<Option<(HeaderMap, String)>>,
}

impl Fake {
    pub fn api_calls(&self) -> usize {
        self.api_calls.load(Ordering::SeqCst)
    }

    pub fn token_calls(&self) -> usize {
        self.token_calls.load(Ordering::SeqCst)
    }

    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.behaviour.lock().unwrap());
    }

    fn behaviour(&self) -> Behaviour {
        self.behaviour.lock().unwrap().clone()
    }
}

async fn api(State(fake): State<Arc<Fake>>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    fake.api_calls.fetch_add(1, Ordering::SeqCst);
    *fake.last_api_uri.lock().unwrap() = uri.to_string();
    *fake.last_api_headers.lock().unwrap() = Some(headers.clone());
    let b = fake.behaviour();
    tokio::time::sleep(b.delay).await;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    let token_ok = if b.valid_tokens.is_empty() {
        token.starts_with("tok-")
    } else {
        b.valid_tokens.contains(&token)
    };
    if !token_ok || headers.get("x-api-key").and_then(|v| v.to_str().ok()) != Some(API_KEY) {
        return (StatusCode::UNAUTHORIZED, r#"{"error":"Unauthorized"}"#).into_response();
    }
    let status = StatusCode::from_u16(b.status).unwrap();
    let body = format!(
        r#"{{"kind":"fake","uri":"{uri}","call":{},"pad":"{}"}}"#,
        fake.api_calls(),
        "agent ".repeat(b.pad / 6)
    );
    let mut response = (status, [(header::CONTENT_TYPE, b.content_type)], body).into_response();
    if let Some(retry) = b.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, retry.parse().unwrap());
    }
    response
}

async fn token(State(fake): State<Arc<Fake>>, headers: HeaderMap, RawQuery(_): RawQuery, body: String) -> Response {
    let n = fake.token_calls.fetch_add(1, Ordering::SeqCst) + 1;
    *fake.last_token_request.lock().unwrap() = Some((headers, body));
    let b = fake.behaviour();
    tokio::time::sleep(b.token_delay).await;
    if b.token_status != 200 {
        return (
            StatusCode::from_u16(b.token_status).unwrap(),
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"invalid_client"}"#,
        )
            .into_response();
    }
    let body = format!(
        r#"{{"access_token":"tok-{n}","token_type":"Bearer","expires_in":{}}}"#,
        b.expires_in
    );
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A running proxy in front of running fakes.
pub struct Harness {
    pub proxy: SocketAddr,
    pub fake: Arc<Fake>,
    pub http: reqwest::Client,
    pub state: UpstreamState,
    stop: Option<oneshot::Sender<()>>,
}

impl Harness {
    /// The proxy's URL for a path and query.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{path_and_query}", self.proxy)
    }

    /// The proxy's URL of `teamActivity` for `team` in the configured organisation.
    pub fn team_url(&self, team: &str) -> String {
        self.url(&format!(
            "/via/v2/organizations/{ORG}/reporting/queries/teamActivity/data?teamId={team}"
        ))
    }

    pub async fn get(&self, url: &str) -> reqwest::Response {
        self.http.get(url).send().await.unwrap()
    }

    /// GETs every URL at once; statuses and bodies in the same order.
    pub async fn get_all(&self, urls: Vec<String>) -> Vec<(u16, String)> {
        get_all(&self.http, urls).await
    }
}

/// GETs every URL at once with `http`; statuses and bodies in the same order.
pub async fn get_all(http: &reqwest::Client, urls: Vec<String>) -> Vec<(u16, String)> {
    let tasks: Vec<_> = urls
        .into_iter()
        .map(|url| {
            let http = http.clone();
            tokio::spawn(async move {
                let response = http.get(url).send().await.unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The secrets every test uses.
pub fn secrets() -> Secrets {
    Secrets {
        client_id: Secret::new(CLIENT_ID),
        client_secret: Secret::new(CLIENT_SECRET),
        api_key: Secret::new(API_KEY),
        viewer_keys: Vec::new(),
    }
}

/// Starts the fakes and a proxy configured for them, after `tweak`.
pub async fn start(tweak: impl FnOnce(&mut UpstreamConfig, &mut Secrets)) -> Harness {
    let (fake, fake_addr) = start_fake().await;
    let (proxy, state, stop) = start_proxy(fake_addr, tweak).await;
    Harness {
        proxy,
        fake,
        http: reqwest::Client::new(),
        state,
        stop: Some(stop),
    }
}

/// The fake API and token service, on one loopback port.
pub async fn start_fake() -> (Arc<Fake>, SocketAddr) {
    let fake = Arc::new(Fake::default());
    let fake_app = Router::new()
        .route("/token", post(token))
        .fallback(any(api))
        .with_state(fake.clone());
    let fake_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake_addr = fake_listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(fake_listener, fake_app).await });
    (fake, fake_addr)
}

/// A proxy in front of the fakes at `fake_addr`, configured by `tweak`; it stops
/// when the sender is dropped.
pub async fn start_proxy(
    fake_addr: SocketAddr,
    tweak: impl FnOnce(&mut UpstreamConfig, &mut Secrets),
) -> (SocketAddr, UpstreamState, oneshot::Sender<()>) {
    let mut config = UpstreamConfig {
        organizations: vec![ORG.into()],
        upstream_url: format!("http://{fake_addr}"),
        token_url: format!("http://{fake_addr}/token"),
        ..UpstreamConfig::default()
    };
    config.limits.client_rate_per_second = 0.0;
    let mut secrets = secrets();
    tweak(&mut config, &mut secrets);
    let limits = config.server_limits();
    let (router, state) = floorview_proxy::upstream::build(config, secrets).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(floorview_proxy::server::serve_with(
        listener,
        router,
        limits,
        async move {
            let _ = stopped.await;
        },
    ));
    (proxy, state, stop)
}
