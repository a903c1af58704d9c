//! The one place upstream mode's routes and layers are put together: the five
//! endpoints (and nothing else of the API), health, metrics and, optionally, the
//! dashboard.

use std::path::Path;

use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use floorview_reporting::{Endpoint, Query};
use tower_http::cors::CorsLayer;
use tracing::Level;

use super::answer::accepts_gzip;
use super::{metrics, viewer, UpstreamState};
use crate::common::{common_layers, endpoint_routes, with_dashboard};
use crate::error::{method_not_allowed, ApiError};

/// The whole HTTP surface of `floorview-proxy upstream`. Any path but the five
/// endpoints, `/healthz`, `/metrics` (and the dashboard's files) is 404.
pub fn app(state: UpstreamState, static_dir: Option<&Path>, cors: Option<CorsLayer>) -> Router {
    let mut api =
        endpoint_routes(|endpoint| get(move |state, org, query, headers| data(endpoint, state, org, query, headers)))
            .route_layer(middleware::from_fn_with_state(state.clone(), viewer::guard));
    if let Some(cors) = cors {
        // Outside the guard: a preflight carries no viewer key and needs none.
        api = api.layer(cors);
    }
    let app = Router::new()
        .route("/healthz", get(healthz).fallback(method_not_allowed))
        .route("/metrics", get(metrics::metrics).fallback(method_not_allowed))
        .merge(api)
        .with_state(state);
    common_layers(with_dashboard(app, static_dir), Level::ERROR)
}

/// One endpoint: the organisation must be configured and the parameters valid
/// before anything reaches the cache, let alone the API.
async fn data(
    endpoint: Endpoint,
    State(state): State<UpstreamState>,
    UrlPath(org): UrlPath<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    if !state.config.allows_org(&org) {
        return ApiError::status(StatusCode::NOT_FOUND).into_response();
    }
    let params = form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes());
    let query = match Query::new(endpoint, &org, params) {
        Ok(query) => query,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let ttl = state.config.ttl(endpoint);
    let gzip = accepts_gzip(&headers);
    state.coalescer.get(query, ttl).await.respond(gzip)
}

/// `GET /healthz`: the process is up (it says nothing about the API, which the
/// dashboard reports on its own).
async fn healthz() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(serde_json::json!({ "status": "ok" })),
    )
}
