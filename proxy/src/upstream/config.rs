//! `floorview-proxy.toml`: where the API and the token service are, which
//! organisations and origins are allowed, cache and limits, and where the secrets
//! live (never the secrets themselves). See `docs/deploy.md` for every key.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use floorview_reporting::{Endpoint, Query};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use reqwest::Url;
use serde::Deserialize;

use super::cluster::config::{ClusterConfig, ClusterConfigError};
use super::secrets::SecretsConfig;
use crate::server::ServerLimits;

/// The API's own host, one per organisation.
pub const DEFAULT_UPSTREAM_URL: &str = "https://{orgId}.via.aspect-cloud.net";
/// The region's OAuth2 token endpoint, from the spec's Authentication section.
pub const DEFAULT_TOKEN_URL: &str = "https://myaspect.{region}.id.aspect-cloud.net/tokenservice/oauth2/access_token";

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpstreamConfig {
    /// Address to listen on; a TLS reverse proxy sits in front.
    pub listen: SocketAddr,
    /// The built dashboard to serve at `/`, if any.
    pub static_dir: Option<PathBuf>,
    /// The region in the token URL, e.g. `na1`.
    pub region: Option<String>,
    /// Organisation ids the proxy may be asked about; any other is 404.
    pub organizations: Vec<String>,
    /// Origins allowed to call the proxy cross-origin; empty: same origin only.
    pub allowed_origins: Vec<String>,
    /// The API's base URL; `{orgId}` is replaced by the validated organisation id.
    pub upstream_url: String,
    /// The token endpoint; `{region}` is replaced by `region`.
    pub token_url: String,
    /// How the client id and secret are sent to the token service.
    pub token_auth: TokenAuth,
    pub cache: CacheConfig,
    pub limits: Limits,
    pub secrets: SecretsConfig,
    pub cluster: ClusterConfig,
}

impl Default for UpstreamConfig {
    fn default() -> Self {
        UpstreamConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            static_dir: None,
            region: None,
            organizations: Vec::new(),
            allowed_origins: Vec::new(),
            upstream_url: DEFAULT_UPSTREAM_URL.to_owned(),
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            token_auth: TokenAuth::Basic,
            cache: CacheConfig::default(),
            limits: Limits::default(),
            secrets: SecretsConfig::default(),
            cluster: ClusterConfig::default(),
        }
    }
}

/// RFC 6749 §2.3.1: HTTP Basic is the method servers must support; some only read
/// the credentials from the form body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenAuth {
    Basic,
    Body,
}

/// The `[cache]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// How long an answer is fresh, for every endpoint not listed in `endpoints`.
    pub ttl_ms: u64,
    /// How long past its TTL an answer may still be served while one refresh runs.
    pub stale_ms: u64,
    /// Distinct queries remembered at once; beyond that the least recently used is
    /// forgotten (503 only when every one has a call running).
    pub max_entries: usize,
    /// Bytes of answers kept (plain and gzipped copies); beyond that the least
    /// recently used answers are forgotten.
    pub max_bytes: usize,
    /// Per-endpoint TTL, by endpoint name (`teamActivity`, `presence`, …).
    pub endpoints: BTreeMap<String, u64>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            ttl_ms: 2_000,
            stale_ms: 10_000,
            max_entries: 10_000,
            max_bytes: 256 * 1024 * 1024,
            endpoints: BTreeMap::new(),
        }
    }
}

/// The `[limits]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Longest wait for the API before answering 504.
    pub upstream_timeout_ms: u64,
    /// Longest wait for the token service before answering 502.
    pub token_timeout_ms: u64,
    /// Longest the proxy stays away from a query after a 429, whatever Retry-After says.
    pub max_backoff_ms: u64,
    /// Requests per second each client may make on average; 0 turns the limit off.
    pub client_rate_per_second: f64,
    /// Requests a client may make in a burst.
    pub client_burst: f64,
    /// Deprecated: `true` means `trusted_proxies = ["127.0.0.0/8", "::1"]` when
    /// `trusted_proxies` is empty.
    pub trust_forwarded_for: bool,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is
    /// believed: a client is the rightmost address in it that is not one of them.
    pub trusted_proxies: Vec<String>,
    /// Longest a client may take to send a request's headers (and to start the next
    /// request on a kept-alive connection).
    pub header_read_timeout_ms: u64,
    /// A connection with no bytes moving and no request being handled is closed after this.
    pub idle_timeout_ms: u64,
    /// Longest a request may take to be answered before a 503.
    pub request_timeout_ms: u64,
    /// Connections open at once; more wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            upstream_timeout_ms: 10_000,
            token_timeout_ms: 10_000,
            max_backoff_ms: 60_000,
            client_rate_per_second: 50.0,
            client_burst: 200.0,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            header_read_timeout_ms: 10_000,
            idle_timeout_ms: 20_000,
            request_timeout_ms: 60_000,
            max_connections: 4096,
        }
    }
}

