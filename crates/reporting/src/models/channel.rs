use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::QueryDataList;
use crate::enums::{ChannelTypeId, ChannelTypeName, InteractionTypeId, InteractionTypeName};

/// `GET …/queries/channelActivity/data?workTypeId=`: one row per interaction type.
pub type ChannelActivity = QueryDataList<ChannelActivityRow>;

/// Interactions of one work type and interaction type, by stage (`channelActivityRow`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ChannelActivityRow {
    #[serde(with = "crate::lenient::open")]
    pub interaction_type_id: Option<InteractionTypeId>,
    #[serde(with = "crate::lenient::open")]
    pub channel_type_id: Option<ChannelTypeId>,
    #[serde(with = "crate::lenient::text")]
    pub work_type_id: Option<String>,
    #[serde(with = "crate::lenient::open")]
    pub interaction_type_name: Option<InteractionTypeName>,
    #[serde(with = "crate::lenient::open")]
    pub channel_type_name: Option<ChannelTypeName>,
    #[serde(with = "crate::lenient::text")]
    pub work_type_name: Option<String>,
    #[serde(with = "crate::lenient::count")]
    pub dial_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub active_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub queue_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub self_service_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub preview_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub hold_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub inactive_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub wrap_count: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub ring_count: Option<u32>,
    #[serde(with = "crate::lenient::timestamp")]
    pub longest_waiting_queue_time: Option<DateTime<FixedOffset>>,
    #[serde(with = "crate::lenient::count")]
    pub self_service_dur: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub queue_dur: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub active_dur: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub preview_dur: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub max_queue_dur: Option<u32>,
}
