//! What both modes' routers share, so `simulate` and `upstream` differ only where
//! they really do: the five endpoints at their real paths, the dashboard (or a 404)
//! for every other path, and the layers around everything.

use std::path::Path;

use axum::middleware;
use axum::routing::MethodRouter;
use axum::Router;
use floorview_reporting::endpoint::{PATH_PREFIX, PATH_REPORTING};
use floorview_reporting::Endpoint;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

use crate::error::{method_not_allowed, not_found};
use crate::{headers, statics};

/// The real path of `endpoint`, with the organisation as the path parameter `org`.
pub fn endpoint_path(endpoint: Endpoint) -> String {
    format!("{PATH_PREFIX}{{org}}{PATH_REPORTING}{}", endpoint.path_suffix())
}

/// Each of the five endpoints at its path, answered by `route(endpoint)`; any
/// other method is 405.
pub fn endpoint_routes<S>(route: impl Fn(Endpoint) -> MethodRouter<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Endpoint::ALL.into_iter().fold(Router::new(), |api, endpoint| {
        api.route(&endpoint_path(endpoint), route(endpoint).fallback(method_not_allowed))
    })
}

/// The built dashboard for every path `app` does not answer, or a 404 without one.
pub fn with_dashboard(app: Router, static_dir: Option<&Path>) -> Router {
    match static_dir {
        Some(dir) => app.merge(statics::router(dir)),
        None => app.fallback(not_found),
    }
}

/// Compression, `Date`, `nosniff` and request tracing around `app`; a failed
/// request is logged at `failures` (simulate's 5xx are injected faults, logged when
/// injected, so they are DEBUG there).
pub fn common_layers(app: Router, failures: Level) -> Router {
    app.layer(CompressionLayer::new())
        .layer(middleware::from_fn(headers::date))
        .layer(middleware::from_fn(headers::nosniff))
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(failures)))
}
