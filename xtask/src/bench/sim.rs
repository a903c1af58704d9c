//! `bench sim`: throughput and p99 latency of `floorview-proxy simulate` serving
//! `userActivity` at 1,000 agents (5 teams × 200) on loopback.
//!
//! The load generator is in-process (tokio + hyper's HTTP/1 client) so CI needs no
//! extra tool: a fixed number of keep-alive connections, each sending requests back
//! to back for a bounded time, rotating over the teams. Two figures per run: the
//! usual case, where many wallboards ask for the same team in the same second and
//! the proxy's per-second body cache answers, and the worst case, where every
//! request has its own `tzOffset` so every body is serialised afresh.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::{median, Figures};

/// Keep-alive connections kept busy at once.
const CONNECTIONS: usize = 32;
/// How long one run loads the server.
const RUN: Duration = Duration::from_secs(10);
/// Load before measuring, so caches and connections are warm.
const WARM_UP: Duration = Duration::from_secs(1);
const RUNS: usize = 3;
const TEAMS: usize = 5;
const AGENTS_PER_TEAM: usize = 200;

pub fn measure() -> Result<Figures, String> {
    let binary = crate::setup::proxy()?;
    let server = Server::start(&binary)?;
    let runtime = generator_runtime()?;
    runtime.block_on(async {
        let teams = teams(server.addr).await?;
        let mut figures = Figures::new();
        for (suffix, distinct) in [("", false), ("_uncached", true)] {
            let (mut rps, mut p99, mut errors) = (Vec::new(), Vec::new(), 0.0);
            load(server.addr, &teams, distinct, WARM_UP).await?;
            for _ in 0..RUNS {
                let mut run = load(server.addr, &teams, distinct, RUN).await?;
                rps.push(run.rps());
                p99.push(run.p99_ms());
                errors += run.errors as f64;
            }
            figures.push((format!("sim_rps_1k{suffix}"), median(&mut rps).round()));
            figures.push((format!("sim_p99_ms_1k{suffix}"), round3(median(&mut p99))));
            figures.push((format!("sim_errors_1k{suffix}"), errors));
        }
        figures.push(("sim_connections".into(), CONNECTIONS as f64));
        // The generator shares the machine with the server: built without
        // optimisation (plain `cargo xtask`) it is slower than the server and caps
        // the figures, so say which build measured.
        figures.push((
            "sim_generator_optimised".into(),
            f64::from(u8::from(!cfg!(debug_assertions))),
        ));
        Ok(figures)
    })
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The proxy, running on a free loopback port; stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(binary: &PathBuf) -> Result<Server, String> {
        let teams = TEAMS.to_string();
        let agents = AGENTS_PER_TEAM.to_string();
        let mut child = Command::new(binary)
            .args(["simulate", "--listen", "127.0.0.1:0", "--teams", &teams])
            .args(["--agents-per-team", &agents, "--seed", "7"])
            .env("RUST_LOG", "info")
            .env_remove("FLOORVIEW_FAULT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let addr = child.stderr.take().and_then(|stderr| {
            // The start-up line says which port `127.0.0.1:0` became.
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .find_map(|line| listen_addr(&line))
        });
        let mut server = Server {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
        };
        match addr {
            Some(addr) => {
                server.addr = addr;
                Ok(server)
            }
            None => Err("the proxy exited without saying where it listens".into()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(super) fn listen_addr(line: &str) -> Option<SocketAddr> {
    let rest = &line[line.find("listen=")? + "listen=".len()..];
    rest.split_whitespace().next()?.parse().ok()
}

/// The simulated team ids, from the catalogue.
async fn teams(addr: SocketAddr) -> Result<Vec<String>, String> {
    let mut client = Client::connect(addr).await?;
    let (status, body) = client.get("/floorview/v1/catalog").await?;
    if status != 200 {
        return Err(format!("the catalogue answered {status}"));
    }
    let catalog: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let teams: Vec<String> = catalog["teams"]
        .as_array()
        .map(|teams| {
            teams
                .iter()
                .filter_map(|t| t["teamId"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if teams.len() == TEAMS {
        Ok(teams)
    } else {
        Err(format!("expected {TEAMS} teams, the catalogue lists {}", teams.len()))
    }
}

/// The load generator's runtime: one worker, so on two cores the server under test
/// keeps the other.
pub(super) fn generator_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("no tokio runtime: {e}"))
}

/// What one timed run saw.
pub(super) struct Run {
    pub(super) latencies: Vec<Duration>,
    pub(super) errors: usize,
    pub(super) elapsed: Duration,
}

impl Run {
    pub(super) fn rps(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    pub(super) fn p99_ms(&mut self) -> f64 {
        self.latencies.sort_unstable();
        let index = (self.latencies.len() * 99).div_ceil(100).saturating_sub(1);
        self.latencies.get(index).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Loads `userActivity` from [`CONNECTIONS`] connections for `duration`.
async fn load(addr: SocketAddr, teams: &[String], distinct: bool, duration: Duration) -> Result<Run, String> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::with_capacity(CONNECTIONS);
    for worker in 0..CONNECTIONS {
        let teams = teams.to_vec();
        workers.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await?;
            let (mut latencies, mut errors) = (Vec::new(), 0);
            let mut n = worker;
            while Instant::now() < deadline {
                let path = user_activity(&teams[n % teams.len()], distinct.then_some(n));
                let sent = Instant::now();
                match client.get_len(&path).await {
                    Ok((200, len)) if len > 0 => latencies.push(sent.elapsed()),
                    _ => errors += 1,
                }
                n += CONNECTIONS;
            }
            Ok::<_, String>((latencies, errors))
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        errors: 0,
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, errors) = worker.await.map_err(|e| e.to_string())??;
        run.latencies.extend(latencies);
        run.errors += errors;
    }
    run.elapsed = started.elapsed();
    Ok(run)
}

/// The `userActivity` path of a team; with `n`, a `tzOffset` of its own (one of
/// 2,160 whole minutes between −18:00 and +18:00) so the proxy cannot reuse a body.
fn user_activity(team: &str, n: Option<usize>) -> String {
    let base = format!("/via/v2/organizations/demo/reporting/queries/userActivity/data?teamId={team}");
    match n {
        None => base,
        Some(n) => {
            let minutes = (n / TEAMS) % 2160;
            let (sign, minutes) = if minutes < 1080 {
                ("%2B", minutes)
            } else {
                ("-", minutes - 1080)
            };
            format!("{base}&tzOffset={sign}{:02}{:02}", minutes / 60, minutes % 60)
        }
    }
}

/// One keep-alive HTTP/1.1 connection.
pub(super) struct Client {
    sender: hyper::client::conn::http1::SendRequest<Empty<Bytes>>,
    host: String,
}

impl Client {
    pub(super) async fn connect(addr: SocketAddr) -> Result<Client, String> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        Ok(Client {
            sender,
            host: addr.to_string(),
        })
    }

    /// GETs `path`: the status and the whole body.
    pub(super) async fn get(&mut self, path: &str) -> Result<(u16, Bytes), String> {
        let response = self.send(path).await?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, body))
    }

    /// GETs `path` and reads the body without keeping it: the status and the
    /// body's length. Copying 100 kB bodies together would make the generator,
    /// not the server, the bottleneck.
    async fn get_len(&mut self, path: &str) -> Result<(u16, usize), String> {
        let response = self.send(path).await?;
        let status = response.status().as_u16();
        let mut body = response.into_body();
        let mut len = 0;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.map_err(|e| e.to_string())?.into_data() {
                len += data.len();
            }
        }
        Ok((status, len))
    }

    async fn send(&mut self, path: &str) -> Result<hyper::Response<hyper::body::Incoming>, String> {
        let request = hyper::Request::get(path)
            .header(hyper::header::HOST, &self.host)
            .body(Empty::new())
            .map_err(|e| e.to_string())?;
        self.sender.ready().await.map_err(|e| e.to_string())?;
        self.sender.send_request(request).await.map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listen_address_is_read_from_the_start_up_line() {
        let line = "2026-11-29T08:10:54Z  INFO floorview_proxy: floorview-proxy simulate is serving listen=127.0.0.1:41234 org=demo";
        assert_eq!(listen_addr(line), Some("127.0.0.1:41234".parse().unwrap()));
        assert_eq!(listen_addr("nothing here"), None);
    }

    #[test]
    fn distinct_queries_have_valid_offsets() {
        for n in [0, 5, 5399, 5400, 10_799] {
            let path = user_activity("sales_team", Some(n));
            let tz = path.rsplit("tzOffset=").next().unwrap().replace("%2B", "+");
            assert!(tz.parse::<floorview_reporting::TzOffset>().is_ok(), "{tz}");
        }
    }
}
