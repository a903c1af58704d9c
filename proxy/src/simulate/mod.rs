//! `floorview-proxy simulate`: the five endpoints answered from the simulator (the
//! demo and the test back end), with loopback-only fault injection. Laid out as
//! `upstream/` is: this file builds and runs it, `routes.rs` puts the router
//! together, `endpoints.rs` answers, `state.rs` is what the handlers share.

pub mod endpoints;
pub mod faults;
pub mod floor;
pub mod routes;
pub mod state;

use std::future::Future;
use std::sync::Arc;

use floorview_reporting::{Endpoint, Query};
use tokio::net::TcpListener;

use self::faults::Faults;
use self::floor::Floor;
use self::routes::{app, RouterOptions};
pub use self::state::AppState;
use crate::cli::SimulateArgs;
use crate::{headers, server, StartError};

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

/// Serves the simulated floor until `shutdown` completes.
pub async fn run(args: SimulateArgs, shutdown: impl Future<Output = ()>) -> Result<(), StartError> {
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
    server::serve_with(listener, router, args.server_limits(), shutdown).await;
    ticker.abort();
    tracing::info!("stopped");
    Ok(())
}
