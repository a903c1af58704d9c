//! What the dashboards are sent: the API's answer (or the proxy's error in its
//! place), shared by every client that asks within its TTL, and gzipped once for
//! all of them rather than once per response.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use flate2::write::GzEncoder;
use flate2::Compression;
use floorview_reporting::ErrorResponse;

use crate::error::ApiError;

/// Bodies smaller than this are not worth a compressed copy.
const MIN_GZIP_BYTES: usize = 1024;

/// An answer, as sent on.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub retry_after: Option<HeaderValue>,
    pub body: Bytes,
    /// The body gzipped, made by the first client that accepts gzip; `None` when
    /// compressing did not pay.
    gzipped: OnceLock<Option<Bytes>>,
}

impl Answer {
    /// An answer as the API gave it.
    pub fn new(
        status: StatusCode,
        content_type: Option<HeaderValue>,
        retry_after: Option<HeaderValue>,
        body: Bytes,
    ) -> Answer {
        Answer {
            status,
            content_type,
            retry_after,
            body,
            gzipped: OnceLock::new(),
        }
    }

    /// An answer from the API, made safe to pass on: the dashboard's origin must
    /// never serve the API's bytes as anything but JSON, so a 2xx that is not JSON
    /// becomes a 502, and an error page (a load balancer's HTML 503) keeps its
    /// status and `Retry-After` but gets an `ErrorResponse` body.
    pub fn from_upstream(
        status: StatusCode,
        content_type: Option<HeaderValue>,
        retry_after: Option<HeaderValue>,
        body: Bytes,
    ) -> Answer {
        if content_type.as_ref().is_some_and(is_json) {
            return Answer::new(status, content_type, retry_after, body);
        }
        if status.is_success() {
            return Answer::error(ApiError::new(
                StatusCode::BAD_GATEWAY,
                "the Reporting API answered with something other than JSON",
            ));
        }
        Answer {
            retry_after,
            ..Answer::error(ApiError::new(
                status,
                format!("the Reporting API answered {}", status.as_u16()),
            ))
        }
    }

    /// The proxy's own error, with an `ErrorResponse` body.
    pub fn error(e: ApiError) -> Answer {
        let body = serde_json::to_vec(&ErrorResponse { error: Some(e.message) }).unwrap_or_default();
        Answer::new(
            e.status,
            Some(HeaderValue::from_static("application/json")),
            None,
            body.into(),
        )
    }

    /// The same answer with another `Retry-After`, in whole seconds.
    pub fn with_retry_after(&self, wait: Duration) -> Answer {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Answer {
            retry_after: Some(HeaderValue::from(seconds.max(1))),
            ..self.clone()
        }
    }

    /// Bytes this answer holds: its body and, once made, the gzipped copy.
    pub fn size(&self) -> usize {
        self.body.len() + self.gzipped.get().and_then(Option::as_ref).map_or(0, Bytes::len)
    }

    /// Makes the gzipped copy now, so it is counted by [`Answer::size`] when the
    /// answer is cached rather than appearing later behind the cache's back.
    pub fn prepare_gzip(&self) {
        self.gzipped();
    }

    /// The response for one client; gzipped when it accepts gzip and that pays.
    pub fn respond(&self, accepts_gzip: bool) -> Response {
        let gzipped = if accepts_gzip { self.gzipped() } else { None };
        let mut response = (self.status, gzipped.unwrap_or(&self.body).clone()).into_response();
        let headers = response.headers_mut();
        if let Some(value) = &self.content_type {
            headers.insert(header::CONTENT_TYPE, value.clone());
        }
        if let Some(value) = &self.retry_after {
            headers.insert(header::RETRY_AFTER, value.clone());
        }
        if gzipped.is_some() {
            // Set here, the router's compression layer leaves the body alone.
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        // Browsers and CDNs must not keep it: the proxy's cache is the only one, so
        // every wallboard sees the same second.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }

    fn gzipped(&self) -> Option<&Bytes> {
        self.gzipped
            .get_or_init(|| {
                if self.body.len() < MIN_GZIP_BYTES {
                    return None;
                }
                let mut encoder = GzEncoder::new(Vec::with_capacity(self.body.len() / 4), Compression::default());
                encoder.write_all(&self.body).ok()?;
                let mut compressed = encoder.finish().ok()?;
                // The cache counts the length: no spare capacity may hide behind it.
                compressed.shrink_to_fit();
                (compressed.len() < self.body.len()).then(|| compressed.into())
            })
            .as_ref()
    }
}

/// Whether a `Content-Type` is JSON: `application/json` or `application/*+json`,
/// with any parameters.
fn is_json(value: &HeaderValue) -> bool {
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether `Accept-Encoding` lists gzip (or `*`) without `q=0`.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn gzip_is_negotiated_from_accept_encoding() {
        assert!(accepts_gzip(&accept("gzip, deflate, br, zstd")));
        assert!(accepts_gzip(&accept("br;q=1.0, gzip;q=0.8")));
        assert!(accepts_gzip(&accept("*")));
        assert!(!accepts_gzip(&accept("gzip;q=0")));
        assert!(!accepts_gzip(&accept("br")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn only_json_from_the_api_is_passed_on() {
        let ct = |v: &'static str| Some(HeaderValue::from_static(v));
        let body = || Bytes::from_static(b"<html><script>alert(1)</script></html>");
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "application/problem+json",
        ] {
            let answer = Answer::from_upstream(StatusCode::OK, ct(json), None, Bytes::from_static(b"{}"));
            assert_eq!((answer.status, answer.content_type.clone()), (StatusCode::OK, ct(json)));
        }
        for other in [ct("text/html"), ct("application/jsonp"), None] {
            let answer = Answer::from_upstream(StatusCode::OK, other.clone(), None, body());
            assert_eq!(answer.status, StatusCode::BAD_GATEWAY, "{other:?}");
            assert_eq!(answer.content_type, ct("application/json"));
        }
        let page = Answer::from_upstream(StatusCode::SERVICE_UNAVAILABLE, ct("text/html"), ct("5"), body());
        assert_eq!(
            (page.status, page.retry_after),
            (StatusCode::SERVICE_UNAVAILABLE, ct("5"))
        );
        assert_eq!(&page.body[..], br#"{"error":"the Reporting API answered 503"}"#);
    }

    #[test]
    fn large_bodies_are_gzipped_once_small_ones_never() {
        let json = format!("[{}]", vec!["{\"agent\":\"a\"}"; 500].join(","));
        let answer = Answer::new(StatusCode::OK, None, None, json.into());
        let first = answer.gzipped().cloned().unwrap();
        assert!(first.len() < answer.body.len() / 10);
        assert_eq!(answer.gzipped().unwrap().as_ptr(), first.as_ptr());
        let response = answer.respond(true);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert!(!answer.respond(false).headers().contains_key(header::CONTENT_ENCODING));

        let small = Answer::new(StatusCode::OK, None, None, Bytes::from_static(b"{}"));
        assert!(!small.respond(true).headers().contains_key(header::CONTENT_ENCODING));
    }
}
