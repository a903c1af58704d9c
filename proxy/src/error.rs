//! Errors answered with the spec's `ErrorResponse` body, `{"error": "..."}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use floorview_reporting::{ErrorResponse, ParamError};

/// An HTTP error status with the message the client reads in `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// An error with a message of its own.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// An error whose message is the status's reason phrase, e.g. "Unauthorized".
    pub fn status(status: StatusCode) -> Self {
        ApiError::new(status, status.canonical_reason().unwrap_or("Error"))
    }

    /// 404 for an id the organisation does not have.
    pub fn not_found(what: &str, id: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, format!("{what} \"{id}\" was not found"))
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorResponse {
            error: Some(self.message),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}

/// The fallback of every GET-only route: 405 with an `ErrorResponse` body.
pub async fn method_not_allowed() -> ApiError {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED)
}

/// The router's fallback when no dashboard is served: 404 with an `ErrorResponse`.
pub async fn not_found() -> ApiError {
    ApiError::status(StatusCode::NOT_FOUND)
}
