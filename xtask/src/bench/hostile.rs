//! `bench hostile`: the attacks of issue #17 against the release proxy on loopback.
//!
//! A fake Reporting API and token service (in process) stand behind
//! `floorview-proxy upstream` with viewer keys for two organisations, a trusted
//! reverse proxy list, a static folder holding a dotfile and a symlink out of it,
//! and a 64 MiB cache budget; `floorview-proxy simulate` answers the fault control
//! attacks. Each attack is tried and counted as blocked when the proxy refuses it.
//! Then 500 clients send headers slowly (and one idles on a kept-alive
//! connection): `slowloris_open_after_s` is how many are still open 30 s later.
//! `cache_peak_rss_mb` is the proxy's peak resident memory (VmHWM) after 40
//! `tzOffset` values of an 8 MiB answer.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::proxy::Proxy;
use super::Figures;
use crate::run;

/// The cache budget the proxy is given, and the allowance over it the goal sets.
const BUDGET_MB: usize = 64;
/// Size of the flood's answer, and how many `tzOffset` values it is asked with.
const FLOOD_BODY_BYTES: usize = 8 * 1024 * 1024;
const FLOOD_QUERIES: usize = 40;
const SLOW_CLIENTS: usize = 500;
const SLOW_WINDOW: Duration = Duration::from_secs(30);
const KEY_ACME: &str = "bench-key-acme";

pub fn measure() -> Result<Figures, String> {
    let binary = crate::setup::proxy()?;
    let runtime = super::sim::generator_runtime()?;
    runtime.block_on(async {
        let fake = Fake::start().await?;
        let dir = run::root().join("target/bench/hostile");
        let config = write_setup(&dir, fake.addr)?;
        let config = config.to_string_lossy().into_owned();
        let upstream = Proxy::spawn(&binary, &["upstream", "--config", &config], "hostile-upstream.log")?;
        let simulate = Proxy::spawn(
            &binary,
            &["simulate", "--listen", "127.0.0.1:0"],
            "hostile-simulate.log",
        )?;
        let mut outcomes: Vec<(&str, bool)> = Vec::new();

        let rss_before = peak_rss_mb(upstream.child.id())?;
        let flood_ok = flood(upstream.addr).await?;
        let peak = peak_rss_mb(upstream.child.id())?;
        if peak <= 0.0 || rss_before <= 0.0 {
            return Err("no resident memory read for the proxy".into());
        }
        outcomes.push((
            "tzOffset flood answered, memory bounded",
            flood_ok && peak <= (BUDGET_MB + 32) as f64,
        ));

        outcomes.extend(fault_control(simulate.addr).await?);
        outcomes.extend(upstream_attacks(upstream.addr, &fake).await?);
        outcomes.extend(static_attacks(upstream.addr).await?);
        outcomes.push((
            "any origin without keys refused at start",
            open_start_refused(&binary, &dir, fake.addr)?,
        ));
        let (open_after, idle_closed) = slowloris(upstream.addr).await;
        outcomes.push(("slow headers cut off", open_after == 0));
        outcomes.push(("idle keep-alive closed", idle_closed));

        for (attack, blocked) in &outcomes {
            println!("  {:<8} {attack}", if *blocked { "blocked" } else { "OPEN" });
        }
        let blocked = outcomes.iter().filter(|(_, b)| *b).count();
        Ok(vec![
            ("hostile_attacks_tried".into(), outcomes.len() as f64),
            ("hostile_attacks_blocked".into(), blocked as f64),
            ("slowloris_open_after_s".into(), open_after as f64),
            ("cache_peak_rss_mb".into(), (peak * 10.0).round() / 10.0),
            ("cache_budget_mb".into(), BUDGET_MB as f64),
        ])
    })
}

