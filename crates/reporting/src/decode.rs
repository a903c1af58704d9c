//! Decoding whole response bodies: tolerant of bad rows, precise about bad bodies.
//!
//! A body that is not a payload at all (empty, HTML error page, truncated, not JSON,
//! the wrong shape) is a [`DecodeError`] saying which, so the dashboard can keep the
//! last good data and explain. Inside a good body, a row that cannot be read is
//! skipped and reported as a [`DecodeWarning`]; its siblings are kept.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::value::RawValue;
use thiserror::Error;

use crate::models::{
    ChannelActivity, ErrorResponseObj, ListActivity, PresenceUser, QueryDataList, TeamActivity, UserActivity,
    UsersCollection,
};

mod single_pass;

/// A decoded payload and what had to be overlooked to decode it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub warnings: Vec<DecodeWarning>,
}

/// Why a body could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("the response was empty")]
    Empty,
    #[error("the response was a web page, not data{}", title_suffix(.title))]
    Html { title: Option<String> },
    #[error("the response was cut off before its end")]
    Truncated,
    #[error("the response was not valid JSON ({detail})")]
    NotJson { detail: String },
    #[error("the response did not have the expected shape ({detail})")]
    UnexpectedShape { detail: String },
    #[error("the server answered with an error: {message}")]
    ApiError { message: String },
}

fn title_suffix(title: &Option<String>) -> String {
    title.as_deref().map(|t| format!(": \"{t}\"")).unwrap_or_default()
}

/// Something in an otherwise usable body that was overlooked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeWarning {
    #[error("row {index} was skipped: {reason}")]
    RowSkipped { index: usize, reason: String },
    #[error("totalItems says {declared} but {received} rows arrived")]
    TotalItemsMismatch { declared: u32, received: usize },
    #[error("the rows field was not a list, so no rows were read")]
    RowsNotAList,
}

/// Decodes a `teamActivity` body.
pub fn team_activity(body: &str) -> Result<Decoded<TeamActivity>, DecodeError> {
    query_data_list(body)
}

/// Decodes a `userActivity` body.
pub fn user_activity(body: &str) -> Result<Decoded<UserActivity>, DecodeError> {
    query_data_list(body)
}

/// Decodes a `channelActivity` body.
pub fn channel_activity(body: &str) -> Result<Decoded<ChannelActivity>, DecodeError> {
    query_data_list(body)
}

/// Decodes a `listActivity` body.
pub fn list_activity(body: &str) -> Result<Decoded<ListActivity>, DecodeError> {
    let json = check_body(body)?;
    let value: ListActivity = parse(json)?;
    if value == ListActivity::default() {
        reject_error_body(json)?;
    }
    Ok(Decoded {
        value,
        warnings: Vec::new(),
    })
}

/// Decodes a `presence/users` body.
pub fn presence_users(body: &str) -> Result<Decoded<UsersCollection>, DecodeError> {
    let json = check_body(body)?;
    if let Ok(single_pass::PresenceEnvelope {
        kind,
        total_items,
        users: Some(users),
    }) = serde_json::from_str(json)
    {
        let mut warnings = Vec::new();
        check_total(total_items, users.len(), &mut warnings);
        let value = UsersCollection {
            kind,
            users,
            total_items,
        };
        return Ok(Decoded { value, warnings });
    }
    let envelope: PresenceEnvelope = parse(json)?;
    if envelope.kind.is_none() && envelope.users.is_none() {
        reject_error_body(json)?;
    }
    let mut warnings = Vec::new();
    let users: Vec<PresenceUser> = rows_of(envelope.users, &mut warnings);
    check_total(envelope.total_items, users.len(), &mut warnings);
    let value = UsersCollection {
        kind: envelope.kind,
        users,
        total_items: envelope.total_items,
    };
    Ok(Decoded { value, warnings })
}

/// The message of an error body in either of the API's shapes (`ErrorResponse` or
/// `ErrorResponseObj`), or of an HTML error page's title; `None` when there is none.
pub fn error_message(body: &str) -> Option<String> {
    let json = match check_body(body) {
        Ok(json) => json,
        Err(DecodeError::Html { title }) => return title,
        Err(_) => return None,
    };
    let probe: ErrorProbe = serde_json::from_str(json).ok()?;
    probe.message()
}

fn query_data_list<Row: DeserializeOwned>(body: &str) -> Result<Decoded<QueryDataList<Row>>, DecodeError> {
    let json = check_body(body)?;
    if let Ok(single_pass::QueryEnvelope {
        kind,
        total_items,
        rows: Some(rows),
    }) = serde_json::from_str(json)
    {
        let mut warnings = Vec::new();
        check_total(total_items, rows.len(), &mut warnings);
        let value = QueryDataList {
            kind,
            total_items,
            rows,
        };
        return Ok(Decoded { value, warnings });
    }
    let envelope: QueryEnvelope = parse(json)?;
    if envelope.kind.is_none() && envelope.rows.is_none() {
        reject_error_body(json)?;
    }
    let mut warnings = Vec::new();
    let rows: Vec<Row> = rows_of(envelope.rows, &mut warnings);
    check_total(envelope.total_items, rows.len(), &mut warnings);
    let value = QueryDataList {
        kind: envelope.kind,
        total_items: envelope.total_items,
        rows,
    };
    Ok(Decoded { value, warnings })
}

