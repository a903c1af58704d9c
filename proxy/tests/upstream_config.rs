//! The config file and the secret files, read as `floorview-proxy upstream` reads them.

// A test: a panic on unexpected data is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use floorview_proxy::upstream::config::UpstreamConfig;
use floorview_proxy::upstream::secrets::Secrets;
use floorview_reporting::Endpoint;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("floorview-upstream-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_full_config_and_secret_files_are_read() {
    let dir = temp_dir("full");
    for (name, value) in [
        ("id", "the-id\n"),
        ("secret", "the-secret\n"),
        ("key", "the-key"),
        ("viewers", "# wallboards\nfloor-1\nfloor-2, floor-3\n"),
    ] {
        std::fs::write(dir.join(name), value).unwrap();
    }
    let d = dir.display();
    let text = format!(
        r#"
listen = "127.0.0.1:9090"
region = "eu1"
organizations = ["acme", "acme-uk"]
allowed_origins = ["https://wallboard.example.com"]
token_auth = "body"

[cache]
ttl_ms = 1500
stale_ms = 0
max_entries = 50
max_bytes = 1000000

[cache.endpoints]
listActivity = 10000

[limits]
upstream_timeout_ms = 4000
client_rate_per_second = 5
client_burst = 20
trusted_proxies = ["127.0.0.1", "10.0.0.0/8", "::1"]
header_read_timeout_ms = 5000
idle_timeout_ms = 15000
request_timeout_ms = 30000
max_connections = 1000

[secrets]
client_id = {{ file = "{d}/id" }}
client_secret = {{ file = "{d}/secret" }}
api_key = {{ file = "{d}/key" }}
viewer_keys = {{ file = "{d}/viewers" }}
"#
    );
    let path = dir.join("floorview-proxy.toml");
    std::fs::write(&path, text).unwrap();
    let config = UpstreamConfig::from_file(&path).unwrap();
    assert_eq!(config.listen.port(), 9090);
    assert!(config.allows_org("acme-uk") && !config.allows_org("other"));
    assert_eq!(
        config.token_endpoint().unwrap().as_str(),
        "https://myaspect.eu1.id.aspect-cloud.net/tokenservice/oauth2/access_token"
    );
    assert_eq!(config.ttl(Endpoint::ListActivity).as_millis(), 10_000);
    assert_eq!(config.ttl(Endpoint::PresenceUsers).as_millis(), 1_500);
    assert_eq!(config.cache.max_bytes, 1_000_000);
    assert_eq!(config.trusted_proxies().unwrap().len(), 3);
    let limits = config.server_limits();
    assert_eq!(limits.header_read_timeout.as_millis(), 5_000);
    assert_eq!(limits.idle_timeout.as_millis(), 15_000);
    assert_eq!(limits.request_timeout.as_millis(), 30_000);
    assert_eq!(limits.max_connections, 1000);

    let secrets = Secrets::load(&config.secrets).unwrap();
    assert_eq!(secrets.client_id.expose(), "the-id");
    assert_eq!(secrets.client_secret.expose(), "the-secret");
    assert_eq!(secrets.api_key.expose(), "the-key");
    let viewers: Vec<&str> = secrets.viewer_keys.iter().map(|k| k.key.expose()).collect();
    assert_eq!(viewers, ["floor-1", "floor-2", "floor-3"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn mistakes_are_named_at_start() {
    let dir = temp_dir("bad");
    for (text, expected) in [
        ("organizations = [\"acme\"]\nregoin = \"na1\"", "unknown field"),
        (
            "region = \"na1\"\norganizations = [\"acme\"]\n[secrets]\nclient_secret = \"x\"",
            "expected `env` or `file`",
        ),
        ("region = \"na1\"", "organizations"),
        (
            "region = \"na1\"\norganizations = [\"acme\"]\ntoken_url = \"http://token.example.com/t\"",
            "token_url",
        ),
        (
            "region = \"na1\"\norganizations = [\"acme\"]\n[limits]\ntrusted_proxies = [\"10.0.0.0/33\"]",
            "trusted_proxies",
        ),
        (
            "region = \"na1\"\norganizations = [\"acme\"]\n[limits]\nheader_read_timeout_ms = 0",
            "header_read_timeout_ms",
        ),
    ] {
        let path = dir.join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let e = UpstreamConfig::from_file(&path).unwrap_err().to_string();
        assert!(e.contains(expected), "{text}: {e}");
    }
    std::fs::write(dir.join("empty"), "\n  \n").unwrap();
    let config: UpstreamConfig = toml::from_str(&format!(
        "[secrets]\nclient_id = {{ file = \"{0}/empty\" }}\nclient_secret = {{ file = \"{0}/empty\" }}\napi_key = {{ file = \"{0}/empty\" }}",
        dir.display()
    ))
    .unwrap();
    let e = Secrets::load(&config.secrets).unwrap_err().to_string();
    assert_eq!(e, "client_id is empty");
    std::fs::remove_dir_all(dir).unwrap();
}
