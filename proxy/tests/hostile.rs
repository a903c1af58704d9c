//! The hostile-request suite: each attack of issue #17, tried over real loopback
//! sockets against the server as it runs, and refused. `cargo xtask bench hostile`
//! counts the same attacks against the release binary.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod upstream_support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use floorview_proxy::server::{serve_with, ServerLimits};
use floorview_proxy::upstream::secrets::ViewerKey;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use upstream_support::{start, ORG, VIEWER_KEY};

/// Limits short enough for a test to outlast them.
fn quick_limits() -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_millis(400),
        idle_timeout: Duration::from_millis(600),
        request_timeout: Duration::from_millis(800),
        max_connections: 64,
    }
}

/// The simulator on a loopback port with `limits`.
async fn simulator(extra: &[&str], limits: ServerLimits) -> SocketAddr {
    let (app, _) = common::app(extra).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_with(listener, app, limits, std::future::pending()));
    addr
}

/// Sends `request` as it is and reads the answer until the server closes the
/// connection or `wait` passes.
async fn exchange(addr: SocketAddr, request: &str, wait: Duration) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut received)).await;
    String::from_utf8_lossy(&received).into_owned()
}

/// Whether the server has closed `stream`, waiting at most `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

fn fault_post(addr: SocketAddr, headers: &str, content_type: &str) -> String {
    let body = r#"{"kind":"hang"}"#;
    format!(
        "POST /__faults HTTP/1.1\r\n{headers}Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .replace("{addr}", &addr.to_string())
}

#[tokio::test]
async fn row_1_fault_control_refuses_relayed_rebound_and_cross_site_posts() {
    let addr = simulator(&[], quick_limits()).await;
    let wait = Duration::from_secs(2);
    for (headers, content_type, status) in [
        (
            "Host: {addr}\r\nX-Forwarded-For: 203.0.113.9\r\n",
            "application/json",
            "403",
        ),
        ("Host: attacker.example:8080\r\n", "application/json", "403"),
        ("Host: {addr}\r\n", "text/plain", "415"),
    ] {
        let reply = exchange(addr, &fault_post(addr, headers, content_type), wait).await;
        assert!(reply.starts_with(&format!("HTTP/1.1 {status}")), "{headers}: {reply}");
    }
    let listed = exchange(
        addr,
        &format!("GET /__faults HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        wait,
    )
    .await;
    assert!(listed.contains(r#""rules":[]"#), "{listed}");
    let ok = exchange(addr, &fault_post(addr, "Host: {addr}\r\n", "application/json"), wait).await;
    assert!(ok.starts_with("HTTP/1.1 201"), "{ok}");
}

#[tokio::test]
async fn row_2_slow_headers_are_cut_off() {
    let addr = simulator(&[], quick_limits()).await;
    let mut clients = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        clients.push(stream);
    }
    // A header line every 100 ms: never done, always talking.
    let started = Instant::now();
    let mut open = clients.len();
    while open > 0 && started.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        open = 0;
        for stream in &mut clients {
            if stream.write_all(b"X-Slow: 1\r\n").await.is_ok() && !closed_within(stream, Duration::ZERO).await {
                open += 1;
            }
        }
    }
    assert_eq!(open, 0, "connections still open after {:?}", started.elapsed());
}

#[tokio::test]
async fn row_2_idle_connections_are_closed() {
    let addr = simulator(&[], quick_limits()).await;
    // Silent from the start.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(2)).await);
    // Kept alive after one answer, then silent.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    assert!(closed_within(&mut kept, Duration::from_secs(2)).await);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn row_2_a_request_has_a_time_limit() {
    let addr = simulator(&["--fault", "hang:teamActivity"], quick_limits()).await;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        common::valid(floorview_reporting::Endpoint::TeamActivity)
    );
    let started = Instant::now();
    let reply = exchange(addr, &request, Duration::from_secs(3)).await;
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn row_2_connections_beyond_the_cap_wait() {
    let limits = ServerLimits {
        max_connections: 2,
        idle_timeout: Duration::from_secs(5),
        header_read_timeout: Duration::from_secs(5),
        ..quick_limits()
    };
    let addr = simulator(&[], limits).await;
    let held = [
        TcpStream::connect(addr).await.unwrap(),
        TcpStream::connect(addr).await.unwrap(),
    ];
    tokio::time::sleep(Duration::from_millis(100)).await;
    let request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let third = exchange(addr, request, Duration::from_millis(500)).await;
    assert_eq!(third, "", "a third connection was served while two were open");
    drop(held);
    let fourth = exchange(addr, request, Duration::from_secs(2)).await;
    assert!(fourth.starts_with("HTTP/1.1 200"), "{fourth}");
}

#[tokio::test]
async fn row_3_a_tz_offset_flood_stays_within_the_byte_budget() {
    let budget = 2_000_000;
    let h = start(|config, _| {
        config.cache.max_bytes = budget;
        config.cache.ttl_ms = 60_000;
    })
    .await;
    h.fake.set(|b| b.pad = 400_000);
    for minutes in 0..40 {
        let url = h.url(&format!(
            "/via/v2/organizations/{ORG}/reporting/queries/userActivity/data?teamId=t1&tzOffset=%2B{:02}:{:02}",
            minutes / 4,
            (minutes % 4) * 15
        ));
        let response = h.http.get(url).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(response.status(), 200, "query {minutes} was refused");
    }
    let held = h.state.coalescer.bytes();
    assert!(held <= budget, "{held} bytes held");
    assert!(held > budget / 4, "{held} bytes held: is anything cached?");
}

#[tokio::test]
async fn row_4_a_key_reads_only_its_organisations() {
    let h = start(|config, secrets| {
        config.organizations = vec![ORG.into(), "beta".into()];
        secrets.viewer_keys = vec![
            ViewerKey::scoped(VIEWER_KEY, &[ORG]),
            ViewerKey::scoped("both-key", &[ORG, "beta"]),
        ];
    })
    .await;
    let beta = h.url("/via/v2/organizations/beta/reporting/queries/teamActivity/data?teamId=t1");
    let status = |url: String, key: &'static str| {
        let request = h.http.get(url).bearer_auth(key);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(h.team_url("t1"), VIEWER_KEY).await, 200);
    assert_eq!(status(beta.clone(), VIEWER_KEY).await, 401, "a key for acme read beta");
    assert_eq!(status(beta, "both-key").await, 200);
}

#[tokio::test]
async fn row_5_rotating_forwarded_for_does_not_reset_the_limit() {
    let h = start(|config, _| {
        config.limits.client_rate_per_second = 0.01;
        config.limits.client_burst = 3.0;
        config.limits.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..30 {
        // The client rotates the first entry; the reverse proxy appends what it saw.
        let response = h
            .http
            .get(h.team_url("t1"))
            .header("x-forwarded-for", format!("10.9.{}.{}, 203.0.113.7", i / 256, i % 256))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 3, "{statuses:?}");
    // Another client behind the same reverse proxy has its own bucket.
    let response = h
        .http
        .get(h.team_url("t1"))
        .header("x-forwarded-for", "203.0.113.8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn row_6_any_origin_without_keys_does_not_start() {
    let mut config = floorview_proxy::upstream::config::UpstreamConfig {
        organizations: vec![ORG.into()],
        allowed_origins: vec!["*".into()],
        upstream_url: "http://127.0.0.1:9".into(),
        token_url: "http://127.0.0.1:9/token".into(),
        ..Default::default()
    };
    let e = floorview_proxy::upstream::build(config.clone(), upstream_support::secrets())
        .err()
        .unwrap();
    assert!(e.to_string().contains("viewer keys"), "{e}");
    let mut secrets = upstream_support::secrets();
    secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY)];
    config.limits.client_rate_per_second = 0.0;
    assert!(floorview_proxy::upstream::build(config, secrets).is_ok());
    let loud = floorview_proxy::upstream::exposure_warning("0.0.0.0:8080".parse().unwrap(), 0);
    assert!(loud.is_some());
}

#[tokio::test]
async fn row_7_html_from_the_api_is_never_served_as_html() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.content_type = "text/html");
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    h.fake.set(|b| b.status = 503);
    let response = h.get(&h.team_url("t2")).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["content-type"], "application/json");
    // Every answer says nosniff, the proxy's own errors too.
    let response = h
        .get(&h.url("/via/v2/organizations/other/reporting/presence/users/data"))
        .await;
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn row_8_and_9_static_files_stay_in_their_folder_and_vary() {
    let dir = std::env::temp_dir().join(format!("floorview-hostile-{}", fastrand::u64(..)));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("index.html"), "<p>ok</p>").unwrap();
    std::fs::write(dir.join(".env"), "SECRET=1").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "1").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.gz"), "gz").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", dir.join("passwd")).unwrap();
    let addr = simulator(&["--static", dir.to_str().unwrap()], quick_limits()).await;
    let get = |path: &str, extra: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n");
    let wait = Duration::from_secs(2);
    for path in ["/.env", "/%2eenv", "/passwd", "/sub/../.env"] {
        let reply = exchange(addr, &get(path, ""), wait).await;
        assert!(reply.starts_with("HTTP/1.1 404"), "{path}: {reply}");
    }
    let reply = exchange(addr, &get("//sub", ""), wait).await;
    assert!(!reply.to_lowercase().contains("location: //"), "{reply}");
    let reply = exchange(
        addr,
        &get("/app-0123456789abcdef.js", "Accept-Encoding: gzip\r\n"),
        wait,
    )
    .await;
    assert!(reply.to_lowercase().contains("vary: accept-encoding"), "{reply}");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn row_10_token_lifetimes_cannot_panic_or_flood() {
    let h = start(|_, _| {}).await;
    h.fake.set(|b| b.expires_in = u64::MAX);
    for team in ["t1", "t2", "t3"] {
        assert_eq!(h.get(&h.team_url(team)).await.status(), 200);
    }
    assert_eq!(h.fake.token_calls(), 1);
}

#[tokio::test]
async fn row_11_retry_after_is_capped() {
    let h = start(|config, _| config.limits.max_backoff_ms = 60_000).await;
    h.fake.set(|b| {
        b.status = 429;
        b.retry_after = Some("99999".into());
    });
    let response = h.get(&h.team_url("t1")).await;
    assert_eq!(response.headers()["retry-after"], "60");
}

#[tokio::test]
async fn row_12_lowercase_bearer_and_long_names() {
    let h = start(|_, secrets| secrets.viewer_keys = vec![ViewerKey::bare(VIEWER_KEY)]).await;
    let response = h
        .http
        .get(h.team_url("t1"))
        .header("authorization", format!("bearer {VIEWER_KEY}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let long = "p".repeat(20_000);
    let response = h
        .http
        .get(format!("{}&{long}=1", h.team_url("t1")))
        .bearer_auth(VIEWER_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().len() < 200);
}
