//! One access token for every replica: stored in Redis until it is due for
//! replacement, and fetched by one replica at a time under a lease while the others
//! wait for it. A token the API refused is never taken from Redis again by the
//! replica that saw the refusal; the replacement it fetches overwrites it for all.

use std::future::Future;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::health::ClusterMetrics;
use super::{millis, remaining, Away, Cluster};
use crate::upstream::secrets::Secret;
use crate::upstream::token::{Token, TokenError};

/// The stored token. Its key expires when the token is due for replacement.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    token: String,
    /// The key's expiry when it was written, to tell the token's age from its PTTL.
    lifetime_ms: u64,
}

impl Cluster {
    /// A token: the shared one unless it is `rejected`, else one `fetch` gets while
    /// this replica holds the token lease, else the one another replica fetches.
    /// True when it came from the token service. Whatever happens to Redis, `fetch` answers.
    pub(in crate::upstream) async fn token<Fut>(
        &self,
        rejected: Option<&Secret>,
        fetch: Fut,
    ) -> Result<(Token, bool), TokenError>
    where
        Fut: Future<Output = Result<Token, TokenError>>,
    {
        if !self.available() {
            return fetch.await.map(|token| (token, true));
        }
        let deadline = Instant::now() + self.token_wait;
        let usable = |found: Option<Token>| found.filter(|t| Some(&t.value) != rejected);
        loop {
            let found = match self.read_token().await {
                Ok(found) => usable(found),
                Err(Away) => return self.token_alone(fetch).await,
            };
            if let Some(token) = found {
                ClusterMetrics::inc(&self.cluster_metrics().shared_tokens);
                return Ok((token, false));
            }
            match self.acquire(&self.token_name).await {
                Ok(Some(lease)) => {
                    if let Ok(Some(token)) = self.read_token().await.map(usable) {
                        self.release(lease).await;
                        ClusterMetrics::inc(&self.cluster_metrics().shared_tokens);
                        return Ok((token, false));
                    }
                    let outcome = fetch.await;
                    if let Ok(token) = &outcome {
                        self.write_token(token).await;
                    }
                    self.release(lease).await;
                    return outcome.map(|token| (token, true));
                }
                Ok(None) => {}
                Err(Away) => return self.token_alone(fetch).await,
            }
            match self.wait_for_lease(&self.token_name, deadline).await {
                Ok(true) => {}
                Ok(false) | Err(Away) => return self.token_alone(fetch).await,
            }
        }
    }

    async fn token_alone<Fut>(&self, fetch: Fut) -> Result<(Token, bool), TokenError>
    where
        Fut: Future<Output = Result<Token, TokenError>>,
    {
        ClusterMetrics::inc(&self.cluster_metrics().fallbacks);
        fetch.await.map(|token| (token, true))
    }

    async fn read_token(&self) -> Result<Option<Token>, Away> {
        let key = format!("{}:{}", self.prefix, self.token_name);
        let (blob, ttl): (Option<Vec<u8>>, i64) = self
            .call(|mut redis| async move { redis::pipe().get(&key).pttl(&key).query_async(&mut redis).await })
            .await?;
        let now = Instant::now();
        let token = blob
            .and_then(|blob| serde_json::from_slice::<Stored>(&blob).ok())
            .filter(|stored| !stored.token.is_empty())
            .and_then(|stored| {
                let left = remaining(ttl).filter(|left| !left.is_zero())?;
                let age = Duration::from_millis(stored.lifetime_ms).saturating_sub(left);
                Some(Token {
                    value: Secret::new(stored.token),
                    issued_at: now.checked_sub(age).unwrap_or(now),
                    refresh_at: now + left,
                })
            });
        Ok(token)
    }

    async fn write_token(&self, token: &Token) {
        let left = token.refresh_at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        let stored = Stored {
            token: token.value.expose().to_owned(),
            lifetime_ms: millis(left),
        };
        let Ok(blob) = serde_json::to_vec(&stored) else {
            return;
        };
        let key = format!("{}:{}", self.prefix, self.token_name);
        let _ = self
            .call(|mut redis| async move {
                redis::cmd("SET")
                    .arg(&key)
                    .arg(blob)
                    .arg("PX")
                    .arg(millis(left))
                    .query_async::<()>(&mut redis)
                    .await
            })
            .await;
    }
}

/// The token's name in Redis: which client of which token service, without
/// showing the client id (FNV-1a, stable across builds, unlike the std hasher).
pub fn token_name(token_url: &str, client_id: &Secret) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in token_url.bytes().chain([0]).chain(client_id.expose().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("token-{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_differ_by_client_and_service_and_hide_the_id() {
        let a = token_name("https://t.example/token", &Secret::new("client-a"));
        assert_eq!(a, token_name("https://t.example/token", &Secret::new("client-a")));
        assert_ne!(a, token_name("https://t.example/token", &Secret::new("client-b")));
        assert_ne!(a, token_name("https://u.example/token", &Secret::new("client-a")));
        assert!(!a.contains("client"));
    }
}
