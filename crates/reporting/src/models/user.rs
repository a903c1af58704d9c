use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::QueryDataList;
use crate::enums::{StateId, StateName};

/// `GET …/queries/userActivity/data?teamId=&tzOffset=`: one row per agent of a team.
pub type UserActivity = QueryDataList<UserActivityRow>;

/// One agent's current activity (`userActivityRow`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UserActivityRow {
    #[serde(with = "crate::lenient::text")]
    pub user_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub team_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub preferred_name: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub team_name: Option<String>,
    #[serde(with = "crate::lenient::timestamp")]
    pub sign_on_time: Option<DateTime<FixedOffset>>,
    #[serde(with = "crate::lenient::open")]
    pub state_id: Option<StateId>,
    #[serde(with = "crate::lenient::open")]
    pub state_name: Option<StateName>,
    #[serde(with = "crate::lenient::timestamp")]
    pub state_start_time: Option<DateTime<FixedOffset>>,
    #[serde(with = "crate::lenient::text")]
    pub reason_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub reason_name: Option<String>,
    #[serde(with = "crate::lenient::count")]
    pub interaction_count: Option<u32>,
    #[serde(with = "crate::lenient::timestamp")]
    pub sign_on_time_local: Option<DateTime<FixedOffset>>,
    #[serde(with = "crate::lenient::timestamp")]
    pub state_start_time_local: Option<DateTime<FixedOffset>>,
    #[serde(with = "crate::lenient::count")]
    pub state_dur: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub sign_on_dur: Option<u32>,
}

impl UserActivityRow {
    /// What to call the agent: the preferred name, else the user id.
    pub fn display_name(&self) -> &str {
        self.preferred_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.user_id.as_deref())
            .unwrap_or("")
    }
}
