//! The built dashboard (`dist/`): files with their MIME types, cached for a year
//! when Trunk put a content hash in their name, revalidated every time otherwise,
//! under a strict Content-Security-Policy and the usual hardening headers.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

/// For files whose name changes when their content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For `index.html`, `config.json` and anything else without a hash in its name.
pub const NO_CACHE: &str = "no-cache";

/// Serves `dir` at `/` (`/` itself is `index.html`).
pub fn router(dir: &Path) -> Router {
    Router::new()
        // `cargo xtask` writes `.br`/`.gz` copies of the hashed assets: served as they
        // are, so a cold load does not wait for a megabyte of wasm to be compressed.
        // Without them (a plain `trunk build`) the compression layer does it.
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn(crate::headers::security))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let value = if hashed { IMMUTABLE } else { NO_CACHE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Whether a file name carries a content hash the way Trunk writes them:
/// `floorview-0123456789abcdef_bg.wasm`, `floorview-0123456789abcdef.js`,
/// `style-0123456789abcdef.css`: a `-`, then at least 12 hex digits (Trunk writes a
/// 64-bit hash without leading zeros, so 15 digits are common).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("/floorview-3f2a9c0d1e4b5a67_bg.wasm"));
        assert!(is_hashed("/floorview-3f2a9c0d1e4b5a67.js"));
        assert!(
            is_hashed("/floorview-e54cd9da396f239.js"),
            "15 digits: a hash with a leading zero"
        );
        assert!(is_hashed("/assets/style-0123456789abcdef0123.css"));
        assert!(!is_hashed("/"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/config.json"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/floorview-notahashatall.js"));
    }
}
