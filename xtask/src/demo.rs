//! `cargo xtask demo`: installs what is missing, builds the release dashboard (only
//! when its sources changed) and serves it from `floorview-proxy simulate` with a
//! simulated floor on 127.0.0.1:8080.

use std::net::TcpListener;

use crate::{run, setup};

const LISTEN: &str = "127.0.0.1:8080";

/// Runs the demo in the foreground until Ctrl-C.
pub fn run(args: &[String]) -> Result<(), String> {
    let dist = setup::dist()?;
    let proxy = setup::proxy()?;
    if TcpListener::bind(LISTEN).is_err() {
        return Err(format!(
            "{LISTEN} is in use: is a demo already running? Open http://{LISTEN}/"
        ));
    }
    let dist = dist.to_string_lossy().into_owned();
    let mut argv: Vec<&str> = vec!["simulate", "--listen", LISTEN, "--org", "demo", "--static", &dist];
    argv.extend(args.iter().map(String::as_str));
    println!("\nFloorview demo: http://{LISTEN}/  (Ctrl-C stops it)\n");
    run::status(&mut run::cmd(&proxy.to_string_lossy(), &argv))
}