/// The config, key file and static folder of the upstream proxy; returns the config's path.
fn write_setup(dir: &Path, fake: SocketAddr) -> Result<std::path::PathBuf, String> {
    let fail = |e: std::io::Error| format!("{}: {e}", dir.display());
    let dist = dir.join("dist");
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(fail)?;
    }
    std::fs::create_dir_all(dist.join(".git")).map_err(fail)?;
    std::fs::create_dir_all(dist.join("sub")).map_err(fail)?;
    for (name, text) in [
        ("index.html", "<p>floorview</p>"),
        (".env", "SECRET=bench"),
        (".git/config", "[core]"),
        ("sub/index.html", "<p>sub</p>"),
        ("app-0123456789abcdef.js", "export const x = 1;"),
        ("app-0123456789abcdef.js.br", "br"),
    ] {
        std::fs::write(dist.join(name), text).map_err(fail)?;
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", dist.join("passwd")).map_err(fail)?;
    let keys = dir.join("viewer-keys");
    std::fs::write(&keys, format!("{KEY_ACME} acme\nbench-key-both acme,beta\n")).map_err(fail)?;
    let config = dir.join("hostile.toml");
    let text = format!(
        "listen = \"127.0.0.1:0\"\norganizations = [\"acme\", \"beta\"]\nupstream_url = \"http://{fake}\"\n\
         token_url = \"http://{fake}/token\"\nstatic_dir = \"{}\"\n[cache]\nttl_ms = 60000\nmax_bytes = {}\n\
         [limits]\nclient_rate_per_second = 0.01\nclient_burst = 20\ntrusted_proxies = [\"127.0.0.1\"]\n\
         [secrets]\nviewer_keys = {{ file = \"{}\" }}\n",
        dist.display(),
        BUDGET_MB * 1024 * 1024,
        keys.display()
    );
    std::fs::write(&config, text).map_err(fail)?;
    Ok(config)
}

/// The proxy's peak resident memory so far, in MB.
fn peak_rss_mb(pid: u32) -> Result<f64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|e| e.to_string())?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or("no VmHWM in /proc/PID/status")?;
    Ok(kb / 1024.0)
}

/// One answer, read whole: status, lower-case head, body.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Sends `request` on a fresh connection and reads until the server closes it.
async fn send(addr: SocketAddr, request: &str) -> Result<Reply, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received))
        .await
        .map_err(|_| "no answer within 30 s".to_string())?
        .map_err(|e| e.to_string())?;
    let split = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(received.len());
    let head = String::from_utf8_lossy(&received[..split]).to_lowercase();
    let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = received.get(split + 4..).unwrap_or_default().to_vec();
    Ok(Reply { status, head, body })
}

fn get(path: &str, headers: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n")
}

fn team(org: &str, team: &str) -> String {
    format!("/via/v2/organizations/{org}/reporting/queries/teamActivity/data?teamId={team}")
}

fn auth(key: &str, client: usize) -> String {
    // Each bench request is its own client behind the trusted reverse proxy.
    format!(
        "Authorization: Bearer {key}\r\nX-Forwarded-For: 198.18.{}.{}\r\n",
        client / 250,
        client % 250 + 1
    )
}

/// 40 `tzOffset` values of the 8 MiB answer, four at a time; true when all were answered.
async fn flood(addr: SocketAddr) -> Result<bool, String> {
    let mut answered = 0;
    for batch in (0..FLOOD_QUERIES).collect::<Vec<_>>().chunks(4) {
        let tasks: Vec<_> = batch
            .iter()
            .map(|&i| {
                let path = format!(
                    "/via/v2/organizations/acme/reporting/queries/userActivity/data?teamId=flood&tzOffset=%2B{:02}:{:02}",
                    i / 4,
                    (i % 4) * 15
                );
                let request = get(&path, &format!("{}Accept-Encoding: gzip\r\n", auth(KEY_ACME, 1000 + i)));
                tokio::spawn(async move { send(addr, &request).await })
            })
            .collect();
        for task in tasks {
            let reply = task.await.map_err(|e| e.to_string())??;
            answered += usize::from(reply.status == 200);
        }
    }
    Ok(answered == FLOOD_QUERIES)
}

