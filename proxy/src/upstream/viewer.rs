//! Who may read the data, and how often: the viewer key (when configured, every API
//! request carries `Authorization: Bearer <viewer key>`) and a per-client rate limit.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::metrics::Metrics;
use super::secrets::ViewerKey;
use super::UpstreamState;
use crate::error::ApiError;

/// Clients remembered before idle ones are forgotten.
const MAX_CLIENTS: usize = 100_000;

/// Why the viewer keys cannot be used with the configured organisations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewerKeyError {
    #[error(
        "viewer key {0} (counting from 1) names no organisation, and several are configured: write `KEY ORG[,ORG]`"
    )]
    Unscoped(usize),
    #[error("viewer key {0} (counting from 1) names organisation \"{1}\", which is not in organizations")]
    UnknownOrganization(usize, String),
}

/// A key, kept as its SHA-256 digest so every comparison takes the same time
/// whatever the key's length, with the organisations it reads.
struct Grant {
    digest: [u8; 32],
    organizations: Vec<String>,
}

/// The viewer keys and the per-client buckets.
pub struct Viewers {
    grants: Vec<Grant>,
    rate: f64,
    burst: f64,
    trusted_proxies: Vec<IpNet>,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Viewers {
    /// `keys` empty turns viewer keys off; `rate` 0 turns the rate limit off. A bare
    /// key reads the one configured organisation; with several configured, each
    /// key must name the ones it reads.
    pub fn new(
        keys: Vec<ViewerKey>,
        configured: &[String],
        rate: f64,
        burst: f64,
        trusted_proxies: Vec<IpNet>,
    ) -> Result<Self, ViewerKeyError> {
        let grants = keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                let organizations = match key.organizations {
                    Some(orgs) => orgs,
                    None if configured.len() == 1 => configured.to_vec(),
                    None => return Err(ViewerKeyError::Unscoped(i + 1)),
                };
                if let Some(unknown) = organizations.iter().find(|o| !configured.contains(o)) {
                    return Err(ViewerKeyError::UnknownOrganization(i + 1, unknown.clone()));
                }
                Ok(Grant {
                    digest: Sha256::digest(key.key.expose().as_bytes()).into(),
                    organizations,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Viewers {
            grants,
            rate,
            burst,
            trusted_proxies,
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Whether the request's bearer token is a key that reads `org`. Every key is
    /// compared, by digest, in constant time, so timing says nothing about how close
    /// a guess was, nor how long the keys are.
    fn admits(&self, headers: &HeaderMap, org: &str) -> bool {
        if self.grants.is_empty() {
            return true;
        }
        let Some(presented) = bearer(headers) else {
            return false;
        };
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let matched = self.grants.iter().fold(subtle::Choice::from(0), |any, grant| {
            let reads = subtle::Choice::from(u8::from(grant.organizations.iter().any(|o| o == org)));
            any | (grant.digest.ct_eq(&presented) & reads)
        });
        matched.into()
    }

    /// Takes one request from `client`'s bucket; false when it is empty.
    fn allow(&self, client: IpAddr) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            // Full buckets hold no information: forget them first.
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * self.rate).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }

    /// Who is asking: the TCP peer, or, when the peer is a trusted proxy, the
    /// rightmost `X-Forwarded-For` address that is not one. Entries left of that
    /// were written by the client and prove nothing. An IPv6 client is its /64, which
    /// one machine usually has whole.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer;
        if self.trusted(peer) {
            let hops = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .collect::<Vec<_>>();
            for hop in hops.iter().rev() {
                // A hop that is no address was not written by a trusted proxy: stop.
                let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                    break;
                };
                client = ip;
                if !self.trusted(ip) {
                    break;
                }
            }
        }
        match client {
            IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1)))
            }
            other => other,
        }
    }
}

