//! `/__faults`: the control API tests use to switch faults on and read counters.
//! It answers only peers on loopback, so a proxy reachable from a network cannot be
//! broken by whoever finds it; and, since a loopback peer may be a reverse proxy or
//! a browser on this machine visiting a hostile page, only requests with a loopback
//! `Host` (no DNS rebinding), no `X-Forwarded-*`/`Forwarded` header (nothing relayed)
//! and, for POST, a JSON body (no cross-site form or `text/plain` CSRF).

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use super::spec::FaultSpec;
use crate::error::{method_not_allowed, ApiError};
use crate::simulate::state::AppState;

/// Path of the control API.
pub const FAULTS_PATH: &str = "/__faults";

/// The control API's routes, guarded by [`is_loopback`] and [`refusal`].
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

/// Whether a `Host` (or `:authority`) names this machine: `localhost`, a loopback
/// address, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse().is_ok_and(is_loopback)
}

/// Why a control request is refused, if it is.
pub fn refusal(
    peer: Option<IpAddr>,
    method: &Method,
    headers: &HeaderMap,
    authority: Option<&str>,
) -> Option<ApiError> {
    let forbidden = |why: &str| Some(ApiError::new(StatusCode::FORBIDDEN, why));
    if !peer.is_some_and(is_loopback) {
        return forbidden("the fault control API only answers on loopback");
    }
    let relayed = headers
        .keys()
        .any(|name| name.as_str().starts_with("x-forwarded-") || name == header::FORWARDED);
    if relayed {
        return forbidden("the fault control API does not answer relayed requests");
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).or(authority);
    if !host.is_some_and(is_loopback_host) {
        return forbidden("the fault control API only answers requests for a loopback host");
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if method == Method::POST && !json {
        return Some(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the fault control API takes Content-Type: application/json",
        ));
    }
    None
}

async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    match refusal(
        peer,
        request.method(),
        request.headers(),
        request.uri().authority().map(axum::http::uri::Authority::as_str),
    ) {
        None => next.run(request).await,
        Some(e) => {
            tracing::warn!(?peer, reason = %e.message, "refused a fault control request");
            e.into_response()
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

    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        for host in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:41234",
            "[::1]:80",
            "[::1]",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "attacker.example",
            "attacker.example:8080",
            "10.0.0.1",
            "localhost.attacker.example",
            "[fe80::1]:80",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