async fn fault_control(addr: SocketAddr) -> Result<Vec<(&'static str, bool)>, String> {
    let post = |extra: &str, content_type: &str| {
        let body = r#"{"kind":"hang"}"#;
        format!(
            "POST /__faults HTTP/1.1\r\n{extra}Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let relayed = send(
        addr,
        &post(
            "Host: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.9\r\n",
            "application/json",
        ),
    )
    .await?;
    let rebound = send(addr, &post("Host: attacker.example\r\n", "application/json")).await?;
    let csrf = send(addr, &post("Host: 127.0.0.1\r\n", "text/plain")).await?;
    Ok(vec![
        ("fault control relayed by a reverse proxy", relayed.status == 403),
        ("fault control by DNS rebinding", rebound.status == 403),
        ("fault control by a cross-site text/plain POST", csrf.status == 415),
    ])
}

async fn upstream_attacks(addr: SocketAddr, fake: &Fake) -> Result<Vec<(&'static str, bool)>, String> {
    let mut out = Vec::new();
    let cross = send(addr, &get(&team("beta", "t1"), &auth(KEY_ACME, 1))).await?;
    out.push(("a key for acme reads beta", cross.status == 401));

    let mut admitted = 0;
    for i in 0..30 {
        let headers = format!("Authorization: Bearer {KEY_ACME}\r\nX-Forwarded-For: 10.9.0.{i}, 203.0.113.7\r\n");
        admitted += usize::from(send(addr, &get(&team("acme", "t1"), &headers)).await?.status == 200);
    }
    out.push(("rotating the first X-Forwarded-For entry", admitted < 30));

    let html = send(addr, &get(&team("acme", "html"), &auth(KEY_ACME, 2))).await?;
    let json = html.head.contains("content-type: application/json") && html.head.contains("nosniff");
    out.push((
        "upstream text/html served on the dashboard's origin",
        html.status == 502 && json,
    ));

    let throttled = send(addr, &get(&team("acme", "throttle"), &auth(KEY_ACME, 3))).await?;
    let retry_after: u64 = throttled
        .head
        .lines()
        .find_map(|l| l.strip_prefix("retry-after:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(u64::MAX);
    out.push(("upstream Retry-After 99999 passed on", retry_after <= 60));

    let before = fake.token_calls.load(Ordering::SeqCst);
    for i in 0..3 {
        send(addr, &get(&team("acme", &format!("tok{i}")), &auth(KEY_ACME, 4))).await?;
    }
    let calls = fake.token_calls.load(Ordering::SeqCst) - before;
    out.push((
        "huge token expires_in: panic, then a token call per request",
        calls == 0,
    ));

    let long = "p".repeat(20_000);
    let echo = send(
        addr,
        &get(&format!("{}&{long}=1", team("acme", "t1")), &auth(KEY_ACME, 5)),
    )
    .await?;
    out.push((
        "a 20 kB parameter name echoed back",
        echo.status == 400 && echo.body.len() < 1024,
    ));
    Ok(out)
}

async fn static_attacks(addr: SocketAddr) -> Result<Vec<(&'static str, bool)>, String> {
    let mut out = Vec::new();
    for (attack, path) in [
        ("/.env served", "/.env"),
        ("/.git/config served", "/.git/config"),
        ("a symlink to /etc/passwd followed", "/passwd"),
        ("an encoded dot-segment", "/sub/%2e%2e/.env"),
    ] {
        let reply = send(addr, &get(path, "")).await?;
        out.push((attack, reply.status == 404));
    }
    let redirect = send(addr, &get("//sub", "")).await?;
    out.push(("//sub redirected off-site", !redirect.head.contains("location: //")));
    let br = send(addr, &get("/app-0123456789abcdef.js", "Accept-Encoding: br\r\n")).await?;
    out.push((
        "precompressed file without Vary",
        br.status == 200 && br.head.contains("vary: accept-encoding"),
    ));
    Ok(out)
}

/// Whether upstream mode refuses `allowed_origins = ["*"]` without viewer keys.
fn open_start_refused(binary: &Path, dir: &Path, fake: SocketAddr) -> Result<bool, String> {
    let config = dir.join("open.toml");
    let text = format!(
        "listen = \"127.0.0.1:0\"\norganizations = [\"acme\"]\nallowed_origins = [\"*\"]\n\
         upstream_url = \"http://{fake}\"\ntoken_url = \"http://{fake}/token\"\n"
    );
    std::fs::write(&config, text).map_err(|e| e.to_string())?;
    let mut command = Command::new(binary);
    command
        .arg("upstream")
        .arg("--config")
        .arg(&config)
        .env("FLOORVIEW_CLIENT_ID", "x")
        .env("FLOORVIEW_CLIENT_SECRET", "x")
        .env("FLOORVIEW_API_KEY", "x")
        .env_remove("FLOORVIEW_LISTEN");
    // Bounded: a proxy that starts anyway is stopped after 3 s.
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(!status.success());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(false)
}

/// 500 clients sending a header line a second, and one kept-alive connection left
/// idle after its answer; how many slow ones are open after 30 s, and whether the
/// idle one was closed.
async fn slowloris(addr: SocketAddr) -> (usize, bool) {
    let open = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..SLOW_CLIENTS {
        let open = open.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(mut stream) = TcpStream::connect(addr).await else {
                return;
            };
            if stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .await
                .is_err()
            {
                return;
            }
            open.fetch_add(1, Ordering::SeqCst);
            let deadline = tokio::time::Instant::now() + SLOW_WINDOW + Duration::from_secs(1);
            let mut buffer = [0u8; 1024];
            while tokio::time::Instant::now() < deadline {
                match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
                    Ok(Ok(0) | Err(_)) => break,
                    Ok(Ok(_)) => continue,
                    Err(_) => {}
                }
                if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
                    break;
                }
            }
            open.fetch_sub(1, Ordering::SeqCst);
        }));
    }
    let idle = tokio::spawn(async move {
        let Ok(mut stream) = TcpStream::connect(addr).await else {
            return false;
        };
        if stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .is_err()
        {
            return false;
        }
        let mut buffer = [0u8; 4096];
        let deadline = tokio::time::Instant::now() + SLOW_WINDOW;
        loop {
            match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
                Err(_) => return false,
                Ok(Ok(0) | Err(_)) => return true,
                Ok(Ok(_)) => {}
            }
        }
    });
    tokio::time::sleep(SLOW_WINDOW).await;
    let still_open = open.load(Ordering::SeqCst);
    for task in tasks {
        let _ = task.await;
    }
    (still_open, idle.await.unwrap_or(false))
}

