//! `/__faults`: the control API tests use to switch faults on and read counters.
//! It answers only peers on loopback, so a proxy reachable from a network cannot be
//! broken by whoever finds it.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use super::spec::FaultSpec;
use crate::error::{method_not_allowed, ApiError};
use crate::state::AppState;

/// Path of the control API.
pub const FAULTS_PATH: &str = "/__faults";

/// The control API's routes, guarded by [`is_loopback`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            FAULTS_PATH,
            get(list).post(add).delete(clear).fallback(method_not_allowed),
        )
        .route(
            "/__faults/reset-counts",
            post(reset_counts).fallback(method_not_allowed),
        )
        .route_layer(middleware::from_fn(loopback_only))
}

/// Whether a peer address is this machine's own: `127.0.0.0/8`, `::1`, or an
/// IPv4-mapped `::ffff:127.x.y.z`.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    }
}

async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    match peer {
        Some(ip) if is_loopback(ip) => next.run(request).await,
        _ => {
            tracing::warn!(?peer, "refused a fault control request from off this machine");
            ApiError::new(StatusCode::FORBIDDEN, "the fault control API only answers on loopback").into_response()
        }
    }
}

async fn list(State(state): State<AppState>) -> impl IntoResponse {
    Json(state.faults.view())
}

async fn add(State(state): State<AppState>, body: Bytes) -> Result<impl IntoResponse, ApiError> {
    let spec = FaultSpec::from_json(&body).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    tracing::info!(kind = %spec.kind, endpoint = ?spec.endpoint, trigger = ?spec.trigger, "fault rule added");
    let id = state.faults.add(spec);
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

async fn clear(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    tracing::info!("fault rules cleared");
    StatusCode::NO_CONTENT
}

async fn reset_counts(State(state): State<AppState>) -> StatusCode {
    state.faults.reset_counts();
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_is_loopback() {
        for ip in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "10.0.0.1",
            "192.168.1.10",
            "0.0.0.0",
            "::",
            "::ffff:10.0.0.1",
            "fe80::1",
        ] {
            assert!(!is_loopback(ip.parse().unwrap()), "{ip}");
        }
    }
}
