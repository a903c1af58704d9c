//! The proxy's secrets: OAuth2 client id and secret, the `x-api-key`, and the viewer
//! keys. They come only from environment variables or files named in the config
//! (argv is readable by every user of the machine through `ps`), and they are held
//! in [`Secret`], whose `Debug` and `Display` print `[redacted]`, so no log line or
//! error message can carry one by accident.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;

/// A value that must never be printed. Only [`Secret::expose`] reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where one secret is read from: `{ env = "NAME" }` or `{ file = "/path" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SecretSource {
    /// An environment variable's value.
    Env(String),
    /// A file's content, trimmed (systemd credentials, Kubernetes or Docker secrets).
    File(PathBuf),
}

impl SecretSource {
    fn env(name: &str) -> Self {
        SecretSource::Env(name.to_owned())
    }

    /// Reads the value; the error names the source, never the value.
    pub(crate) fn read(&self) -> Result<String, SecretError> {
        let raw = match self {
            SecretSource::Env(name) => std::env::var(name).map_err(|_| SecretError::Env(name.clone()))?,
            SecretSource::File(path) => std::fs::read_to_string(path).map_err(|e| SecretError::File {
                path: path.display().to_string(),
                reason: e.kind().to_string(),
            })?,
        };
        Ok(raw.trim().to_owned())
    }
}

/// The `[secrets]` table: where each secret lives.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecretsConfig {
    pub client_id: SecretSource,
    pub client_secret: SecretSource,
    pub api_key: SecretSource,
    /// Keys the dashboards must present, one a line or comma-separated. None: no
    /// viewer keys, anyone who reaches the proxy may read the data.
    pub viewer_keys: Option<SecretSource>,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        SecretsConfig {
            client_id: SecretSource::env("FLOORVIEW_CLIENT_ID"),
            client_secret: SecretSource::env("FLOORVIEW_CLIENT_SECRET"),
            api_key: SecretSource::env("FLOORVIEW_API_KEY"),
            viewer_keys: None,
        }
    }
}

/// Why a secret could not be read. Names where it was looked for, never a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("environment variable {0} is not set")]
    Env(String),
    #[error("cannot read secret file {path}: {reason}")]
    File { path: String, reason: String },
    #[error("{0} is empty")]
    Empty(&'static str),
}

/// The secrets themselves, read once at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secrets {
    pub client_id: Secret,
    pub client_secret: Secret,
    pub api_key: Secret,
    /// Empty when viewer keys are off.
    pub viewer_keys: Vec<ViewerKey>,
}

impl Secrets {
    /// Reads every secret from where the config says.
    pub fn load(config: &SecretsConfig) -> Result<Secrets, SecretError> {
        let required = |source: &SecretSource, what: &'static str| {
            let value = source.read()?;
            if value.is_empty() {
                Err(SecretError::Empty(what))
            } else {
                Ok(Secret::new(value))
            }
        };
        let viewer_keys = match &config.viewer_keys {
            None => Vec::new(),
            Some(source) => {
                let keys = parse_viewer_keys(&source.read()?);
                if keys.is_empty() {
                    // Configured but empty would silently mean "open to all": refuse.
                    return Err(SecretError::Empty("viewer_keys"));
                }
                keys
            }
        };
        Ok(Secrets {
            client_id: required(&config.client_id, "client_id")?,
            client_secret: required(&config.client_secret, "client_secret")?,
            api_key: required(&config.api_key, "api_key")?,
            viewer_keys,
        })
    }
}

/// A viewer key and the organisations it may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerKey {
    pub key: Secret,
    /// `None` for a bare key: it reads the one configured organisation, and is
    /// refused at start when several are configured.
    pub organizations: Option<Vec<String>>,
}

impl ViewerKey {
    /// A key without organisations.
    pub fn bare(key: impl Into<String>) -> Self {
        ViewerKey {
            key: Secret::new(key),
            organizations: None,
        }
    }

    /// A key that reads `organizations`.
    pub fn scoped(key: impl Into<String>, organizations: &[&str]) -> Self {
        ViewerKey {
            key: Secret::new(key),
            organizations: Some(organizations.iter().map(|o| (*o).to_owned()).collect()),
        }
    }
}

/// Reads a viewer key list: one `KEY ORG[,ORG…]` a line (the key, whitespace, the
/// organisations it may read), or bare keys, one a line or comma-separated (`a, b`);
/// blank lines and lines starting with `#` are skipped.
pub fn parse_viewer_keys(raw: &str) -> Vec<ViewerKey> {
    let mut keys = Vec::new();
    for line in raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        match line.split_once(char::is_whitespace) {
            // `a, b`: a comma right after the first word means a list of bare keys.
            Some((key, orgs)) if !key.ends_with(',') => keys.push(ViewerKey {
                key: Secret::new(key),
                organizations: Some(
                    orgs.split([',', ' ', '\t'])
                        .map(str::trim)
                        .filter(|o| !o.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
            }),
            _ => keys.extend(
                line.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(ViewerKey::bare),
            ),
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret} {secret:?}"), "[redacted] [redacted]");
        let secrets = Secrets {
            client_id: Secret::new("id-123"),
            client_secret: Secret::new("s3cr3t"),
            api_key: Secret::new("key-456"),
            viewer_keys: vec![ViewerKey::scoped("viewer-789", &["acme"])],
        };
        let shown = format!("{secrets:?}");
        for value in ["id-123", "s3cr3t", "key-456", "viewer-789"] {
            assert!(!shown.contains(value), "{shown}");
        }
    }

    #[test]
    fn viewer_key_lists_split_on_lines_and_commas() {
        let keys = parse_viewer_keys("# wallboards\na, b\n\n c \n");
        let keys: Vec<&str> = keys.iter().map(|k| k.key.expose()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
    }

    #[test]
    fn viewer_keys_name_their_organisations() {
        let keys = parse_viewer_keys("k1 acme\nk2 acme,beta\n k3\tbeta, gamma \nk4\n");
        assert_eq!(
            keys,
            [
                ViewerKey::scoped("k1", &["acme"]),
                ViewerKey::scoped("k2", &["acme", "beta"]),
                ViewerKey::scoped("k3", &["beta", "gamma"]),
                ViewerKey::bare("k4"),
            ]
        );
    }

    #[test]
    fn a_missing_file_is_named_without_a_value() {
        let config = SecretsConfig {
            client_id: SecretSource::File("/nonexistent/floorview/id".into()),
            ..SecretsConfig::default()
        };
        let e = Secrets::load(&config).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/floorview/id"), "{e}");
    }
}
