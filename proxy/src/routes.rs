//! The one place the proxy's routes and layers are put together.

use std::path::Path;

use axum::middleware;
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

use crate::error::{method_not_allowed, not_found};
use crate::state::AppState;
use crate::{faults, headers, reporting, statics};

/// Options that shape the router rather than the state.
#[derive(Debug, Clone, Default)]
pub struct RouterOptions<'a> {
    /// The built dashboard, served at `/` when given.
    pub static_dir: Option<&'a Path>,
    /// CORS for cross-origin dashboards; none means same origin only.
    pub cors: Option<CorsLayer>,
}

/// The whole HTTP surface: the five endpoints, the catalogue, health, the fault
/// control API and, optionally, the dashboard.
pub fn app(state: AppState, options: RouterOptions<'_>) -> Router {
    let mut api = Router::new().route("/healthz", get(reporting::healthz).fallback(method_not_allowed));
    for (path, route) in reporting::routes() {
        api = api.route(&path, route);
    }
    if let Some(cors) = options.cors {
        // Only the API is cross-origin; the dashboard and the fault controls are not.
        api = api.layer(cors);
    }
    let mut app = api.merge(faults::router()).with_state(state);
    app = match options.static_dir {
        Some(dir) => app.merge(statics::router(dir)),
        None => app.fallback(not_found),
    };
    app.layer(CompressionLayer::new())
        .layer(middleware::from_fn(headers::date))
        .layer(middleware::from_fn(headers::nosniff))
        // Every 5xx here is an injected fault, logged once when injected: not an
        // ERROR of the server's own.
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::DEBUG)))
}
