//! The access token: OAuth2 client credentials (RFC 6749 §4.4) with scope
//! `reportingapi`, cached until shortly before it expires. However many requests
//! need a new token at once, one call goes to the token service and the others wait
//! for its outcome, success or failure.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use reqwest::Url;
use serde::Deserialize;

use super::cluster::Cluster;
use super::config::TokenAuth;
use super::metrics::Metrics;
use super::secrets::Secret;
use crate::error::ApiError;

/// The scope the Reporting API requires.
pub const SCOPE: &str = "reportingapi";
/// Used when the token service does not say how long its token lives.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Bounds on the lifetime a token service may announce. Below the floor, every
/// request would cost a token call (`expires_in: 0`); above the ceiling, a token
/// the service revoked would be kept for days, and `Instant + Duration` overflows.
const MIN_LIFETIME: Duration = Duration::from_secs(60);
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// A token is replaced this long before it expires (or at half its life if shorter),
/// so a request never leaves with a token that expires on the way.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// After a failure, callers get that failure for this long instead of a new attempt:
/// a broken token service is not hammered by every waiting request.
const FAILURE_COOLDOWN: Duration = Duration::from_secs(1);
/// A token the API refuses within this long of its issue is not replaced: a fresh
/// one would be refused too (a wrong `x-api-key` also gives 401), and replacing it
/// would cost the token service a call per request.
const MIN_AGE_TO_REPLACE: Duration = Duration::from_secs(1);

/// Why no token could be had. Says what happened, never a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token service did not answer in time")]
    Timeout,
    #[error("the token service could not be reached")]
    Unreachable,
    #[error("the token service refused the proxy's credentials ({status}{})", oauth_error.as_deref().map(|e| format!(", {e}")).unwrap_or_default())]
    Refused { status: u16, oauth_error: Option<String> },
    #[error("the token service's answer had no usable access token")]
    BadAnswer,
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        ApiError::new(StatusCode::BAD_GATEWAY, e.to_string())
    }
}

#[derive(Clone)]
pub(in crate::upstream) struct Token {
    pub(in crate::upstream) value: Secret,
    pub(in crate::upstream) issued_at: Instant,
    pub(in crate::upstream) refresh_at: Instant,
}

#[derive(Default)]
struct Cache {
    token: Option<Token>,
    /// Counts finished attempts, so a waiter can tell whether one ended while it waited.
    attempts: u64,
    failure: Option<(Instant, TokenError)>,
    /// The last token the API refused, never to be taken from the cluster again.
    rejected: Option<Secret>,
}

/// Where tokens come from, and the one currently held.
pub struct TokenSource {
    http: reqwest::Client,
    url: Url,
    auth: TokenAuth,
    client_id: Secret,
    client_secret: Secret,
    timeout: Duration,
    metrics: Arc<Metrics>,
    cache: Mutex<Cache>,
    /// Held by the one request that talks to the token service.
    refreshing: tokio::sync::Mutex<()>,
    /// Replicas sharing one token, with `[cluster] redis_url`.
    cluster: Option<Arc<Cluster>>,
}

impl TokenSource {
    /// A source with no token yet; the first request fetches one.
    pub fn new(
        http: reqwest::Client,
        url: Url,
        auth: TokenAuth,
        client_id: Secret,
        client_secret: Secret,
        timeout: Duration,
        metrics: Arc<Metrics>,
    ) -> Self {
        TokenSource {
            http,
            url,
            auth,
            client_id,
            client_secret,
            timeout,
            metrics,
            cache: Mutex::new(Cache::default()),
            refreshing: tokio::sync::Mutex::new(()),
            cluster: None,
        }
    }

    /// The same source, sharing its token with the other replicas of `cluster`.
    pub fn with_cluster(mut self, cluster: Option<Arc<Cluster>>) -> Self {
        self.cluster = cluster;
        self
    }

    /// A valid token: the cached one, or a new one fetched by exactly one caller.
    pub async fn bearer(&self) -> Result<Secret, TokenError> {
        let seen = {
            let cache = self.lock();
            if let Some(token) = usable(&cache) {
                return Ok(token);
            }
            if let Some((at, e)) = &cache.failure {
                if at.elapsed() < FAILURE_COOLDOWN {
                    return Err(e.clone());
                }
            }
            cache.attempts
        };
        let _turn = self.refreshing.lock().await;
        {
            // Someone else's attempt finished while this one waited: take its outcome.
            let cache = self.lock();
            if cache.attempts != seen {
                if let Some(token) = usable(&cache) {
                    return Ok(token);
                }
                if let Some((_, e)) = &cache.failure {
                    return Err(e.clone());
                }
            }
        }
        let outcome = match &self.cluster {
            Some(cluster) => {
                let rejected = self.lock().rejected.clone();
                cluster.token(rejected.as_ref(), self.fetch()).await
            }
            None => self.fetch().await.map(|token| (token, true)),
        };
        let mut cache = self.lock();
        cache.attempts += 1;
        match outcome {
            Ok((token, fetched)) => {
                if fetched {
                    Metrics::inc(&self.metrics.token_refreshes);
                }
                cache.failure = None;
                cache.token = Some(token.clone());
                Ok(token.value)
            }
            Err(e) => {
                Metrics::inc(&self.metrics.token_errors);
                tracing::warn!(error = %e, "no access token");
                cache.failure = Some((Instant::now(), e.clone()));
                Err(e)
            }
        }
    }