/// Reads each element of a JSON list on its own, so one bad row costs only itself.
fn rows_of<Row: DeserializeOwned>(raw: Option<RawRows>, warnings: &mut Vec<DecodeWarning>) -> Vec<Row> {
    let elements = match raw {
        None | Some(RawRows::Null) => return Vec::new(),
        Some(RawRows::NotAList) => {
            warnings.push(DecodeWarning::RowsNotAList);
            return Vec::new();
        }
        Some(RawRows::List(elements)) => elements,
    };
    let mut rows = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        let text = element.get();
        if !text.starts_with('{') {
            warnings.push(DecodeWarning::RowSkipped {
                index,
                reason: format!("expected an object, found {}", json_kind(text)),
            });
            continue;
        }
        match serde_json::from_str::<Row>(text) {
            Ok(row) => rows.push(row),
            Err(e) => warnings.push(DecodeWarning::RowSkipped {
                index,
                reason: e.to_string(),
            }),
        }
    }
    rows
}

/// A `rows`/`users` field, split into its elements' raw text in the same pass that
/// reads the envelope, so a large body is scanned once before the rows are decoded.
enum RawRows<'a> {
    List(Vec<&'a RawValue>),
    Null,
    NotAList,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawRows<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawRowsVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> serde::de::Visitor<'de> for RawRowsVisitor<'a> {
            type Value = RawRows<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of rows")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut elements = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(100_000));
                while let Some(element) = seq.next_element::<&'de RawValue>()? {
                    elements.push(element);
                }
                Ok(RawRows::List(elements))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(RawRows::Null)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawRows::NotAList)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
        }

        deserializer.deserialize_any(RawRowsVisitor(std::marker::PhantomData))
    }
}

fn check_total(declared: Option<u32>, received: usize, warnings: &mut Vec<DecodeWarning>) {
    if let Some(declared) = declared {
        if usize::try_from(declared).ok() != Some(received) {
            warnings.push(DecodeWarning::TotalItemsMismatch { declared, received });
        }
    }
}

/// Rejects bodies that are not JSON documents before serde sees them, so the error
/// names what the body actually was.
fn check_body(body: &str) -> Result<&str, DecodeError> {
    let json = body.trim_start_matches('\u{feff}').trim();
    if json.is_empty() {
        return Err(DecodeError::Empty);
    }
    if json.starts_with('<') {
        return Err(DecodeError::Html {
            title: html_title(json),
        });
    }
    if !json.starts_with('{') {
        // Every payload is an object; say whether this was other JSON or not JSON.
        parse::<serde::de::IgnoredAny>(json)?;
        return Err(DecodeError::UnexpectedShape {
            detail: format!("expected an object, found {}", json_kind(json)),
        });
    }
    Ok(json)
}

fn parse<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, DecodeError> {
    serde_json::from_str(json).map_err(|e| match e.classify() {
        Category::Eof => DecodeError::Truncated,
        Category::Syntax | Category::Io => DecodeError::NotJson { detail: e.to_string() },
        Category::Data => DecodeError::UnexpectedShape { detail: e.to_string() },
    })
}

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = html
        .get(open_end..close)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!title.is_empty()).then_some(title)
}

fn json_kind(text: &str) -> &'static str {
    match text.as_bytes().first() {
        Some(b'[') => "a list",
        Some(b'"') => "text",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

/// The error fields a body may carry instead of data, in either of the API's shapes.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ErrorProbe<'a> {
    #[serde(with = "crate::lenient::text")]
    error: Option<String>,
    #[serde(with = "crate::lenient::text")]
    message: Option<String>,
    #[serde(borrow)]
    errors: Option<&'a RawValue>,
}

impl ErrorProbe<'_> {
    fn message(&self) -> Option<String> {
        let details = self.errors.and_then(|raw| {
            let body = format!("{{\"errors\":{}}}", raw.get());
            let obj = serde_json::from_str::<ErrorResponseObj>(&body).ok()?;
            ErrorResponseObj {
                message: self.message.clone(),
                ..obj
            }
            .summary()
        });
        self.error
            .clone()
            .or(details)
            .or_else(|| self.message.clone())
            .filter(|m| !m.trim().is_empty())
    }
}

/// An error when a body without data carries an error message instead.
fn reject_error_body(json: &str) -> Result<(), DecodeError> {
    match serde_json::from_str::<ErrorProbe>(json)
        .ok()
        .and_then(|probe| probe.message())
    {
        Some(message) => Err(DecodeError::ApiError { message }),
        None => Ok(()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryEnvelope<'a> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, borrow)]
    rows: Option<RawRows<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PresenceEnvelope<'a> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, borrow)]
    users: Option<RawRows<'a>>,
}
