use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

/// The API's plain error body: `{"error": "Bad Request"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorResponse {
    #[serde(with = "crate::lenient::text")]
    pub error: Option<String>,
}

/// The API's structured error body (`ErrorResponseObj`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorResponseObj {
    #[serde(with = "crate::lenient::count")]
    pub code: Option<u32>,
    #[serde(with = "crate::lenient::text")]
    pub message: Option<String>,
    /// A list in the schema, a bare string in the example (`"errors": "errors"`): a
    /// string becomes one item carrying it as its message.
    #[serde(deserialize_with = "error_items")]
    pub errors: Vec<ErrorResponseItem>,
}

/// One detail of an [`ErrorResponseObj`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorResponseItem {
    #[serde(with = "crate::lenient::text")]
    pub scope: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub reason: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub message: Option<String>,
}

fn error_items<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<ErrorResponseItem>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Items {
        List(Vec<ErrorResponseItem>),
        One(ErrorResponseItem),
        Text(String),
        Anything(serde::de::IgnoredAny),
    }
    Ok(match Items::deserialize(deserializer)? {
        Items::List(items) => items,
        Items::One(item) => vec![item],
        Items::Text(message) => vec![ErrorResponseItem {
            message: Some(message),
            ..Default::default()
        }],
        Items::Anything(_) => Vec::new(),
    })
}

impl ErrorResponseObj {
    /// The most specific message the body carries.
    pub fn summary(&self) -> Option<String> {
        let details: Vec<&str> = self
            .errors
            .iter()
            .filter_map(|e| e.message.as_deref().or(e.reason.as_deref()))
            .collect();
        match (self.message.as_deref(), details.is_empty()) {
            (Some(m), true) => Some(m.to_owned()),
            (Some(m), false) => Some(format!("{m}: {}", details.join("; "))),
            (None, false) => Some(details.join("; ")),
            (None, true) => None,
        }
    }
}
