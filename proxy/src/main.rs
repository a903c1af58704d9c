//! `floorview-proxy`: see the crate documentation in `lib.rs` and `proxy/README.md`.

use std::process::ExitCode;

use clap::Parser;
use floorview_proxy::cli::Cli;

fn main() -> ExitCode {
    return_large_blocks_to_the_system();
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

/// Cached answers are megabytes each and are evicted all the time. glibc raises its
/// mmap threshold after the first such block is freed and serves the next ones from
/// its heaps, where an evicted answer's memory can stay resident for good (the
/// cache's byte budget would then not bound the process). A fixed 1 MiB threshold
/// keeps every large block mmapped, so freeing it gives it back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only tunes the allocator; called before any other thread exists.
    let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
    if set == 0 {
        eprintln!("floorview-proxy: could not set the allocator's mmap threshold");
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_system() {}
