//! The five Reporting API endpoints, the catalogue and health, answered from the
//! simulator.

use std::time::SystemTime;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Extension, Json};
use bytes::Bytes;
use floorview_reporting::{Endpoint, Query};

use crate::error::ApiError;
use crate::server::ConnectionAbort;
use crate::simulate::faults::inject;
use crate::simulate::state::AppState;

/// The GET route of one endpoint, answered from the simulator.
pub fn data_route(endpoint: Endpoint) -> MethodRouter<AppState> {
    get(move |state, org, query, abort| data(endpoint, state, org, query, abort))
}

/// A 200 JSON body that must not be cached: it is a snapshot of one second.
pub fn json_response(body: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

async fn data(
    endpoint: Endpoint,
    State(state): State<AppState>,
    Path(org): Path<String>,
    RawQuery(query): RawQuery,
    abort: Option<Extension<ConnectionAbort>>,
) -> Response {
    let mut response = answer_or_fault(endpoint, &state, &org, query.as_deref(), abort).await;
    // The dashboard corrects absolute timestamps for clock skew with `Date`, so it
    // must be the clock the payloads were written by: the simulated one, which at
    // `--speed` other than 1 is not wall time.
    let now = SystemTime::from(state.floor.clock_now());
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response.headers_mut().insert(header::DATE, date);
    }
    response
}

async fn answer_or_fault(
    endpoint: Endpoint,
    state: &AppState,
    org: &str,
    query: Option<&str>,
    abort: Option<Extension<ConnectionAbort>>,
) -> Response {
    let fault = state.faults.on_request(endpoint);
    if let Some(spec) = &fault {
        tracing::info!(%endpoint, kind = %spec.kind, "injecting a fault");
        if let Some(response) = inject::before(spec, &state.faults, abort.map(|Extension(a)| a)).await {
            return response;
        }
    }
    match (answer(endpoint, state, org, query), fault) {
        (Ok(body), Some(spec)) if spec.kind.rewrites_payload() => inject::after(&spec, body),
        (Ok(body), _) => json_response(body),
        (Err(e), _) => e.into_response(),
    }
}

/// The real answer: the organisation, then the parameters, then the id they name.
fn answer(endpoint: Endpoint, state: &AppState, org: &str, raw_query: Option<&str>) -> Result<Bytes, ApiError> {
    if org != &*state.org {
        return Err(ApiError::not_found("organisation", org));
    }
    let params = form_urlencoded::parse(raw_query.unwrap_or_default().as_bytes());
    let query = Query::new(endpoint, org, params)?;
    state.floor.body(&query).ok_or_else(|| unknown_id(&query))
}

fn unknown_id(query: &Query) -> ApiError {
    let (what, name) = match query.endpoint() {
        Endpoint::TeamActivity | Endpoint::UserActivity => ("team", "teamId"),
        Endpoint::ChannelActivity | Endpoint::PresenceUsers => ("work type", "workTypeId"),
        Endpoint::ListActivity => ("contact list", "contactList"),
    };
    ApiError::not_found(what, query.param(name).unwrap_or_default())
}

/// `GET` of the discovery catalogue: the floor's teams, work types and lists.
pub async fn catalog(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
        Json(state.floor.catalog()),
    )
}

/// `GET /healthz`: up, and the simulated time it has reached.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let now = state.floor.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(serde_json::json!({ "status": "ok", "simulatedNow": now })),
    )
}