/// The fake API and token service: `teamId=html` answers text/html, `throttle` a
/// 429 with `Retry-After: 99999`, `flood` an 8 MiB JSON body; tokens claim to
/// live for ever.
struct Fake {
    addr: SocketAddr,
    token_calls: Arc<AtomicUsize>,
}

impl Fake {
    async fn start() -> Result<Fake, String> {
        let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let token_calls = Arc::new(AtomicUsize::new(0));
        let big = Bytes::from(flood_body());
        let calls = token_calls.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (calls, big) = (calls.clone(), big.clone());
                let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                    let (calls, big) = (calls.clone(), big.clone());
                    async move { Ok::<_, Infallible>(answer(&request, &calls, big)) }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        Ok(Fake { addr, token_calls })
    }
}

fn answer(request: &hyper::Request<Incoming>, token_calls: &AtomicUsize, big: Bytes) -> hyper::Response<Full<Bytes>> {
    let reply = |status: u16, content_type: &'static str, body: Bytes| {
        let mut response = hyper::Response::new(Full::new(body));
        *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static(content_type),
        );
        response
    };
    if request.method() == hyper::Method::POST {
        token_calls.fetch_add(1, Ordering::SeqCst);
        let token = r#"{"access_token":"bench-token","token_type":"Bearer","expires_in":18446744073709551615}"#;
        return reply(200, "application/json", Bytes::from_static(token.as_bytes()));
    }
    let query = request.uri().query().unwrap_or_default();
    if query.contains("teamId=html") {
        return reply(
            200,
            "text/html",
            Bytes::from_static(b"<script>alert(document.domain)</script>"),
        );
    }
    if query.contains("teamId=throttle") {
        let mut response = reply(429, "application/json", Bytes::from_static(br#"{"error":"slow down"}"#));
        response.headers_mut().insert(
            hyper::header::RETRY_AFTER,
            hyper::header::HeaderValue::from_static("99999"),
        );
        return response;
    }
    if query.contains("teamId=flood") {
        return reply(200, "application/json", big);
    }
    reply(
        200,
        "application/json",
        Bytes::from_static(br#"{"kind":"via#queryDataList","data":[]}"#),
    )
}

/// An 8 MiB JSON body that compresses about as well as real agent rows.
fn flood_body() -> Vec<u8> {
    let mut body = br#"{"kind":"via#queryDataList","data":["#.to_vec();
    let mut n: u64 = 0x9e37_79b9_7f4a_7c15;
    while body.len() < FLOOD_BODY_BYTES - 64 {
        // A cheap xorshift, so rows differ the way agents' do.
        n ^= n << 13;
        n ^= n >> 7;
        n ^= n << 17;
        body.extend_from_slice(
            format!(r#"{{"userId":"u{n:x}","stateId":"ready","seconds":{}}},"#, n % 9999).as_bytes(),
        );
    }
    body.extend_from_slice(br#"{"userId":"last"}]}"#);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flood_body_is_json_of_the_promised_size() {
        let body = flood_body();
        assert!(body.len() >= FLOOD_BODY_BYTES - 64 && body.len() <= FLOOD_BODY_BYTES + 128);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    }
}
