//! `bench proxy`: what `floorview-proxy upstream` costs the Reporting API, and how
//! fast it answers, on loopback.
//!
//! An in-process fake API and token service (50 ms per answer, counting every call
//! per distinct query) stand behind the release proxy. 1, 10, 100 and 500 clients,
//! each on its own keep-alive connection, poll the same five sources back to back
//! for 30 s; the figure is upstream calls per distinct query in that window, which
//! coalescing should keep independent of the number of clients. Then throughput and
//! p99 with 100 clients, median of three runs. The load generator is `bench sim`'s.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::sim::{listen_addr, Client, Run};
use super::{median, Figures};
use crate::run;

/// Clients per level of the upstream-cost measurement.
const LEVELS: [usize; 4] = [1, 10, 100, 500];
/// The window over which upstream calls are counted.
const WINDOW: Duration = Duration::from_secs(30);
/// Shortens the window (and the throughput runs) for a quick look, e.g. `5`.
const WINDOW_ENV: &str = "FLOORVIEW_BENCH_PROXY_SECONDS";
/// Throughput runs at 100 clients.
const RPS_CLIENTS: usize = 100;
const RPS_RUN: Duration = Duration::from_secs(10);
const RPS_RUNS: usize = 3;
/// How long the fake API takes to answer: a real one is slower still.
const UPSTREAM_DELAY: Duration = Duration::from_millis(50);
/// Size of each fake answer, about a 200-agent `userActivity`.
const BODY_BYTES: usize = 32 * 1024;
const ORG: &str = "bench";

/// The five sources every client polls.
pub(super) const SOURCES: [&str; 5] = [
    "queries/teamActivity/data?teamId=sales_team",
    "queries/userActivity/data?teamId=sales_team",
    "queries/channelActivity/data?workTypeId=sales_voice",
    "queries/listActivity/data?contactList=Renewals",
    "presence/users/data?state=LoggedOn",
];

pub fn measure() -> Result<Figures, String> {
    let binary = crate::setup::proxy()?;
    let runtime = super::sim::generator_runtime()?;
    runtime.block_on(async {
        let fake = Fake::start().await?;
        let proxy = Proxy::start(&binary, fake.addr, "proxy-bench", "")?;
        let mut figures = Figures::new();
        // Warm up: token fetched, connections open, cache filled.
        poll(&[proxy.addr], 10, Duration::from_secs(1)).await?;
        let window = window();
        for clients in LEVELS {
            let before = fake.api_calls();
            let run = poll(&[proxy.addr], clients, window).await?;
            let calls = fake.api_calls() - before;
            figures.push((
                format!("proxy_upstream_per_query_c{clients}"),
                calls as f64 / SOURCES.len() as f64,
            ));
            figures.push((format!("proxy_rps_30s_c{clients}"), run.rps().round()));
            figures.push((format!("proxy_errors_c{clients}"), run.errors as f64));
        }
        let (mut rps, mut p99) = (Vec::new(), Vec::new());
        for _ in 0..RPS_RUNS {
            let mut run = poll(&[proxy.addr], RPS_CLIENTS, RPS_RUN.min(window)).await?;
            rps.push(run.rps());
            p99.push(run.p99_ms());
        }
        figures.push(("proxy_rps_c100".into(), median(&mut rps).round()));
        figures.push(("proxy_p99_ms_c100".into(), (median(&mut p99) * 1000.0).round() / 1000.0));
        figures.push((
            "proxy_token_calls".into(),
            fake.token_calls.load(Ordering::SeqCst) as f64,
        ));
        figures.push(("proxy_upstream_delay_ms".into(), UPSTREAM_DELAY.as_millis() as f64));
        Ok(figures)
    })
}

