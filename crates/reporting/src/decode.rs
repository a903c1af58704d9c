//! Decoding whole response bodies: tolerant of bad rows, precise about bad bodies.
//!
//! A body that is not a payload at all (empty, HTML error page, truncated, not JSON,
//! the wrong shape) is a [`DecodeError`] saying which, so the dashboard can keep the
//! last good data and explain. Inside a good body, a row that cannot be read is
//! skipped and reported as a [`DecodeWarning`]; its siblings are kept.
//!
//! The per-agent bodies (`userActivity`, presence), which can hold 10,000 rows, are
//! read first by `layout`, a reader of the API's own layout; it gives up rather than
//! overlook anything, and then, as every other list body, they are read through serde
//! row by row (`careful`). So the result never depends on which path read it;
//! `tests` checks that on bent and broken bodies.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::value::RawValue;
use thiserror::Error;

use crate::models::{
    ChannelActivity, ErrorResponseObj, ListActivity, QueryDataList, TeamActivity, UserActivity, UsersCollection,
};

mod careful;
mod fields;
mod layout;
#[cfg(test)]
mod tests;

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
    #[error("the response was a web page, not data{}", title_suffix(.title.as_deref()))]
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

fn title_suffix(title: Option<&str>) -> String {
    title.map(|t| format!(": \"{t}\"")).unwrap_or_default()
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
    careful::read(check_body(body)?, ListKey::Rows).map(RowList::into_query_data_list)
}

/// Decodes a `userActivity` body.
pub fn user_activity(body: &str) -> Result<Decoded<UserActivity>, DecodeError> {
    fast_list(check_body(body)?, ListKey::Rows).map(RowList::into_query_data_list)
}

/// Decodes a `channelActivity` body.
pub fn channel_activity(body: &str) -> Result<Decoded<ChannelActivity>, DecodeError> {
    careful::read(check_body(body)?, ListKey::Rows).map(RowList::into_query_data_list)
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
    fast_list(check_body(body)?, ListKey::Users).map(|list| {
        let mut warnings = list.warnings;
        check_total(list.total_items, list.rows.len(), &mut warnings);
        Decoded {
            value: UsersCollection {
                kind: list.kind,
                users: list.rows,
                total_items: list.total_items,
            },
            warnings,
        }
    })
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

/// Fuzzing only: panics when the layout reader reads `body` other than the careful
/// path does, for either per-agent body. (`cargo fuzz` builds with `--cfg fuzzing`.)
#[cfg(fuzzing)]
pub fn assert_paths_agree(body: &str) {
    use crate::models::{PresenceUser, UserActivityRow};
    fn agree<Row>(json: &str, key: ListKey)
    where
        Row: DeserializeOwned + layout::Fields + PartialEq + std::fmt::Debug,
    {
        let careful = careful::read::<Row>(json, key);
        if let Some(fast) = layout::read::<Row>(json, key.name()) {
            assert_eq!(Ok(fast), careful, "layout: {json}");
        }
    }
    if let Ok(json) = check_body(body) {
        agree::<UserActivityRow>(json, ListKey::Rows);
        agree::<PresenceUser>(json, ListKey::Users);
    }
}

/// Where a list body keeps its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKey {
    /// `rows`, in the query endpoints' `via#queryDataList`.
    Rows,
    /// `users`, in presence's `via#presenceDataList`.
    Users,
}

impl ListKey {
    fn name(self) -> &'static str {
        match self {
            ListKey::Rows => "rows",
            ListKey::Users => "users",
        }
    }
}

/// A list body as read by any of the paths, before `totalItems` is checked.
#[derive(Debug, PartialEq)]
struct RowList<Row> {
    kind: Option<String>,
    total_items: Option<u32>,
    rows: Vec<Row>,
    /// What was overlooked while reading the rows.
    warnings: Vec<DecodeWarning>,
}

impl<Row> RowList<Row> {
    fn into_query_data_list(self) -> Decoded<QueryDataList<Row>> {
        let mut warnings = self.warnings;
        check_total(self.total_items, self.rows.len(), &mut warnings);
        Decoded {
            value: QueryDataList {
                kind: self.kind,
                total_items: self.total_items,
                rows: self.rows,
            },
            warnings,
        }
    }
}

/// The per-agent bodies, which can hold 10,000 rows: the [`layout`] reader first,
/// which reads the API's own layout fastest, else [`careful`].
fn fast_list<Row: DeserializeOwned + layout::Fields>(json: &str, key: ListKey) -> Result<RowList<Row>, DecodeError> {
    match layout::read(json, key.name()) {
        Some(list) => Ok(list),
        None => careful::read(json, key),
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