/// The token of `Authorization: Bearer <token>`; the scheme in any case (RFC 9110 §11.1).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Middleware on the API routes: rate limit, then viewer key.
pub async fn guard(
    State(state): State<UpstreamState>,
    Path(org): Path<String>,
    request: Request,
    next: Next,
) -> Response {
    Metrics::inc(&state.metrics.requests);
    let viewers = &state.viewers;
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    if let Some(peer) = peer {
        if !viewers.allow(viewers.client(peer, request.headers())) {
            Metrics::inc(&state.metrics.rate_limited);
            let mut response =
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too many requests from this client").into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
    }
    if !viewers.admits(request.headers(), &org) {
        Metrics::inc(&state.metrics.unauthorized);
        let mut response = ApiError::new(StatusCode::UNAUTHORIZED, "a valid viewer key is required").into_response();
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    fn orgs(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn viewers(keys: Vec<ViewerKey>, organizations: &[&str]) -> Result<Viewers, ViewerKeyError> {
        Viewers::new(keys, &orgs(organizations), 0.0, 0.0, Vec::new())
    }

    #[test]
    fn only_configured_keys_are_admitted() {
        let viewers = viewers(vec![ViewerKey::bare("k1"), ViewerKey::bare("key-two")], &["acme"]).unwrap();
        assert!(viewers.admits(&bearer("Bearer k1"), "acme"));
        assert!(viewers.admits(&bearer("Bearer key-two"), "acme"));
        assert!(
            viewers.admits(&bearer("bearer k1"), "acme"),
            "the scheme is case-insensitive"
        );
        assert!(viewers.admits(&bearer("BEARER  k1 "), "acme"));
        assert!(!viewers.admits(&bearer("Bearer k2"), "acme"));
        assert!(!viewers.admits(&bearer("Bearer k"), "acme"));
        assert!(!viewers.admits(&bearer("Bearer k11"), "acme"));
        assert!(!viewers.admits(&bearer("k1"), "acme"));
        assert!(!viewers.admits(&bearer("Basic k1"), "acme"));
        assert!(!viewers.admits(&HeaderMap::new(), "acme"));
        assert!(self::viewers(vec![], &["acme"])
            .unwrap()
            .admits(&HeaderMap::new(), "acme"));
    }

    #[test]
    fn a_key_reads_only_its_organisations() {
        let viewers = viewers(
            vec![
                ViewerKey::scoped("for-acme", &["acme"]),
                ViewerKey::scoped("both", &["acme", "beta"]),
            ],
            &["acme", "beta"],
        )
        .unwrap();
        assert!(viewers.admits(&bearer("Bearer for-acme"), "acme"));
        assert!(!viewers.admits(&bearer("Bearer for-acme"), "beta"));
        assert!(viewers.admits(&bearer("Bearer both"), "beta"));
    }

    #[test]
    fn bare_keys_need_a_single_organisation_and_names_must_be_configured() {
        assert_eq!(
            viewers(vec![ViewerKey::bare("k")], &["acme", "beta"]).err(),
            Some(ViewerKeyError::Unscoped(1))
        );
        assert_eq!(
            viewers(vec![ViewerKey::scoped("k", &["gamma"])], &["acme"]).err(),
            Some(ViewerKeyError::UnknownOrganization(1, "gamma".into()))
        );
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_forwarded_address() {
        let trusted = vec!["127.0.0.1/32".parse().unwrap(), "10.0.0.0/8".parse().unwrap()];
        let viewers = Viewers::new(vec![], &orgs(&["acme"]), 0.0, 0.0, trusted).unwrap();
        let forwarded = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
            headers
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("127.0.0.1");
        // Whatever the client writes on the left, the address the reverse proxy saw counts.
        assert_eq!(
            viewers.client(proxy, &forwarded("6.6.6.6, 203.0.113.9")),
            ip("203.0.113.9")
        );
        assert_eq!(
            viewers.client(proxy, &forwarded("1.1.1.1, 203.0.113.9, 10.1.2.3")),
            ip("203.0.113.9")
        );
        assert_eq!(viewers.client(proxy, &forwarded("garbage, 10.1.2.3")), ip("10.1.2.3"));
        assert_eq!(viewers.client(proxy, &HeaderMap::new()), proxy);
        // An untrusted peer's header is ignored.
        assert_eq!(
            viewers.client(ip("198.51.100.4"), &forwarded("203.0.113.9")),
            ip("198.51.100.4")
        );
        // IPv6 clients count per /64.
        assert_eq!(viewers.client(ip("2001:db8::1"), &HeaderMap::new()), ip("2001:db8::"));
        assert_eq!(
            viewers.client(ip("2001:db8::ffff:1"), &HeaderMap::new()),
            ip("2001:db8::")
        );
    }

    #[test]
    fn the_bucket_empties_and_refills() {
        let viewers = Viewers::new(vec![], &orgs(&["acme"]), 1000.0, 3.0, Vec::new()).unwrap();
        let client = IpAddr::from([127, 0, 0, 1]);
        assert!((0..3).all(|_| viewers.allow(client)));
        assert!(!viewers.allow(client));
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(viewers.allow(client));
    }
}
