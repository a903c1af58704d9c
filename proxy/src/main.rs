//! `floorview-proxy`: see the crate documentation in `lib.rs` and `proxy/README.md`.

use std::process::ExitCode;

use clap::Parser;
use floorview_proxy::cli::Cli;

fn main() -> ExitCode {
    floorview_proxy::logging::init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!(error = %e, "could not start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(floorview_proxy::run(cli));
    // Connections held by a `hang` fault are still open: don't wait for them.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "floorview-proxy stopped");
            ExitCode::FAILURE
        }
    }
}