/// Why the config cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Parse { path: String, source: toml::de::Error },
    #[error("organizations: at least one organisation id is needed")]
    NoOrganizations,
    #[error("organizations: {0}")]
    Organization(floorview_reporting::ParamError),
    #[error("region \"{0}\" is not a region name like na1")]
    Region(String),
    #[error("token_url has {{region}} but no region is set")]
    NoRegion,
    #[error("{key} \"{url}\": {reason}")]
    Url {
        key: &'static str,
        url: String,
        reason: String,
    },
    #[error("cache.endpoints: \"{0}\" is not one of the five endpoints")]
    Endpoint(String),
    #[error("limits.{0} must be a positive number")]
    Limit(&'static str),
    #[error("limits.trusted_proxies: \"{0}\" is not an address or a CIDR range like 10.0.0.0/8")]
    TrustedProxy(String),
    #[error(transparent)]
    Cluster(#[from] ClusterConfigError),
}

impl UpstreamConfig {
    /// Reads and checks a config file.
    pub fn from_file(path: &Path) -> Result<UpstreamConfig, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        let config: UpstreamConfig =
            toml::from_str(&text).map_err(|source| ConfigError::Parse { path: shown, source })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks everything that can be checked before serving, so a bad value fails at
    /// start rather than on the first request.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.organizations.is_empty() {
            return Err(ConfigError::NoOrganizations);
        }
        for org in &self.organizations {
            // The same check every request's org id gets, so the two cannot disagree.
            Query::new(Endpoint::PresenceUsers, org, [("state", "LoggedOn")]).map_err(ConfigError::Organization)?;
            self.upstream_base(org)?;
        }
        self.token_endpoint()?;
        for name in self.cache.endpoints.keys() {
            if Endpoint::from_name(name).is_none() {
                return Err(ConfigError::Endpoint(name.clone()));
            }
        }
        let limits = &self.limits;
        self.trusted_proxies()?;
        for (key, value) in [
            ("upstream_timeout_ms", limits.upstream_timeout_ms as f64),
            ("token_timeout_ms", limits.token_timeout_ms as f64),
            ("header_read_timeout_ms", limits.header_read_timeout_ms as f64),
            ("idle_timeout_ms", limits.idle_timeout_ms as f64),
            ("request_timeout_ms", limits.request_timeout_ms as f64),
            ("max_connections", limits.max_connections as f64),
        ] {
            if value <= 0.0 {
                return Err(ConfigError::Limit(key));
            }
        }
        if !(limits.client_rate_per_second >= 0.0 && limits.client_rate_per_second.is_finite()) {
            return Err(ConfigError::Limit("client_rate_per_second"));
        }
        if limits.client_rate_per_second > 0.0 && !(limits.client_burst >= 1.0 && limits.client_burst.is_finite()) {
            return Err(ConfigError::Limit("client_burst"));
        }
        self.cluster.validate()?;
        Ok(())
    }

    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub fn trusted_proxies(&self) -> Result<Vec<IpNet>, ConfigError> {
        let limits = &self.limits;
        if limits.trusted_proxies.is_empty() && limits.trust_forwarded_for {
            return Ok(vec![
                IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::new(127, 0, 0, 0), 8)),
                IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::LOCALHOST, 128)),
            ]);
        }
        limits
            .trusted_proxies
            .iter()
            .map(|raw| {
                let raw = raw.trim();
                raw.parse::<IpNet>()
                    .or_else(|_| raw.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| ConfigError::TrustedProxy(raw.to_owned()))
            })
            .collect()
    }

    /// The time limits and connection cap of the server.
    pub fn server_limits(&self) -> ServerLimits {
        let limits = &self.limits;
        ServerLimits {
            header_read_timeout: Duration::from_millis(limits.header_read_timeout_ms),
            idle_timeout: Duration::from_millis(limits.idle_timeout_ms),
            request_timeout: Duration::from_millis(limits.request_timeout_ms),
            max_connections: limits.max_connections,
        }
    }

    /// Whether the proxy answers for `org`.
    pub fn allows_org(&self, org: &str) -> bool {
        self.organizations.iter().any(|o| o == org)
    }

    /// The API's base URL for an organisation id that has passed [`Query::new`].
    pub fn upstream_base(&self, org: &str) -> Result<Url, ConfigError> {
        checked_url("upstream_url", &self.upstream_url.replace("{orgId}", org))
    }

    /// The token endpoint with the region filled in.
    pub fn token_endpoint(&self) -> Result<Url, ConfigError> {
        let url = if self.token_url.contains("{region}") {
            let region = self.region.as_deref().ok_or(ConfigError::NoRegion)?;
            let label = !region.is_empty()
                && region.len() <= 63
                && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !label {
                return Err(ConfigError::Region(region.to_owned()));
            }
            self.token_url.replace("{region}", region)
        } else {
            self.token_url.clone()
        };
        checked_url("token_url", &url)
    }

    /// How long an answer from `endpoint` stays fresh.
    pub fn ttl(&self, endpoint: Endpoint) -> Duration {
        let ms = self
            .cache
            .endpoints
            .iter()
            .find(|(name, _)| Endpoint::from_name(name) == Some(endpoint))
            .map_or(self.cache.ttl_ms, |(_, ms)| *ms);
        Duration::from_millis(ms)
    }
}

