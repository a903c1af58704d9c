//! `bench cluster`: what three `floorview-proxy upstream` replicas sharing one real
//! `redis-server` cost the Reporting API, and whether killing Redis fails requests.
//!
//! `bench proxy`'s fake API (50 ms per answer) and load generator; 300 clients,
//! spread over the replicas, poll the same five sources back to back. Three windows
//! of 30 s: one replica (the cost to keep to), three replicas (upstream calls per
//! query, token requests since they started, throughput, p99), then three replicas
//! with Redis killed (SIGKILL) a third of the way in and restarted two thirds in
//! (failed requests). Each replica set gets its own key prefix, so nothing cached
//! by one is found by the next.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::proxy::{poll, window, Fake, Proxy, SOURCES};
use super::Figures;
use crate::{run, setup};

const CLIENTS: usize = 300;

pub fn measure() -> Result<Figures, String> {
    setup::redis()?;
    let binary = setup::proxy()?;
    let runtime = super::sim::generator_runtime()?;
    let window = window();
    let mut redis = Redis::start()?;
    let url = redis.url();
    runtime.block_on(async {
        let fake = Fake::start().await?;
        let per_query = |calls: usize| calls as f64 / SOURCES.len() as f64;
        let mut figures = Figures::new();

        let r1 = replicas(&binary, &fake, &url, 1, "r1")?;
        poll(&addrs(&r1), 10, Duration::from_secs(1)).await?;
        let before = fake.api_calls();
        let run = poll(&addrs(&r1), CLIENTS, window).await?;
        figures.push((
            "cluster_upstream_per_query_r1".into(),
            per_query(fake.api_calls() - before),
        ));
        figures.push(("cluster_errors_r1".into(), run.errors as f64));
        drop(r1);

        let tokens_before = fake.token_calls.load(Ordering::SeqCst);
        let r3 = replicas(&binary, &fake, &url, 3, "r3")?;
        poll(&addrs(&r3), 10, Duration::from_secs(1)).await?;
        let before = fake.api_calls();
        let mut run = poll(&addrs(&r3), CLIENTS, window).await?;
        figures.push((
            "cluster_upstream_per_query_r3".into(),
            per_query(fake.api_calls() - before),
        ));
        figures.push((
            "cluster_token_requests".into(),
            (fake.token_calls.load(Ordering::SeqCst) - tokens_before) as f64,
        ));
        figures.push(("cluster_rps_r3".into(), run.rps().round()));
        figures.push(("cluster_p99_ms_r3".into(), (run.p99_ms() * 1000.0).round() / 1000.0));
        figures.push(("cluster_errors_r3".into(), run.errors as f64));

        // The load generator has one worker thread: Redis is killed and restarted
        // from a thread of its own, so the clients never wait on it.
        let outage = std::thread::spawn(move || {
            std::thread::sleep(window / 3);
            redis.kill();
            std::thread::sleep(window / 3);
            redis.restart().map(|()| redis)
        });
        let before = fake.api_calls();
        let run = poll(&addrs(&r3), CLIENTS, window).await?;
        let _redis = outage.join().map_err(|_| "the Redis killer panicked".to_owned())??;
        figures.push(("cluster_failed_requests_redis_killed".into(), run.errors as f64));
        figures.push(("cluster_requests_redis_killed".into(), run.latencies.len() as f64));
        figures.push((
            "cluster_upstream_per_query_redis_killed".into(),
            per_query(fake.api_calls() - before),
        ));
        figures.push(("cluster_window_s".into(), window.as_secs_f64()));
        Ok(figures)
    })
}

/// `n` replicas sharing Redis under the key prefix `name`.
fn replicas(binary: &Path, fake: &Fake, url: &str, n: usize, name: &str) -> Result<Vec<Proxy>, String> {
    let cluster = format!("[cluster]\nredis_url = \"{url}\"\nkey_prefix = \"bench-{name}\"\n");
    (0..n)
        .map(|i| Proxy::start(binary, fake.addr, &format!("cluster-{name}-{i}"), &cluster))
        .collect()
}

fn addrs(replicas: &[Proxy]) -> Vec<SocketAddr> {
    replicas.iter().map(|p| p.addr).collect()
}

/// A `redis-server` on a free loopback port, without persistence, in a directory of
/// its own under `target/bench`; killed when dropped.
struct Redis {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Redis {
    fn start() -> Result<Redis, String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let dir = run::root().join(format!("target/bench/redis-{port}"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut redis = Redis { port, dir, child: None };
        redis.restart()?;
        Ok(redis)
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn restart(&mut self) -> Result<(), String> {
        self.kill();
        let child = Command::new(setup::REDIS_SERVER)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(&self.dir)
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", setup::REDIS_SERVER))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ping(self.port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "redis-server on port {} did not answer PING within 10 s",
            self.port
        ))
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ping(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut reply = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok() && stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}
