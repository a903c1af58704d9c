use serde::{Deserialize, Serialize};

use super::QueryDataList;

/// `GET …/queries/teamActivity/data?teamId=`: agent counts by state for a team.
pub type TeamActivity = QueryDataList<TeamActivityRow>;

/// One team's counts of agents in each state (`teamActivityRows`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TeamActivityRow {
    #[serde(with = "crate::lenient::text")]
    pub team_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub team_name: Option<String>,
    #[serde(with = "crate::lenient::count")]
    pub not_ready_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub park_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub park_warning_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub idle_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub pending_active_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub active_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub wrap_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub wrap_warning_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub multi_line_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub hold_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub preview_count: Option<u32>,
}

impl TeamActivityRow {
    /// The eleven per-state counters with their display labels, in the order a
    /// supervisor reads them (available first, then working, then away).
    pub fn counters(&self) -> [(&'static str, Option<u32>); 11] {
        [
            ("Idle", self.idle_count),
            ("Pending active", self.pending_active_count),
            ("Active", self.active_count),
            ("Multiline", self.multi_line_count),
            ("Hold", self.hold_count),
            ("Preview", self.preview_count),
            ("Wrap", self.wrap_count),
            ("Wrap warning", self.wrap_warning_count),
            ("Park", self.park_count),
            ("Park warning", self.park_warning_count),
            ("Not ready", self.not_ready_count),
        ]
    }

    /// Agents counted in any state: the team's signed-on agents.
    pub fn signed_on(&self) -> u64 {
        self.counters().iter().filter_map(|(_, c)| *c).map(u64::from).sum()
    }
}
