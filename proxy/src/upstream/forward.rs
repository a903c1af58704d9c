//! One call to the Reporting API for a validated [`Query`]: the URL from the config
//! and the validated organisation id (never from the request), the access token and
//! the `x-api-key` added, one refresh and retry on a 401.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use bytes::{Bytes, BytesMut};
use floorview_reporting::Query;
use reqwest::Url;

use super::answer::Answer;
use super::coalesce::Reservation;
use super::config::UpstreamConfig;
use super::metrics::Metrics;
use super::secrets::Secret;
use super::token::TokenSource;
use crate::error::ApiError;

/// Largest body accepted from the API: a 10,000-agent `userActivity` is a few MB.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The Reporting API as the proxy reaches it.
pub struct Upstream {
    http: reqwest::Client,
    config: Arc<UpstreamConfig>,
    tokens: TokenSource,
    api_key: Secret,
    metrics: Arc<Metrics>,
}

impl Upstream {
    /// An upstream reached with `http`, authenticated by `tokens` and `api_key`.
    pub fn new(
        http: reqwest::Client,
        config: Arc<UpstreamConfig>,
        tokens: TokenSource,
        api_key: Secret,
        metrics: Arc<Metrics>,
    ) -> Self {
        Upstream {
            http,
            config,
            tokens,
            api_key,
            metrics,
        }
    }

    /// Asks the API; every failure becomes an answer the dashboard can read. The
    /// body is read only once `reservation` has room for it in the cache's budget.
    pub async fn fetch(&self, query: &Query, reservation: &Reservation) -> Answer {
        let url = match self.url(query) {
            Ok(url) => url,
            Err(e) => return Answer::error(e),
        };
        let mut refreshed = false;
        loop {
            let token = match self.tokens.bearer().await {
                Ok(token) => token,
                Err(e) => return Answer::error(e.into()),
            };
            let answer = match self.call(&url, &token, reservation).await {
                Ok(answer) => answer,
                Err(e) => return Answer::error(e),
            };
            if answer.status == StatusCode::UNAUTHORIZED {
                if self.tokens.invalidate(&token) && !refreshed {
                    tracing::info!(endpoint = %query.endpoint(), "the API refused the access token; refreshing it");
                    refreshed = true;
                    continue;
                }
                // Passed on as 401 it would read as a wrong viewer key.
                return Answer::error(ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "the Reporting API refused the proxy's access token (check the client id's scope and the x-api-key)",
                ));
            }
            return answer;
        }
    }

    fn url(&self, query: &Query) -> Result<Url, ApiError> {
        upstream_url(&self.config, query)
    }

    async fn call(&self, url: &Url, token: &Secret, reservation: &Reservation) -> Result<Answer, ApiError> {
        Metrics::inc(&self.metrics.upstream_calls);
        let timeout = Duration::from_millis(self.config.limits.upstream_timeout_ms);
        let result = self
            .http
            .get(url.clone())
            .timeout(timeout)
            .header(header::ACCEPT, "application/json")
            .header(header::AUTHORIZATION, sensitive(&format!("Bearer {}", token.expose()))?)
            .header("x-api-key", sensitive(self.api_key.expose())?)
            .send()
            .await;
        let mut response = result.map_err(|e| self.transport_error(&e, timeout))?;
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
        // Sized from Content-Length: a body grown by doubling would keep up to twice
        // its size in the cache, unseen by the byte budget.
        let expected = response.content_length().unwrap_or(0);
        if expected > MAX_BODY_BYTES as u64 {
            self.metrics.upstream_error("too_large");
            return Err(too_large());
        }
        let expected = usize::try_from(expected).unwrap_or(0);
        // Room in the budget before the body is read, not after it is cached.
        reservation.admit(expected).await;
        let mut body = BytesMut::with_capacity(expected);
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(&e, timeout))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                self.metrics.upstream_error("too_large");
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
            // Without a Content-Length the body is counted as it grows.
            reservation.grow_to(body.len());
        }
        if !status.is_success() {
            self.metrics.upstream_error(status.as_str());
            tracing::warn!(
                status = status.as_u16(),
                path = url.path(),
                "the Reporting API answered with an error"
            );
        }
        let body = if body.capacity() > body.len() + body.len() / 8 {
            Bytes::copy_from_slice(&body)
        } else {
            body.freeze()
        };
        Ok(Answer::from_upstream(status, content_type, retry_after, body))
    }

    fn transport_error(&self, e: &reqwest::Error, timeout: Duration) -> ApiError {
        if e.is_timeout() {
            self.metrics.upstream_error("timeout");
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                format!("the Reporting API did not answer within {} s", timeout.as_secs_f64()),
            )
        } else {
            self.metrics.upstream_error("unreachable");
            // The cause goes to the log only: it names hosts the dashboard need not see.
            tracing::warn!(error = %e, "the Reporting API could not be reached");
            ApiError::new(StatusCode::BAD_GATEWAY, "the Reporting API could not be reached")
        }
    }
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::BAD_GATEWAY, "the Reporting API's answer was too large")
}

/// The API's URL for a validated query: the host from the config and the
/// organisation id, the path and parameters from the query, nothing from the
/// request itself (`proxy/fuzz` checks this for any input).
pub fn upstream_url(config: &UpstreamConfig, query: &Query) -> Result<Url, ApiError> {
    let base = config.upstream_base(query.org_id()).map_err(|e| {
        tracing::error!(error = %e, "upstream_url");
        ApiError::status(StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    let base = base.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}{}", query.path_and_query())).map_err(|e| {
        tracing::error!(error = %e, "cannot build the upstream URL");
        ApiError::status(StatusCode::INTERNAL_SERVER_ERROR)
    })
}

/// A header value hyper and reqwest will not print in their own logs.
fn sensitive(value: &str) -> Result<HeaderValue, ApiError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        tracing::error!("a credential is not a valid header value");
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "the proxy's credentials are not valid header values",
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}
