//! Headers every response carries, the dashboard's security headers, and CORS.

use std::time::SystemTime;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Adds `Date` where the server has not (in-process, hyper adds it on the wire):
/// the dashboard corrects a skewed PC clock with it.
pub async fn date(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::DATE) {
        if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(SystemTime::now())) {
            response.headers_mut().insert(header::DATE, value);
        }
    }
    response
}

/// `X-Content-Type-Options: nosniff` on every response, API answers included: a
/// browser must never guess HTML from bytes the proxy passed on.
pub async fn nosniff(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The Content-Security-Policy of the dashboard's files. The app needs no inline
/// script or style (its loader and watchdog are files, its computed geometry goes
/// through the CSSOM) and talks only to this origin, where the proxy serves it; a
/// dashboard on another host sets its own (docs/deploy.md).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";

/// The hardening headers of every static file, besides the CSP.
pub const HARDENING: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    // Nothing of a wallboard's address (its view, its filters) leaves with a link.
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// Adds the CSP and the hardening headers to the dashboard's files.
pub async fn security(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    for (name, value) in HARDENING {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Why an `--allow-origin` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--allow-origin \"{0}\" is not an origin like https://wallboard.example.com (or *)")]
pub struct BadOrigin(pub String);

/// CORS for the configured origins; `None` (no CORS headers, so same origin only)
/// when there are none. `Date` and `Retry-After` are exposed because neither is
/// CORS-safelisted and the dashboard needs both.
pub fn cors(origins: &[String]) -> Result<Option<CorsLayer>, BadOrigin> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|o| {
                let o = o.trim().trim_end_matches('/');
                let valid = (o.starts_with("http://") || o.starts_with("https://")) && !o.contains(['?', '#']);
                HeaderValue::from_str(o)
                    .ok()
                    .filter(|_| valid)
                    .ok_or_else(|| BadOrigin(o.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::ACCEPT, header::CONTENT_TYPE, header::AUTHORIZATION])
            .expose_headers([header::DATE, header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_must_be_origins() {
        assert!(cors(&[]).unwrap().is_none());
        assert!(cors(&["http://localhost:8081".into(), "*".into()]).unwrap().is_some());
        assert!(cors(&["localhost:8081".into()]).is_err());
        assert!(cors(&["http://a.example/?x".into()]).is_err());
    }
}
