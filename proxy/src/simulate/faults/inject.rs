//! Turning a fault rule into what the client sees.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::kind::FaultKind;
use super::mutate;
use super::registry::Faults;
use super::spec::FaultSpec;
use crate::error::ApiError;
use crate::server::ConnectionAbort;
use crate::simulate::endpoints::json_response;

/// The body of the `502-html` fault: what a load balancer in trouble sends.
const BAD_GATEWAY_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n\
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

/// Applies the part of a fault that comes before the real answer. `Some` is the
/// response to send instead; `None` means answer normally (then [`after`]).
pub async fn before(spec: &FaultSpec, faults: &Faults, abort: Option<ConnectionAbort>) -> Option<Response> {
    let status = |code| Some(with_retry_after(ApiError::status(code).into_response(), spec));
    match spec.kind {
        FaultKind::Unauthorized => status(StatusCode::UNAUTHORIZED),
        FaultKind::Forbidden => status(StatusCode::FORBIDDEN),
        FaultKind::NotFound => status(StatusCode::NOT_FOUND),
        FaultKind::RequestTimeout => status(StatusCode::REQUEST_TIMEOUT),
        FaultKind::TooManyRequests => status(StatusCode::TOO_MANY_REQUESTS),
        FaultKind::InternalError => status(StatusCode::INTERNAL_SERVER_ERROR),
        FaultKind::Unavailable => status(StatusCode::SERVICE_UNAVAILABLE),
        FaultKind::BadGatewayHtml => Some(
            (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                BAD_GATEWAY_PAGE,
            )
                .into_response(),
        ),
        FaultKind::Malformed => Some(json_response(Bytes::from_static(mutate::MALFORMED.as_bytes()))),
        FaultKind::Delay => {
            tokio::time::sleep(Duration::from_millis(spec.delay_ms)).await;
            None
        }
        FaultKind::Hang => {
            let _hanging = faults.hanging();
            std::future::pending().await
        }
        FaultKind::Reset => Some(reset(abort).await),
        FaultKind::Truncated
        | FaultKind::WrongTypes
        | FaultKind::UnknownEnums
        | FaultKind::HtmlNames
        | FaultKind::Huge => None,
    }
}

/// Applies a payload-rewriting fault to the real body.
pub fn after(spec: &FaultSpec, body: Bytes) -> Response {
    if spec.kind == FaultKind::Truncated {
        return json_response(Bytes::from(mutate::truncated(&body)));
    }
    let rewrite = match spec.kind {
        FaultKind::WrongTypes => mutate::wrong_types,
        FaultKind::UnknownEnums => mutate::unknown_enums,
        FaultKind::HtmlNames => mutate::html_names,
        FaultKind::Huge => mutate::huge,
        _ => return json_response(body),
    };
    match serde_json::from_slice(&body)
        .map(rewrite)
        .map(|v| serde_json::to_vec(&v))
    {
        Ok(Ok(rewritten)) => json_response(Bytes::from(rewritten)),
        // Only our own serialised payloads come here, so this does not happen; if it
        // ever did, the honest answer is the unmodified body.
        _ => json_response(body),
    }
}

/// Drops the connection without a response. Served by [`crate::server`], the
/// connection is aborted with a TCP reset; elsewhere (in-process tests) the body
/// fails, which hyper also turns into a dropped connection.
async fn reset(abort: Option<ConnectionAbort>) -> Response {
    if let Some(abort) = abort {
        abort.trigger();
        // The connection is being torn down; this future is dropped with it.
        return std::future::pending().await;
    }
    let failing = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset fault"))
    });
    Response::new(Body::from_stream(failing))
}

fn with_retry_after(mut response: Response, spec: &FaultSpec) -> Response {
    let throttles = matches!(spec.kind, FaultKind::TooManyRequests | FaultKind::Unavailable);
    if let (true, Some(value)) = (throttles, spec.retry_after.as_deref()) {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}