/// The measuring window: 30 s, or [`WINDOW_ENV`] seconds for a quick look.
pub(super) fn window() -> Duration {
    std::env::var(WINDOW_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(WINDOW, Duration::from_secs)
}

/// `clients` connections, spread over `addrs`, each cycling through the five
/// sources for `duration`.
pub(super) async fn poll(addrs: &[SocketAddr], clients: usize, duration: Duration) -> Result<Run, String> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for client in 0..clients {
        let addr = addrs[client % addrs.len()];
        tasks.push(tokio::spawn(async move {
            let mut connection = Client::connect(addr).await?;
            let (mut latencies, mut errors, mut first_error) = (Vec::new(), 0, None);
            let mut n = client;
            while Instant::now() < deadline {
                let path = format!("/via/v2/organizations/{ORG}/reporting/{}", SOURCES[n % SOURCES.len()]);
                let sent = Instant::now();
                match connection.get(&path).await {
                    Ok((200, body)) if body.len() == BODY_BYTES => latencies.push(sent.elapsed()),
                    failed => {
                        errors += 1;
                        first_error.get_or_insert_with(|| match failed {
                            Ok((status, body)) => format!("{status} {}", String::from_utf8_lossy(&body)),
                            Err(e) => e,
                        });
                        // A broken connection fails at once: do not starve the fake API.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
                n += 1;
            }
            Ok::<_, String>((latencies, errors, first_error))
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        errors: 0,
        elapsed: Duration::ZERO,
    };
    let mut first_error = None;
    for task in tasks {
        let (latencies, errors, error) = task.await.map_err(|e| e.to_string())??;
        run.latencies.extend(latencies);
        run.errors += errors;
        first_error = first_error.or(error);
    }
    run.elapsed = started.elapsed();
    match first_error {
        // A few failures are a figure; nothing but failures is a bench that did not run.
        Some(e) if run.latencies.is_empty() => Err(format!("every request failed, the first with: {e}")),
        _ => Ok(run),
    }
}

/// The fake Reporting API and token service on one loopback port: POST is the
/// token service, GET the API.
pub(super) struct Fake {
    pub(super) addr: SocketAddr,
    calls: Arc<Mutex<HashMap<String, usize>>>,
    pub(super) token_calls: Arc<AtomicUsize>,
}

impl Fake {
    pub(super) async fn start() -> Result<Fake, String> {
        let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let calls = Arc::new(Mutex::new(HashMap::new()));
        let token_calls = Arc::new(AtomicUsize::new(0));
        let body = Bytes::from(fake_body());
        let (c, t) = (calls.clone(), token_calls.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (calls, token_calls, body) = (c.clone(), t.clone(), body.clone());
                let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                    let (calls, token_calls, body) = (calls.clone(), token_calls.clone(), body.clone());
                    async move { Ok::<_, Infallible>(answer(request, &calls, &token_calls, body).await) }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        Ok(Fake {
            addr,
            calls,
            token_calls,
        })
    }

    pub(super) fn api_calls(&self) -> usize {
        self.calls.lock().map_or(0, |calls| calls.values().sum())
    }
}

async fn answer(
    request: hyper::Request<Incoming>,
    calls: &Mutex<HashMap<String, usize>>,
    token_calls: &AtomicUsize,
    body: Bytes,
) -> hyper::Response<Full<Bytes>> {
    let json = |status: u16, body: Bytes| {
        let mut response = hyper::Response::new(Full::new(body));
        *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
        response
    };
    if request.method() == hyper::Method::POST {
        token_calls.fetch_add(1, Ordering::SeqCst);
        let token = r#"{"access_token":"bench-token","token_type":"Bearer","expires_in":3600}"#;
        return json(200, Bytes::from_static(token.as_bytes()));
    }
    let authorised = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .is_some_and(|v| v == "Bearer bench-token")
        && request.headers().get("x-api-key").is_some_and(|v| v == "bench-api-key");
    if !authorised {
        return json(401, Bytes::from_static(br#"{"error":"Unauthorized"}"#));
    }
    let key = request.uri().to_string();
    if let Ok(mut calls) = calls.lock() {
        *calls.entry(key).or_default() += 1;
    }
    tokio::time::sleep(UPSTREAM_DELAY).await;
    json(200, body)
}

/// A JSON body of exactly [`BODY_BYTES`].
fn fake_body() -> Vec<u8> {
    let head = r#"{"kind":"via#bench","pad":""#;
    let tail = r#""}"#;
    let mut body = head.as_bytes().to_vec();
    body.resize(BODY_BYTES - tail.len(), b'x');
    body.extend_from_slice(tail.as_bytes());
    body
}

/// `floorview-proxy upstream` in front of the fake, with its own config; stopped when dropped.
pub(super) struct Proxy {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
}

impl Proxy {
    /// Writes `target/bench/NAME.toml` (plus `extra` TOML at its end), starts the
    /// proxy with it and logs to `NAME.log`.
    pub(super) fn start(binary: &Path, fake: SocketAddr, name: &str, extra: &str) -> Result<Proxy, String> {
        let dir = run::root().join("target/bench");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let config = dir.join(format!("{name}.toml"));
        // The per-client limit is off: every bench client is 127.0.0.1.
        let text = format!(
            "listen = \"127.0.0.1:0\"\norganizations = [\"{ORG}\"]\nupstream_url = \"http://{fake}\"\n\
             token_url = \"http://{fake}/token\"\n[limits]\nclient_rate_per_second = 0\n{extra}"
        );
        std::fs::write(&config, text).map_err(|e| format!("{}: {e}", config.display()))?;
        let config = config.to_string_lossy().into_owned();
        Proxy::spawn(binary, &["upstream", "--config", &config], &format!("{name}.log"))
    }

    /// Starts `binary` with `args` and the bench's credentials in its environment,
    /// and waits for the line that says where it listens; its log goes to
    /// `target/bench/LOG`.
    pub(super) fn spawn(binary: &Path, args: &[&str], log: &str) -> Result<Proxy, String> {
        let mut child = Command::new(binary)
            .args(args)
            .env("RUST_LOG", "info,tower_http=warn")
            .env("FLOORVIEW_CLIENT_ID", "bench-client")
            .env("FLOORVIEW_CLIENT_SECRET", "bench-secret")
            .env("FLOORVIEW_API_KEY", "bench-api-key")
            .env_remove("FLOORVIEW_LISTEN")
            .env_remove("FLOORVIEW_STATIC")
            .env_remove("FLOORVIEW_LOG_FORMAT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        // The start-up line says which port `127.0.0.1:0` became; the rest of the log
        // goes to a file beside the config, for when a run goes wrong.
        let log_path = run::root().join("target/bench").join(log);
        let addr = child.stderr.take().and_then(|stderr| {
            let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
            let addr = lines.by_ref().find_map(|line| listen_addr(&line));
            let mut log = std::fs::File::create(&log_path).ok()?;
            std::thread::spawn(move || {
                for line in lines {
                    let _ = writeln!(log, "{line}");
                }
            });
            addr
        });
        if let Some(addr) = addr {
            Ok(Proxy { child, addr })
        } else {
            let _ = child.kill();
            let _ = child.wait();
            Err("the proxy exited without saying where it listens".into())
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fake_body_has_the_promised_size_and_is_json() {
        let body = fake_body();
        assert_eq!(body.len(), BODY_BYTES);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    }
}
