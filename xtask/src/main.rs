//! `cargo xtask …`: the project's set-up, demo, tests and benchmarks, in Rust so they
//! run the same on every machine (the matklad `xtask` pattern).

mod bench;
mod container;
mod demo;
mod lint;
mod precompress;
mod run;
mod setup;
mod test;
mod test_layers;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup             install what building and testing need (wasm target, trunk, wasm-bindgen, wasm-opt, chromium, redis-server)
  dist              build the dashboard's static files into dist/ (its two pages, compressed copies)
  demo              install what is missing, build the dashboard, serve it with a simulated floor on :8080
  test              install what is missing, then run every test layer
  bench [GROUP...]  measure the product (groups: see `cargo xtask bench --list`)
  container         build the proxy's image (Containerfile, static musl binary) with podman and check /healthz";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(&args[1..]),
        Some("dist") => setup::dist().map(|dist| println!("{}", dist.display())),
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("container") => container::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
