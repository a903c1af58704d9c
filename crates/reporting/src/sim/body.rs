//! The JSON bodies the proxy serves, written straight from the simulator's state.
//!
//! `userActivity` and `presence/users` carry one row per agent, so a 10,000-agent
//! floor writes 20,000 rows a second. Building the owned models first and letting
//! serde escape every key costs several allocations a row and most of the time; these
//! two are written here from borrowed state, keys and each agent's unchanging text as
//! ready-made JSON, and come out byte for byte as `serde_json` writes the models
//! (`tests/bodies.rs` compares them).
//! The other three endpoints are a handful of rows and keep using serde.

use super::json::{write_count, write_digits, write_optional_str, write_str, TimeWriter};
use super::snapshot::seconds;
use super::Simulator;
use crate::endpoint::{Endpoint, Query};
use crate::models::{KIND_PRESENCE_DATA_LIST, KIND_QUERY_DATA_LIST};
use crate::tz::TzOffset;

/// Bytes a `userActivity` row takes at most, give or take a long name; only sizes
/// the buffer up front.
const USER_ROW_BYTES: usize = 480;
/// The same for a presence row.
const PRESENCE_ROW_BYTES: usize = 200;

impl Simulator {
    /// The JSON body answering `query` at this instant, as the API would send it;
    /// `None` when the team, work type or contact list it names does not exist.
    pub fn body(&self, query: &Query) -> Option<Vec<u8>> {
        let id = |name| query.param(name).unwrap_or_default();
        let json = match query.endpoint() {
            Endpoint::TeamActivity => serde_json::to_vec(&self.team_activity(id("teamId"))?),
            Endpoint::UserActivity => {
                // Query::new has validated it; a query built otherwise falls back to UTC.
                let tz = query
                    .param("tzOffset")
                    .and_then(|tz| tz.parse::<TzOffset>().ok())
                    .unwrap_or(TzOffset::UTC);
                return self.user_activity_json(id("teamId"), tz);
            }
            Endpoint::ChannelActivity => serde_json::to_vec(&self.channel_activity(id("workTypeId"))?),
            Endpoint::ListActivity => serde_json::to_vec(&self.list_activity(id("contactList"))?),
            Endpoint::PresenceUsers => return self.presence_json(query.param("workTypeId")),
        };
        // The models hold only strings, numbers and timestamps, which always serialise.
        json.ok()
    }

    /// [`Simulator::user_activity`] as JSON, without building the rows.
    pub fn user_activity_json(&self, team_id: &str, tz: TzOffset) -> Option<Vec<u8>> {
        let team = &self.teams[*self.team_index.get(team_id)?];
        let signed_on = || team.members.iter().copied().filter(|&i| self.agents[i].is_signed_on());
        let total = signed_on().count();
        let mut out = Vec::with_capacity(64 + total * USER_ROW_BYTES);
        out.extend_from_slice(b"{\"kind\":");
        write_str(&mut out, KIND_QUERY_DATA_LIST);
        out.extend_from_slice(b",\"totalItems\":");
        write_count(&mut out, u32::try_from(total).ok());
        out.extend_from_slice(b",\"rows\":[");
        let mut times = (TimeWriter::new(0), TimeWriter::new(tz.seconds()));
        for (n, index) in signed_on().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            self.write_user_row(&mut out, index, &mut times);
        }
        out.extend_from_slice(b"]}");
        Some(out)
    }

    /// One `userActivityRow`, field for field as [`Simulator::user_activity`] fills it.
    /// `times` writes UTC times and local times.
    fn write_user_row(&self, out: &mut Vec<u8>, index: usize, times: &mut (TimeWriter, TimeWriter)) {
        let agent = &self.agents[index];
        let signed_on = agent.signed_on.unwrap_or(self.t);
        let sign_on_time = self.origin.timestamp() + signed_on;
        let state_start_time = self.origin.timestamp() + agent.state_since;
        out.extend_from_slice(&self.agent_json[index].user_row_head);
        times.0.write(out, sign_on_time);
        out.extend_from_slice(b",\"stateId\":");
        write_str(out, agent.state.as_str());
        out.extend_from_slice(b",\"stateName\":");
        write_str(out, agent.state.name().as_str());
        out.extend_from_slice(b",\"stateStartTime\":");
        times.0.write(out, state_start_time);
        out.extend_from_slice(b",\"reasonId\":");
        write_optional_str(out, agent.reason.map(|r| r.0));
        out.extend_from_slice(b",\"reasonName\":");
        write_optional_str(out, agent.reason.map(|r| r.1));
        out.extend_from_slice(b",\"interactionCount\":");
        write_count(out, u32::try_from(agent.calls.len()).ok());
        out.extend_from_slice(b",\"signOnTimeLocal\":");
        times.1.write(out, sign_on_time);
        out.extend_from_slice(b",\"stateStartTimeLocal\":");
        times.1.write(out, state_start_time);
        out.extend_from_slice(b",\"stateDur\":");
        write_count(out, seconds(self.t - agent.state_since));
        out.extend_from_slice(b",\"signOnDur\":");
        write_count(out, seconds(self.t - signed_on));
        out.push(b'}');
    }

    /// [`Simulator::presence`] as JSON, without building the rows.
    pub fn presence_json(&self, work_type_id: Option<&str>) -> Option<Vec<u8>> {
        let only = match work_type_id {
            Some(id) => Some(*self.work_type_index.get(id)?),
            None => None,
        };
        let mut out = Vec::with_capacity(96 + self.agents.len() * PRESENCE_ROW_BYTES);
        out.extend_from_slice(b"{\"kind\":");
        write_str(&mut out, KIND_PRESENCE_DATA_LIST);
        out.extend_from_slice(b",\"users\":[");
        let mut total = 0usize;
        let listed = self
            .agents
            .iter()
            .zip(&self.agent_json)
            .filter(|(a, _)| a.is_signed_on() && only.is_none_or(|w| w == a.work_type));
        for (agent, json) in listed {
            if total > 0 {
                out.push(b',');
            }
            total += 1;
            out.extend_from_slice(&json.presence_head);
            write_digits(&mut out, agent.session);
            out.extend_from_slice(&json.presence_tail);
        }
        out.extend_from_slice(b"],\"totalItems\":");
        write_count(&mut out, u32::try_from(total).ok());
        out.push(b'}');
        Some(out)
    }
}