/// HTTPS, or plain HTTP to a loopback address (tests, or a local TLS-terminating
/// sidecar); no credentials, query or fragment, which would be sent or lost silently.
fn checked_url(key: &'static str, raw: &str) -> Result<Url, ConfigError> {
    let fail = |reason: &str| ConfigError::Url {
        key,
        url: raw.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw).map_err(|e| fail(&e.to_string()))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(fail("must be https (plain http only to a loopback address)")),
    }
    if host.is_empty() {
        return Err(fail("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return Err(fail("must not carry credentials, a query or a fragment"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<UpstreamConfig, String> {
        let config: UpstreamConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    #[test]
    fn defaults_follow_the_spec() {
        let config = parse("region = \"na1\"\norganizations = [\"acme\"]").unwrap();
        assert_eq!(
            config.token_endpoint().unwrap().as_str(),
            "https://myaspect.na1.id.aspect-cloud.net/tokenservice/oauth2/access_token"
        );
        assert_eq!(
            config.upstream_base("acme").unwrap().as_str(),
            "https://acme.via.aspect-cloud.net/"
        );
        assert_eq!(config.ttl(Endpoint::UserActivity), Duration::from_secs(2));
    }

    #[test]
    fn per_endpoint_ttls_override_the_default() {
        let config = parse(
            "region = \"na1\"\norganizations = [\"acme\"]\n[cache]\nttl_ms = 3000\n[cache.endpoints]\nlistActivity = 10000",
        )
        .unwrap();
        assert_eq!(config.ttl(Endpoint::ListActivity), Duration::from_secs(10));
        assert_eq!(config.ttl(Endpoint::TeamActivity), Duration::from_secs(3));
        assert!(parse("region = \"na1\"\norganizations = [\"acme\"]\n[cache.endpoints]\nnope = 1").is_err());
    }

    #[test]
    fn unsafe_urls_and_names_are_refused() {
        for text in [
            "region = \"na1\"\norganizations = []",
            "region = \"na1\"\norganizations = [\"evil.com\"]",
            "region = \"na1/x\"\norganizations = [\"acme\"]",
            "organizations = [\"acme\"]",
            "region = \"na1\"\norganizations = [\"acme\"]\nupstream_url = \"http://{orgId}.example.com\"",
            "region = \"na1\"\norganizations = [\"acme\"]\nupstream_url = \"https://u:p@example.com\"",
            "region = \"na1\"\norganizations = [\"acme\"]\nclient_secret = \"on the command line\"",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        let local = "organizations = [\"acme\"]\nupstream_url = \"http://127.0.0.1:9\"\ntoken_url = \"http://127.0.0.1:9/token\"";
        assert!(parse(local).is_ok());
    }
}
