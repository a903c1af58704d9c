//! The built dashboard (`dist/`): files with their MIME types, cached for a year
//! when Trunk put a content hash in their name, revalidated every time otherwise,
//! under a strict Content-Security-Policy and the usual hardening headers. Only
//! what lies in the folder is served: no dotfiles (`.env`, `.git/`), nothing a
//! symlink leads to outside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::uri::PathAndQuery;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use tower_http::services::ServeDir;

use crate::error::ApiError;

/// For files whose name changes when their content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For `index.html`, `config.json` and anything else without a hash in its name.
pub const NO_CACHE: &str = "no-cache";

/// Serves `dir` at `/` (`/` itself is `index.html`).
pub fn router(dir: &Path) -> Router {
    // Symlinks are judged against the folder's real path.
    let root = Arc::new(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()));
    Router::new()
        // `cargo xtask` writes `.br`/`.gz` copies of the hashed assets: served as they
        // are, so a cold load does not wait for a megabyte of wasm to be compressed.
        // Without them (a plain `trunk build`) the compression layer does it.
        .fallback_service(ServeDir::new(&*root).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn_with_state(root, confine))
        .layer(middleware::from_fn(crate::headers::security))
}

/// Refuses dot-segments and anything that resolves outside the folder, and
/// collapses leading slashes (`ServeDir` would redirect `//host` to `//host/`, a
/// protocol-relative URL: another site).
async fn confine(State(root): State<Arc<PathBuf>>, mut request: Request, next: Next) -> Response {
    if let Some(uri) = collapse_leading_slashes(request.uri()) {
        *request.uri_mut() = uri;
    }
    let Some(relative) = relative_path(request.uri().path()) else {
        return ApiError::status(StatusCode::NOT_FOUND).into_response();
    };
    if !stays_inside(&root, &root.join(relative)).await {
        tracing::warn!(
            path = request.uri().path(),
            "refused a path that leads out of the static folder"
        );
        return ApiError::status(StatusCode::NOT_FOUND).into_response();
    }
    next.run(request).await
}

/// The URI with one leading slash where it had several; `None` when it had one.
fn collapse_leading_slashes(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    if !path.starts_with("//") {
        return None;
    }
    let collapsed = format!("/{}", path.trim_start_matches('/'));
    let path_and_query = match uri.query() {
        Some(query) => format!("{collapsed}?{query}"),
        None => collapsed,
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(PathAndQuery::try_from(path_and_query).ok()?);
    Uri::from_parts(parts).ok()
}

/// The decoded path below the folder, or `None` if any segment is hidden or a
/// dot-segment (`.env`, `.git`, `.`, `..`, also percent-encoded) or holds a
/// backslash or NUL.
pub fn relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// Whether the file `ServeDir` would send for `candidate` (itself, its `.br`/`.gz`
/// copies, or a directory's `index.html`) lies inside `root` once symlinks are
/// followed. Files that do not exist are `ServeDir`'s 404.
async fn stays_inside(root: &Path, candidate: &Path) -> bool {
    let mut files = vec![candidate.to_path_buf()];
    if tokio::fs::metadata(candidate).await.is_ok_and(|m| m.is_dir()) {
        files.push(candidate.join("index.html"));
    }
    let mut variants = Vec::new();
    for file in &files {
        for ext in ["br", "gz"] {
            let mut name = file.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            variants.push(PathBuf::from(name));
        }
    }
    for file in files.iter().chain(&variants) {
        if let Ok(real) = tokio::fs::canonicalize(file).await {
            if !real.starts_with(root) {
                return false;
            }
        }
    }
    true
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let value = if hashed { IMMUTABLE } else { NO_CACHE };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // The same URL is sent as brotli, gzip or plain depending on Accept-Encoding:
        // a shared cache must keep them apart, above all for a year-long `immutable`.
        let varies = headers.get_all(header::VARY).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
        });
        if !varies {
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
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

    #[test]
    fn hidden_and_dot_segments_are_refused() {
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        assert_eq!(relative_path("/icons/a%20b.png"), Some(PathBuf::from("icons/a b.png")));
        for path in [
            "/.env",
            "/.git/config",
            "/a/../b",
            "/%2e%2e/etc/passwd",
            "/%2Eenv",
            "/./x",
            "/a%5cb",
            "/a%00",
        ] {
            assert_eq!(relative_path(path), None, "{path}");
        }
    }

    #[test]
    fn leading_slashes_collapse() {
        let uri: Uri = "//evil.example/x?y=1".parse().unwrap();
        assert_eq!(collapse_leading_slashes(&uri).unwrap(), "/evil.example/x?y=1");
        assert!(collapse_leading_slashes(&"/x".parse().unwrap()).is_none());
    }
}
