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

/// The longest piece of a request repeated in an error: a name from the request
/// is echoed so the developer sees what was wrong, not a 100 kB URL back.
const MAX_ECHO_CHARS: usize = 64;

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        let e = match e {
            ParamError::OrgId(id) => ParamError::OrgId(shortened(&id, MAX_ECHO_CHARS)),
            ParamError::Unknown(name) => ParamError::Unknown(shortened(&name, MAX_ECHO_CHARS)),
            // A reason may quote the value it refuses, after words worth keeping.
            ParamError::Invalid { name, reason } => ParamError::Invalid {
                name,
                reason: shortened(&reason, 4 * MAX_ECHO_CHARS),
            },
            other => other,
        };
        ApiError::new(StatusCode::BAD_REQUEST, e.to_string())
    }
}

/// `text` cut to `max` characters, marked with `…` when cut.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_names_are_shortened() {
        let long = "x".repeat(10_000);
        let e = ApiError::from(ParamError::Unknown(long));
        assert!(e.message.len() < 150, "{}", e.message);
        assert!(e.message.contains(&format!("{}…", "x".repeat(64))));
        let e = ApiError::from(ParamError::Unknown("teamid".into()));
        assert_eq!(e.message, "parameter teamid is not one this endpoint takes");
    }
}
