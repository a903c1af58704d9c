//! The built dashboard: MIME types, cache lifetimes and compression.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app, get, send};

const WASM: &str = "/floorview-3f2a9c0d1e4b5a67_bg.wasm";
const JS: &str = "/floorview-3f2a9c0d1e4b5a67.js";

/// A fake `dist/` with the files Trunk writes, big enough to be worth compressing.
fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("floorview-dist-{}-{}", std::process::id(), fastrand::u64(..)));
    std::fs::create_dir_all(&dir).unwrap();
    let index = format!(
        "<!DOCTYPE html><html><head><title>Floorview</title></head><body>{}</body></html>",
        "<div></div>".repeat(50)
    );
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(
        dir.join("config.json"),
        format!("{{\"orgId\":\"demo\",\"pad\":\"{}\"}}", "a".repeat(500)),
    )
    .unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(7u8, 4096));
    std::fs::write(dir.join(&WASM[1..]), wasm).unwrap();
    std::fs::write(dir.join(&JS[1..]), "export function init() { return 1; }\n".repeat(100)).unwrap();
    dir
}

fn with_encoding(path: &str, encoding: &str) -> Request<Body> {
    Request::get(path)
        .header("accept-encoding", encoding)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn files_have_their_mime_types_and_cache_lifetimes() {
    let dir = dist();
    let (app, _) = app(&["--static", dir.to_str().unwrap()]).await;
    let immutable = "public, max-age=31536000, immutable";
    for (path, mime, cache) in [
        ("/", "text/html", "no-cache"),
        ("/index.html", "text/html", "no-cache"),
        ("/config.json", "application/json", "no-cache"),
        (WASM, "application/wasm", immutable),
        (JS, "text/javascript", immutable),
    ] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.header("content-type").unwrap().starts_with(mime),
            "{path}: {:?}",
            reply.header("content-type")
        );
        assert_eq!(reply.header("cache-control"), Some(cache), "{path}");
        assert!(reply.header("date").is_some());
    }
    assert!(get(&app, "/").await.text().contains("<title>Floorview</title>"));
    assert_eq!(get(&app, "/missing.js").await.status, StatusCode::NOT_FOUND);
    // The API still answers beside the files.
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn files_carry_a_strict_csp_and_hardening_headers() {
    let dir = dist();
    let (app, _) = app(&["--static", dir.to_str().unwrap()]).await;
    for path in ["/", "/index.html", JS, "/missing.js"] {
        let reply = get(&app, path).await;
        let csp = reply.header("content-security-policy").unwrap_or_default();
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "connect-src 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{path}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn files_are_compressed_when_the_browser_accepts_it() {
    let dir = dist();
    let (app, _) = app(&["--static", dir.to_str().unwrap()]).await;
    let plain = get(&app, WASM).await;
    assert_eq!(plain.header("content-encoding"), None);
    for encoding in ["br", "gzip"] {
        let reply = send(&app, with_encoding(WASM, encoding)).await;
        assert_eq!(reply.header("content-encoding"), Some(encoding));
        assert_eq!(reply.header("content-type"), Some("application/wasm"));
        assert!(
            reply.body.len() < plain.body.len() / 4,
            "{encoding}: {} bytes",
            reply.body.len()
        );
    }
    let reply = send(&app, with_encoding("/", "gzip")).await;
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn api_bodies_are_compressed_too() {
    let (app, _) = app(&[]).await;
    let uri = common::valid(floorview_reporting::Endpoint::UserActivity);
    let plain = get(&app, &uri).await;
    let reply = send(&app, with_encoding(&uri, "gzip")).await;
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert!(reply.body.len() < plain.body.len() / 2);
}

#[tokio::test]
async fn a_static_dir_that_does_not_exist_stops_the_start() {
    let args = common::args(&["--static", "/nonexistent/floorview/dist"]);
    assert!(floorview_proxy::simulate::build(&args).await.is_err());
}

#[tokio::test]
async fn only_files_inside_the_folder_are_served() {
    let dir = dist();
    std::fs::write(dir.join(".env"), "SECRET=1").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/config"), "[core]").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/index.html"), "<p>sub</p>").unwrap();
    let outside = std::env::temp_dir().join(format!("floorview-outside-{}", fastrand::u64(..)));
    std::fs::write(&outside, "root:x:0:0").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, dir.join("passwd")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("ok.js.gz")).unwrap();
        std::fs::write(dir.join("ok.js"), "1").unwrap();
    }
    let (app, _) = app(&["--static", dir.to_str().unwrap()]).await;
    for path in ["/.env", "/.git/config", "/%2eenv", "/sub/../.env", "/passwd"] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !reply.text().contains("SECRET") && !reply.text().contains("root:"),
            "{path}"
        );
    }
    // A precompressed copy that is a symlink out of the folder is refused too.
    let reply = send(&app, with_encoding("/ok.js", "gzip")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // `//sub` must not redirect to `//sub/`, which browsers read as another host.
    let reply = get(&app, "//sub").await;
    let location = reply.header("location").unwrap_or_default();
    assert!(!location.starts_with("//"), "{location}");
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_file(outside).ok();
}

#[tokio::test]
async fn negotiated_files_vary_on_accept_encoding() {
    let dir = dist();
    std::fs::write(dir.join(format!("{}.br", &WASM[1..])), b"brotli").unwrap();
    std::fs::write(dir.join(format!("{}.gz", &WASM[1..])), b"gzip").unwrap();
    let (app, _) = app(&["--static", dir.to_str().unwrap()]).await;
    for encoding in ["br", "gzip", "identity"] {
        let reply = send(&app, with_encoding(WASM, encoding)).await;
        assert_eq!(reply.status, StatusCode::OK, "{encoding}");
        let vary = reply
            .headers
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_lowercase())
            .collect::<Vec<_>>();
        assert_eq!(
            vary.iter().filter(|v| v.contains("accept-encoding")).count(),
            1,
            "{encoding}: {vary:?}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}
