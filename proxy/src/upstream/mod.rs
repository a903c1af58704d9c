//! `floorview-proxy upstream`: the gateway between the dashboards and the Alvaria
//! Reporting API. It holds the secrets, forwards only the five endpoints with
//! validated parameters, and answers identical requests from one upstream call.
//! See `docs/deploy.md` for the config file and how to run it.

pub mod answer;
pub mod cluster;
pub mod coalesce;
pub mod config;
pub mod forward;
pub mod metrics;
pub mod routes;
pub mod secrets;
pub mod token;
pub mod viewer;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use clap::Args;
use tokio::net::TcpListener;

use self::cluster::config::ClusterConfigError;
use self::cluster::Cluster;
use self::coalesce::{CoalesceConfig, Coalescer};
use self::config::{ConfigError, UpstreamConfig};
use self::forward::Upstream;
use self::metrics::Metrics;
use self::secrets::{SecretError, Secrets};
use self::token::TokenSource;
use self::viewer::Viewers;
use crate::headers::{self, BadOrigin};
use crate::server;

/// Options of `floorview-proxy upstream`. Secrets are deliberately not among them.
#[derive(Debug, Clone, Args)]
pub struct UpstreamArgs {
    /// The config file (TOML); see docs/deploy.md.
    #[arg(
        long,
        env = "FLOORVIEW_CONFIG",
        value_name = "FILE",
        default_value = "floorview-proxy.toml"
    )]
    pub config: PathBuf,

    /// Address to listen on, instead of the config's `listen`.
    #[arg(long, env = "FLOORVIEW_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// Directory of the built dashboard (`dist/`) to serve at `/`, instead of the
    /// config's `static_dir`.
    #[arg(long = "static", env = "FLOORVIEW_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
}

/// Why upstream mode could not start.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("secrets: {0}")]
    Secret(#[from] SecretError),
    #[error("allowed_origins: {0}")]
    Origin(#[from] BadOrigin),
    #[error("static_dir {0}: not a directory")]
    Static(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    #[error(transparent)]
    Cluster(#[from] ClusterConfigError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("secrets.viewer_keys: {0}")]
    ViewerKeys(#[from] viewer::ViewerKeyError),
    #[error("allowed_origins = [\"*\"] without viewer keys would let any web page read the data: set secrets.viewer_keys, or list the dashboards' origins")]
    OpenToAnyOrigin,
}

/// What every upstream-mode handler shares.
#[derive(Clone)]
pub struct UpstreamState {
    pub config: Arc<UpstreamConfig>,
    pub coalescer: Arc<Coalescer>,
    pub viewers: Arc<Viewers>,
    pub metrics: Arc<Metrics>,
}

/// Checks `config`, builds the clients, and returns the router and its state.
pub fn build(config: UpstreamConfig, secrets: Secrets) -> Result<(Router, UpstreamState), UpstreamError> {
    config.validate()?;
    if secrets.viewer_keys.is_empty() && config.allowed_origins.iter().any(|o| o.trim() == "*") {
        return Err(UpstreamError::OpenToAnyOrigin);
    }
    if let Some(dir) = &config.static_dir {
        if !dir.is_dir() {
            return Err(UpstreamError::Static(dir.display().to_string()));
        }
    }
    let cors = headers::cors(&config.allowed_origins)?;
    let config = Arc::new(config);
    let metrics = Arc::new(Metrics::default());
    let http = reqwest::Client::builder()
        // A redirect would carry the x-api-key to wherever the API pointed.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_millis(config.limits.upstream_timeout_ms.min(5_000)))
        .user_agent(concat!("floorview-proxy/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| UpstreamError::Client(e.to_string()))?;
    let cluster = Cluster::new(&config, &secrets.client_id, metrics.clone())?;
    if let Some(cluster) = &cluster {
        cluster.check();
    }
    let tokens = TokenSource::new(
        http.clone(),
        config.token_endpoint()?,
        config.token_auth,
        secrets.client_id,
        secrets.client_secret,
        Duration::from_millis(config.limits.token_timeout_ms),
        metrics.clone(),
    )
    .with_cluster(cluster.clone());
    let upstream = Arc::new(Upstream::new(
        http,
        config.clone(),
        tokens,
        secrets.api_key,
        metrics.clone(),
    ));
    let coalescer = Coalescer::new(
        upstream,
        CoalesceConfig {
            stale: Duration::from_millis(config.cache.stale_ms),
            max_entries: config.cache.max_entries.max(1),
            max_bytes: config.cache.max_bytes,
            max_backoff: Duration::from_millis(config.limits.max_backoff_ms),
        },
        metrics.clone(),
        cluster,
    );
    let limits = &config.limits;
    let viewers = Arc::new(Viewers::new(
        secrets.viewer_keys,
        &config.organizations,
        limits.client_rate_per_second,
        limits.client_burst,
        config.trusted_proxies()?,
    )?);
    let state = UpstreamState {
        config: config.clone(),
        coalescer,
        viewers,
        metrics,
    };
    let router = routes::app(state.clone(), config.static_dir.as_deref(), cors);
    Ok((router, state))
}

/// Reads the config and the secrets, then serves until `shutdown` completes.
pub async fn run(args: UpstreamArgs, shutdown: impl Future<Output = ()>) -> Result<(), UpstreamError> {
    let mut config = UpstreamConfig::from_file(&args.config)?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if args.static_dir.is_some() {
        config.static_dir = args.static_dir;
    }
    let secrets = Secrets::load(&config.secrets)?;
    let viewer_keys = secrets.viewer_keys.len();
    let listen = config.listen;
    let (router, state) = build(config, secrets)?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|source| UpstreamError::Listen { addr: listen, source })?;
    let bound = listener.local_addr().unwrap_or(listen);
    if let Some(warning) = exposure_warning(bound, viewer_keys) {
        tracing::warn!(listen = %bound, "{warning}");
    }
    tracing::info!(
        listen = %bound,
        organizations = ?state.config.organizations,
        allowed_origins = ?state.config.allowed_origins,
        viewer_keys,
        static_dir = ?state.config.static_dir,
        "floorview-proxy upstream is serving"
    );
    server::serve_with(listener, router, state.config.server_limits(), shutdown).await;
    tracing::info!("stopped");
    Ok(())
}

/// What to say when the proxy listens beyond this machine with no viewer keys:
/// anyone who can reach it reads the organisations' data.
pub fn exposure_warning(listen: SocketAddr, viewer_keys: usize) -> Option<&'static str> {
    (viewer_keys == 0 && !listen.ip().is_loopback()).then_some(
        "NO VIEWER KEYS and listening off loopback: anyone who can reach this address reads \
         the organisations' data. Set secrets.viewer_keys, or listen on 127.0.0.1 behind the reverse proxy",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_off_loopback_without_keys_is_warned_about() {
        let at = |addr: &str| addr.parse::<SocketAddr>().unwrap();
        assert!(exposure_warning(at("0.0.0.0:8080"), 0).is_some());
        assert!(exposure_warning(at("[::]:8080"), 0).is_some());
        assert!(exposure_warning(at("192.168.1.5:8080"), 0).is_some());
        assert!(exposure_warning(at("127.0.0.1:8080"), 0).is_none());
        assert!(exposure_warning(at("[::1]:8080"), 0).is_none());
        assert!(exposure_warning(at("0.0.0.0:8080"), 3).is_none());
    }
}
