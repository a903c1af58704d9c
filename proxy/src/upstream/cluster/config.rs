//! The `[cluster]` table: where the replicas' shared Redis is. Its URL may carry a
//! password, so besides a plain string it can be read like a secret, from `{ env }`
//! or `{ file }`; a plain URL with a password in it is refused.

use std::time::Duration;

use serde::Deserialize;

use crate::upstream::secrets::{Secret, SecretError, SecretSource};

/// The `[cluster]` table. Without `redis_url` every replica keeps to itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// `redis://[[user]:password@]host[:port][/db]`, as text or from a secret. (This
    /// build has no TLS to Redis: keep Redis on a private network.)
    pub redis_url: Option<RedisUrl>,
    /// Prepended to every key, so several deployments can share one Redis.
    pub key_prefix: String,
    /// Longest wait for one Redis command; then the replica serves from its own cache.
    pub timeout_ms: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            redis_url: None,
            key_prefix: "floorview".to_owned(),
            timeout_ms: 500,
        }
    }
}

/// `redis_url = "redis://…"` or `redis_url = { env = "…" }` / `{ file = "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RedisUrl {
    Plain(String),
    Secret(SecretSource),
}

/// Why the `[cluster]` table cannot be used. Never shows the URL: it may hold a password.
#[derive(Debug, thiserror::Error)]
pub enum ClusterConfigError {
    #[error("cluster.redis_url: {0}")]
    Secret(#[from] SecretError),
    #[error("cluster.redis_url carries a password: read it from {{ env = \"…\" }} or {{ file = \"…\" }} instead")]
    PasswordInConfig,
    #[error("cluster.redis_url is not a usable redis:// URL ({0})")]
    Url(String),
    #[error("cluster.timeout_ms must be a positive number")]
    Timeout,
    #[error("cluster.key_prefix must be 1 to 64 letters, digits, '-', '_' or ':'")]
    Prefix,
}

impl ClusterConfig {
    /// The Redis URL, read from wherever it lives; `None` when clustering is off.
    pub fn url(&self) -> Result<Option<Secret>, ClusterConfigError> {
        let url = match &self.redis_url {
            None => return Ok(None),
            Some(RedisUrl::Plain(url)) => {
                if redis::parse_redis_url(url).is_some_and(|u| u.password().is_some()) {
                    return Err(ClusterConfigError::PasswordInConfig);
                }
                Secret::new(url.trim())
            }
            Some(RedisUrl::Secret(source)) => Secret::new(source.read()?),
        };
        if url.expose().is_empty() {
            return Err(SecretError::Empty("cluster.redis_url").into());
        }
        Ok(Some(url))
    }

    /// Checks what can be checked without Redis.
    pub fn validate(&self) -> Result<(), ClusterConfigError> {
        if self.timeout_ms == 0 {
            return Err(ClusterConfigError::Timeout);
        }
        let prefix = &self.key_prefix;
        if prefix.is_empty()
            || prefix.len() > 64
            || !prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b))
        {
            return Err(ClusterConfigError::Prefix);
        }
        if let Some(RedisUrl::Plain(_)) = &self.redis_url {
            self.url()?;
        }
        Ok(())
    }

    /// Longest wait for one Redis command.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ClusterConfig, String> {
        let config: ClusterConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    #[test]
    fn off_by_default() {
        let config = parse("").unwrap();
        assert_eq!(config.url().unwrap(), None);
        assert_eq!(config.timeout(), Duration::from_millis(500));
    }

    #[test]
    fn the_url_is_text_or_a_secret() {
        let plain = parse("redis_url = \"redis://10.0.0.5:6379/0\"").unwrap();
        assert_eq!(plain.url().unwrap().unwrap().expose(), "redis://10.0.0.5:6379/0");

        std::env::set_var("FLOORVIEW_TEST_REDIS_URL", "redis://:pw@10.0.0.5/\n");
        let env = parse("redis_url = { env = \"FLOORVIEW_TEST_REDIS_URL\" }").unwrap();
        assert_eq!(env.url().unwrap().unwrap().expose(), "redis://:pw@10.0.0.5/");

        let file = std::env::temp_dir().join(format!("floorview-redis-url-{}", std::process::id()));
        std::fs::write(&file, "rediss://user:pw@redis.internal:6380\n").unwrap();
        let text = format!("redis_url = {{ file = \"{}\" }}", file.display());
        assert_eq!(
            parse(&text).unwrap().url().unwrap().unwrap().expose(),
            "rediss://user:pw@redis.internal:6380"
        );
        let _ = std::fs::remove_file(file);
    }

    #[test]
    fn passwords_in_the_file_and_bad_values_are_refused_without_showing_the_url() {
        let e = parse("redis_url = \"redis://:hunter2@10.0.0.5\"").unwrap_err();
        assert!(e.contains("password") && !e.contains("hunter2"), "{e}");
        assert!(parse("redis_url = { env = \"FLOORVIEW_TEST_REDIS_UNSET\" }")
            .unwrap()
            .url()
            .is_err());
        assert!(parse("timeout_ms = 0").is_err());
        assert!(parse("key_prefix = \"a b\"").is_err());
        assert!(parse("redis = \"redis://x\"").is_err());
    }
}
