//! Floorview's proxy. `simulate` serves the five Alvaria Reporting API endpoints
//! from `floorview-reporting`'s simulator, the discovery catalogue, health, a
//! loopback-only fault injection API for tests, and optionally the built dashboard.
//! See `proxy/README.md` for the command line and the control API.

pub mod cli;
pub mod error;
pub mod faults;
pub mod floor;
pub mod headers;
pub mod logging;
pub mod reporting;
pub mod routes;
pub mod server;
pub mod state;
pub mod statics;
pub mod upstream;

use std::sync::Arc;

use floorview_reporting::{Endpoint, ParamError, Query};
use tokio::net::TcpListener;

use crate::cli::{Cli, Command, SimulateArgs};
use crate::faults::Faults;
use crate::floor::Floor;
use crate::routes::{app, RouterOptions};
use crate::state::AppState;

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
        Command::Simulate(args) => simulate(args).await,
        Command::Upstream(args) => Ok(upstream::run(args, shutdown_signal()).await?),
    }
}

/// Everything `simulate` serves, checked and built, ready to put on a listener.
pub async fn build(args: &SimulateArgs) -> Result<(axum::Router, AppState), StartError> {
    // The org id is validated like any request's, so a bad one fails now, not per request.
    Query::new(Endpoint::PresenceUsers, &args.org, [("state", "LoggedOn")]).map_err(StartError::Org)?;
    if let Some(dir) = &args.static_dir {
        if !dir.is_dir() {
            return Err(StartError::Static(dir.display().to_string()));
        }
    }
    let cors = headers::cors(&args.allow_origin)?;
    let (config, speed) = (args.sim_config(), args.speed);
    // The warm-up simulates 15 minutes: CPU work, off the async workers.
    let floor = tokio::task::spawn_blocking(move || Floor::new(config, speed)).await??;
    let state = AppState {
        floor: Arc::new(floor),
        org: args.org.as_str().into(),
        faults: Arc::new(Faults::with_rules(args.fault.iter().cloned())),
    };
    let router = app(
        state.clone(),
        RouterOptions {
            static_dir: args.static_dir.as_deref(),
            cors,
        },
    );
    Ok((router, state))
}

async fn simulate(args: SimulateArgs) -> Result<(), StartError> {
    let (router, state) = build(&args).await?;
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|source| StartError::Listen {
            addr: args.listen,
            source,
        })?;
    let ticker = tokio::spawn(floor::tick_forever(state.floor.clone()));
    let catalog = state.floor.catalog();
    tracing::info!(
        listen = %listener.local_addr().unwrap_or(args.listen),
        org = %args.org,
        teams = catalog.teams.len(),
        agents = args.teams * args.agents_per_team,
        speed = args.speed,
        static_dir = ?args.static_dir,
        faults = args.fault.len(),
        "floorview-proxy simulate is serving"
    );
    server::serve_with(listener, router, args.server_limits(), shutdown_signal()).await;
    ticker.abort();
    tracing::info!("stopped");
    Ok(())
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