    /// Forgets `rejected` after the API refused it, unless it was already replaced
    /// (of many requests refused with the same token, only the first causes a
    /// refresh) or is too young to be the problem. True when a retry would use
    /// another token.
    pub fn invalidate(&self, rejected: &Secret) -> bool {
        let mut cache = self.lock();
        match &cache.token {
            Some(current) if &current.value == rejected => {
                if current.issued_at.elapsed() < MIN_AGE_TO_REPLACE {
                    return false;
                }
                cache.token = None;
                cache.rejected = Some(rejected.clone());
                true
            }
            _ => true,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A panic while holding this lock cannot leave the cache inconsistent.
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The §4.4.2 request body, with the credentials in it when the service wants them there.
    fn form(&self) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials")
            .append_pair("scope", SCOPE);
        if self.auth == TokenAuth::Body {
            form.append_pair("client_id", self.client_id.expose())
                .append_pair("client_secret", self.client_secret.expose());
        }
        form.finish()
    }

    async fn fetch(&self) -> Result<Token, TokenError> {
        let body = self.form();
        let mut request = self
            .http
            .post(self.url.clone())
            .timeout(self.timeout)
            .header(header::ACCEPT, "application/json");
        if self.auth == TokenAuth::Basic {
            // §2.3.1: id and secret are form-encoded before going into Basic.
            let id: String = form_urlencoded::byte_serialize(self.client_id.expose().as_bytes()).collect();
            let secret: String = form_urlencoded::byte_serialize(self.client_secret.expose().as_bytes()).collect();
            request = request.basic_auth(id, Some(secret));
        }
        let response = request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| transport_error(&e))?;
        if !status.is_success() {
            return Err(TokenError::Refused {
                status: status.as_u16(),
                oauth_error: oauth_error(&body),
            });
        }
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|_| TokenError::BadAnswer)?;
        if answer.access_token.is_empty()
            || answer
                .token_type
                .as_deref()
                .is_some_and(|t| !t.eq_ignore_ascii_case("bearer"))
        {
            return Err(TokenError::BadAnswer);
        }
        let lifetime = lifetime(answer.expires_in);
        tracing::info!(expires_in_s = lifetime.as_secs(), "fetched an access token");
        let now = Instant::now();
        Ok(Token {
            value: Secret::new(answer.access_token),
            issued_at: now,
            refresh_at: refresh_at(now, lifetime),
        })
    }
}

/// The cause goes to the log (it names the token URL, which holds no secret); the
/// dashboard gets the short kind.
fn transport_error(e: &reqwest::Error) -> TokenError {
    tracing::warn!(error = %e, "the token request failed");
    if e.is_timeout() {
        TokenError::Timeout
    } else {
        TokenError::Unreachable
    }
}

/// The announced lifetime, clamped to [`MIN_LIFETIME`]–[`MAX_LIFETIME`].
fn lifetime(expires_in: Option<u64>) -> Duration {
    expires_in
        .map_or(DEFAULT_LIFETIME, Duration::from_secs)
        .clamp(MIN_LIFETIME, MAX_LIFETIME)
}

/// When to replace a token of `lifetime` issued at `now`: [`REFRESH_MARGIN`] before
/// it expires, or at half its life if shorter. Checked, so no lifetime can panic.
fn refresh_at(now: Instant, lifetime: Duration) -> Instant {
    let margin = REFRESH_MARGIN.min(lifetime / 2);
    now.checked_add(lifetime.saturating_sub(margin)).unwrap_or(now)
}

fn usable(cache: &Cache) -> Option<Secret> {
    cache
        .token
        .as_ref()
        .filter(|t| Instant::now() < t.refresh_at)
        .map(|t| t.value.clone())
}

/// RFC 6749 §5.1.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
}

/// The `error` code of an RFC 6749 §5.2 answer, if it is a plain code (it is shown
/// to the dashboard, so nothing else from the body is).
fn oauth_error(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct ErrorAnswer {
        error: String,
    }
    let code = serde_json::from_slice::<ErrorAnswer>(body).ok()?.error;
    let plain = !code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    plain.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_lifetimes_are_clamped_without_overflow() {
        assert_eq!(lifetime(None), DEFAULT_LIFETIME);
        assert_eq!(lifetime(Some(0)), MIN_LIFETIME);
        assert_eq!(lifetime(Some(3600)), Duration::from_secs(3600));
        assert_eq!(lifetime(Some(u64::MAX)), MAX_LIFETIME);
        let now = Instant::now();
        assert_eq!(refresh_at(now, lifetime(Some(0))), now + Duration::from_secs(30));
        assert_eq!(
            refresh_at(now, lifetime(Some(u64::MAX))),
            (now + MAX_LIFETIME).checked_sub(REFRESH_MARGIN).unwrap()
        );
    }

    #[test]
    fn only_plain_oauth_error_codes_are_repeated() {
        assert_eq!(
            oauth_error(br#"{"error":"invalid_client"}"#).as_deref(),
            Some("invalid_client")
        );
        assert_eq!(oauth_error(br#"{"error":"secret is abc"}"#), None);
        assert_eq!(oauth_error(b"<html>"), None);
        let e = TokenError::Refused {
            status: 401,
            oauth_error: Some("invalid_client".into()),
        };
        assert_eq!(
            e.to_string(),
            "the token service refused the proxy's credentials (401, invalid_client)"
        );
    }
}
