//! Who may read the data, and how often: the viewer key (when configured, every API
//! request carries `Authorization: Bearer <viewer key>`) and a per-client rate limit.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::metrics::Metrics;
use super::secrets::Secret;
use super::UpstreamState;
use crate::error::ApiError;

/// Clients remembered before idle ones are forgotten.
const MAX_CLIENTS: usize = 100_000;

/// The viewer keys and the per-client buckets.
pub struct Viewers {
    keys: Vec<Secret>,
    rate: f64,
    burst: f64,
    trust_forwarded_for: bool,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Viewers {
    /// `keys` empty turns viewer keys off; `rate` 0 turns the rate limit off.
    pub fn new(keys: Vec<Secret>, rate: f64, burst: f64, trust_forwarded_for: bool) -> Self {
        Viewers {
            keys,
            rate,
            burst,
            trust_forwarded_for,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the request's bearer token is one of the keys. Every key is compared,
    /// in constant time, so timing says nothing about how close a guess was.
    fn admits(&self, headers: &HeaderMap) -> bool {
        if self.keys.is_empty() {
            return true;
        }
        let Some(presented) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let matched = self.keys.iter().fold(subtle::Choice::from(0), |any, key| {
            any | key.expose().as_bytes().ct_eq(presented.trim().as_bytes())
        });
        matched.into()
    }

    /// Takes one request from `client`'s bucket; false when it is empty.
    fn allow(&self, client: IpAddr) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
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

    fn client(&self, request: &Request) -> Option<IpAddr> {
        if self.trust_forwarded_for {
            let forwarded = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
    }
}

/// Middleware on the API routes: rate limit, then viewer key.
pub async fn guard(State(state): State<UpstreamState>, request: Request, next: Next) -> Response {
    Metrics::inc(&state.metrics.requests);
    let viewers = &state.viewers;
    if let Some(client) = viewers.client(&request) {
        if !viewers.allow(client) {
            Metrics::inc(&state.metrics.rate_limited);
            let mut response =
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too many requests from this client").into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
    }
    if !viewers.admits(request.headers()) {
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

    #[test]
    fn only_configured_keys_are_admitted() {
        let viewers = Viewers::new(vec![Secret::new("k1"), Secret::new("key-two")], 0.0, 0.0, false);
        assert!(viewers.admits(&bearer("Bearer k1")));
        assert!(viewers.admits(&bearer("Bearer key-two")));
        assert!(!viewers.admits(&bearer("Bearer k2")));
        assert!(!viewers.admits(&bearer("k1")));
        assert!(!viewers.admits(&HeaderMap::new()));
        assert!(Viewers::new(vec![], 0.0, 0.0, false).admits(&HeaderMap::new()));
    }

    #[test]
    fn the_bucket_empties_and_refills() {
        let viewers = Viewers::new(vec![], 1000.0, 3.0, false);
        let client = IpAddr::from([127, 0, 0, 1]);
        assert!((0..3).all(|_| viewers.allow(client)));
        assert!(!viewers.allow(client));
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(viewers.allow(client));
    }
}
