//! Floorview's proxy, two modes side by side: `simulate/` serves the five Alvaria
//! Reporting API endpoints from `floorview-reporting`'s simulator, the discovery
//! catalogue, health and a loopback-only fault injection API for tests; `upstream/`
//! forwards them to the real API with its credentials. Both build their routers from
//! `common.rs` and optionally serve the built dashboard. See `proxy/README.md` for the
//! command line and the control API.

pub mod cli;
pub mod common;
pub mod error;
pub mod headers;
pub mod logging;
pub mod server;
pub mod simulate;
pub mod statics;
pub mod upstream;

use floorview_reporting::ParamError;

use crate::cli::{Cli, Command};

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the simulation cannot run: {0}")]
    Sim(#[from] floorview_reporting::sim::SimConfigError),
    #[error("--org: {0}")]
    Org(ParamError),
    #[error(transparent)]
    Origin(#[from] headers::BadOrigin),
    #[error("--static {0}: not a directory")]
    Static(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the simulator could not start: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Upstream(#[from] upstream::UpstreamError),
}

/// Runs the command until SIGINT or SIGTERM.
pub async fn run(cli: Cli) -> Result<(), StartError> {
    match cli.command {
        Command::Simulate(args) => simulate::run(args, shutdown_signal()).await,
        Command::Upstream(args) => Ok(upstream::run(args, shutdown_signal()).await?),
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received"),
        () = terminate => tracing::info!("SIGTERM received"),
    }
}
