//! Serde models of the five Reporting API payloads and its error bodies.
//!
//! Every field is optional and decoded by [`crate::lenient`], so odd values become
//! `None` rather than errors. Wire names are the API's (camelCase); Rust names are
//! `snake_case`. `None` is written as `null`, which decodes back to `None`.

mod channel;
mod error;
mod list;
mod presence;
mod team;
mod user;

pub use channel::{ChannelActivity, ChannelActivityRow};
pub use error::{ErrorResponse, ErrorResponseItem, ErrorResponseObj};
pub use list::ListActivity;
pub use presence::{PresenceUser, UsersCollection};
pub use team::{TeamActivity, TeamActivityRow};
pub use user::{UserActivity, UserActivityRow};

use serde::{Deserialize, Serialize};

/// `kind` of the three query endpoints' lists.
pub const KIND_QUERY_DATA_LIST: &str = "via#queryDataList";
/// `kind` of `listActivity`.
pub const KIND_LIST_ACTIVITY: &str = "via#listActivity";
/// `kind` of `presence/users`.
pub const KIND_PRESENCE_DATA_LIST: &str = "via#presenceDataList";

/// The `via#queryDataList` envelope shared by `teamActivity`, `userActivity` and
/// `channelActivity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "Row: Deserialize<'de>"))]
pub struct QueryDataList<Row> {
    #[serde(default, with = "crate::lenient::text")]
    pub kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    pub total_items: Option<u32>,
    #[serde(default = "Vec::new")]
    pub rows: Vec<Row>,
}

impl<Row> QueryDataList<Row> {
    /// A list as the API sends it: its kind, its rows, and `totalItems` matching them.
    pub fn new(rows: Vec<Row>) -> Self {
        QueryDataList {
            kind: Some(KIND_QUERY_DATA_LIST.to_owned()),
            total_items: u32::try_from(rows.len()).ok(),
            rows,
        }
    }
}
