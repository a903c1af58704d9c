//! The one place simulate mode's routes and layers are put together.

use std::path::Path;

use axum::routing::get;
use axum::Router;
use tower_http::cors::CorsLayer;
use tracing::Level;

use super::endpoints;
use super::faults;
use super::state::AppState;
use crate::common::{common_layers, endpoint_routes, with_dashboard};
use crate::error::method_not_allowed;

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
    let mut api = endpoint_routes(endpoints::data_route)
        .route("/healthz", get(endpoints::healthz).fallback(method_not_allowed))
        .route(
            floorview_reporting::catalog::CATALOG_PATH,
            get(endpoints::catalog).fallback(method_not_allowed),
        );
    if let Some(cors) = options.cors {
        // Only the API is cross-origin; the dashboard and the fault controls are not.
        api = api.layer(cors);
    }
    let app = api.merge(faults::router()).with_state(state);
    // Every 5xx here is an injected fault, logged once when injected: not an ERROR
    // of the server's own.
    common_layers(with_dashboard(app, options.static_dir), Level::DEBUG)
}
