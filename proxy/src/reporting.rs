//! The five Reporting API endpoints, answered from the simulator.

use std::time::SystemTime;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Extension, Json};
use bytes::Bytes;
use floorview_reporting::catalog::CATALOG_PATH;
use floorview_reporting::endpoint::{PATH_PREFIX, PATH_REPORTING};
use floorview_reporting::{Endpoint, Query};

use crate::error::{method_not_allowed, ApiError};
use crate::faults::inject;
use crate::server::ConnectionAbort;
use crate::state::AppState;

/// `(path, route)` of each endpoint, with the organisation as a path parameter.
pub fn routes() -> impl Iterator<Item = (String, MethodRouter<AppState>)> {
    let data = Endpoint::ALL.into_iter().map(|endpoint| {
        let path = format!("{PATH_PREFIX}{{org}}{PATH_REPORTING}{}", endpoint.path_suffix());
        let handler = move |state, org, query, abort| data(endpoint, state, org, query, abort);
        (path, get(handler).fallback(method_not_allowed))
    });
    data.chain([(CATALOG_PATH.to_owned(), get(catalog).fallback(method_not_allowed))])
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

async fn catalog(State(state): State<AppState>) -> impl IntoResponse {
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
