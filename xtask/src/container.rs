//! `cargo xtask container`: the proxy as a static musl binary, the `Containerfile`
//! image built with Debian's podman, run read-only as non-root, and `/healthz` asked
//! through a loopback port. Not part of `cargo xtask test`: the musl release build
//! alone takes minutes.
//!
//! Installs Debian's podman, runc and musl-tools when root (else names the apt-get
//! line). Podman on these machines needs `runc` (crun fails on rlimits and hybrid cgroups),
//! the cgroupfs manager, and a containers.conf without default ulimits.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{run, setup};

const MUSL: &str = "x86_64-unknown-linux-musl";
const IMAGE: &str = "localhost/floorview-proxy:xtask";
const NAME: &str = "floorview-proxy-xtask";

pub fn run(_args: &[String]) -> Result<(), String> {
    setup::container_tools()?;
    run::status(&mut setup::cmd("rustup", &["target", "add", MUSL]))?;
    println!("container: building the static proxy ({MUSL}, release)");
    run::status(
        setup::cmd(
            "cargo",
            &["build", "--release", "-p", "floorview-proxy", "--target", MUSL],
        )
        // ring compiles C: for musl, with Debian's musl-gcc.
        .env("CC_x86_64_unknown_linux_musl", "musl-gcc"),
    )?;
    let dir = run::root().join("target/container");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let conf = dir.join("containers.conf");
    write(&conf, "[containers]\ndefault_ulimits = []\n")?;
    // Upstream mode needs a config; nothing is asked of the API to answer /healthz.
    let config = dir.join("floorview-proxy.toml");
    write(
        &config,
        "organizations = [\"demo\"]\nupstream_url = \"http://127.0.0.1:9\"\ntoken_url = \"http://127.0.0.1:9/token\"\n",
    )?;
    println!("container: podman build -f Containerfile -t {IMAGE} .");
    run::status(&mut podman(&conf, &["build", "-f", "Containerfile", "-t", IMAGE, "."]))?;
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let publish = format!("127.0.0.1:{port}:8080");
    let mount = format!("{}:/etc/floorview/floorview-proxy.toml:ro", config.display());
    let _ = podman(&conf, &["rm", "-f", NAME]).output();
    run::status(&mut podman(
        &conf,
        &[
            "run",
            "-d",
            "--name",
            NAME,
            "--read-only",
            "--cap-drop",
            "ALL",
            "-p",
            &publish,
            "-v",
            &mount,
            "-e",
            "FLOORVIEW_CLIENT_ID=container-test",
            "-e",
            "FLOORVIEW_CLIENT_SECRET=container-test",
            "-e",
            "FLOORVIEW_API_KEY=container-test",
            IMAGE,
        ],
    ))?;
    let outcome = healthz(port);
    let logs = podman(&conf, &["logs", NAME]).output();
    let user = podman(&conf, &["inspect", "--format", "{{.Config.User}}", NAME]).output();
    let _ = podman(&conf, &["rm", "-f", NAME]).output();
    match outcome {
        Ok(body) => {
            let user = user
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default();
            println!("container: /healthz answered {body} (user {user}, read-only root)");
            Ok(())
        }
        Err(e) => {
            if let Ok(logs) = logs {
                eprintln!("{}", String::from_utf8_lossy(&logs.stderr));
            }
            Err(e)
        }
    }
}

fn podman(conf: &Path, args: &[&str]) -> std::process::Command {
    let mut command = setup::cmd("podman", &["--cgroup-manager=cgroupfs", "--runtime", "runc"]);
    command.args(args).env("CONTAINERS_CONF", conf);
    command
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The body of `GET /healthz` once it is 200, within 20 s.
fn healthz(port: u16) -> Result<String, String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::from("no answer");
    while Instant::now() < deadline {
        match get(addr) {
            Ok(reply) if reply.starts_with("HTTP/1.1 200") => {
                return Ok(reply.rsplit("\r\n\r\n").next().unwrap_or_default().to_owned());
            }
            Ok(reply) => reply.lines().next().unwrap_or_default().clone_into(&mut last),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the container's /healthz did not answer 200 within 20 s ({last})"
    ))
}

fn get(addr: SocketAddr) -> Result<String, String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).map_err(|e| e.to_string())?;
    Ok(reply)
}
