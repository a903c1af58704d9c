//! One agent as the Agents view needs it, made once per poll from a `userActivity`
//! row, so sorting and filtering 10,000 of them touch no JSON-shaped data.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use floorview_reporting::{UserActivity, UserActivityRow};

use super::state::StateBadge;
use crate::clock::{FetchInstant, LiveDuration};

/// An agent on the floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Position of the agent's team in the configured teams.
    pub team: usize,
    /// `userId`, or the row's position when the API left it out, so the row is still
    /// shown.
    pub id: Arc<str>,
    /// `preferredName`, falling back to the id.
    pub name: String,
    pub team_name: String,
    pub state: StateBadge,
    /// A fingerprint of `state`, so counting agents per state compares numbers.
    pub state_print: u64,
    pub reason: String,
    pub in_state: Option<LiveDuration>,
    pub signed_on: Option<LiveDuration>,
    pub interactions: Option<u32>,
    pub sign_on_time: Option<DateTime<FixedOffset>>,
    pub state_start_time: Option<DateTime<FixedOffset>>,
    /// Lower-case name, for sorting without allocating.
    pub name_key: String,
    /// Lower-case name and id, for search.
    pub haystack: String,
}

impl Agent {
    /// The agent of `row`, fetched at `at`, in team number `team` (named `team_id` in
    /// the settings).
    pub fn from_row(row: &UserActivityRow, position: usize, team: usize, team_id: &str, at: &FetchInstant) -> Agent {
        let id: Arc<str> = match row.user_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => Arc::from(id),
            _ => Arc::from(format!("(row {})", position + 1)),
        };
        let name = row
            .preferred_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| id.to_string(), str::to_owned);
        let team_name = row
            .team_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(team_id)
            .to_owned();
        // The spec's own example sends `"reasonId": "break", "reasonName": ""`: an
        // empty name falls back to the id.
        let reason = [row.reason_name.as_deref(), row.reason_id.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|r| !r.is_empty())
            .unwrap_or("")
            .to_owned();
        let name_key = name.to_lowercase();
        let haystack = format!("{name_key}\n{}", id.to_lowercase());
        let state = StateBadge::of(row.state_id.as_ref(), row.state_name.as_ref());
        Agent {
            team,
            state_print: fingerprint(&state),
            state,
            in_state: live(row.state_dur, row.state_start_time.as_ref(), at),
            signed_on: live(row.sign_on_dur, row.sign_on_time.as_ref(), at),
            interactions: row.interaction_count,
            sign_on_time: row.sign_on_time_local.or(row.sign_on_time),
            state_start_time: row.state_start_time_local.or(row.state_start_time),
            id,
            name,
            team_name,
            reason,
            name_key,
            haystack,
        }
    }

    /// Seconds in the current state at monotonic time `now_mono_ms`.
    pub fn in_state_s(&self, now_mono_ms: f64) -> Option<u64> {
        self.in_state.map(|d| d.seconds_at(now_mono_ms))
    }
}

/// FNV-1a over the state's key and label.
fn fingerprint(state: &StateBadge) -> u64 {
    let bytes = state.key.bytes().chain([0xff]).chain(state.label.bytes());
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The server's duration when sent, else the time since the timestamp.
fn live(seconds: Option<u32>, since: Option<&DateTime<FixedOffset>>, at: &FetchInstant) -> Option<LiveDuration> {
    match (seconds, since) {
        (Some(s), _) => Some(LiveDuration::from_seconds(s, at)),
        (None, Some(ts)) => Some(LiveDuration::since(ts, at)),
        (None, None) => None,
    }
}

/// One team's agents from its last good `userActivity`, with an index by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamAgents {
    pub agents: Vec<Agent>,
    by_id: HashMap<Arc<str>, usize>,
}

impl TeamAgents {
    /// The agents of a payload. A user listed twice keeps its first row, since two
    /// rows with one key cannot both be shown in a keyed table.
    pub fn from_payload(payload: &UserActivity, team: usize, team_id: &str, at: &FetchInstant) -> TeamAgents {
        let mut agents = Vec::with_capacity(payload.rows.len());
        let mut by_id = HashMap::with_capacity(payload.rows.len());
        for (position, row) in payload.rows.iter().enumerate() {
            let agent = Agent::from_row(row, position, team, team_id, at);
            if by_id.contains_key(&agent.id) {
                continue;
            }
            by_id.insert(Arc::clone(&agent.id), agents.len());
            agents.push(agent);
        }
        TeamAgents { agents, by_id }
    }

    /// The agent with user id `id`.
    pub fn get(&self, id: &str) -> Option<&Agent> {
        self.by_id.get(id).and_then(|&i| self.agents.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant::by_pc_clock(1_000.0, 1_700_000_000_000.0);

    fn team(body: &str) -> TeamAgents {
        let payload = decode::user_activity(body).expect("decodes").value;
        TeamAgents::from_payload(&payload, 0, "sales", &AT)
    }

    #[test]
    fn missing_names_and_ids_still_give_a_row() {
        let t = team(
            r#"{"rows":[{"userId":"u1","stateId":"idle","stateDur":5},{"preferredName":"  ","stateId":"wrap"},{"userId":"u3","preferredName":"Ana"}]}"#,
        );
        let names: Vec<&str> = t.agents.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["u1", "(row 2)", "Ana"]);
        assert_eq!(t.agents[0].team_name, "sales");
        assert_eq!(t.get("u3").map(|a| a.name.as_str()), Some("Ana"));
    }

    #[test]
    fn durations_tick_from_the_fetch() {
        let t = team(r#"{"rows":[{"userId":"u1","stateDur":5,"signOnDur":100}]}"#);
        let a = &t.agents[0];
        assert_eq!(a.in_state_s(1_000.0), Some(5));
        assert_eq!(a.in_state_s(11_000.0), Some(15));
        assert_eq!(a.signed_on.map(|d| d.seconds_at(61_000.0)), Some(160));
    }

    #[test]
    fn a_user_listed_twice_is_shown_once() {
        let t = team(r#"{"rows":[{"userId":"u1","preferredName":"A"},{"userId":"u1","preferredName":"B"}]}"#);
        assert_eq!(t.agents.len(), 1);
        assert_eq!(t.agents[0].name, "A");
    }

    #[test]
    fn an_empty_reason_name_shows_the_reason_id() {
        let t = team(
            r#"{"rows":[{"userId":"u1","reasonId":"break","reasonName":""},{"userId":"u2","reasonId":"x","reasonName":"Lunch"},{"userId":"u3"}]}"#,
        );
        let reasons: Vec<&str> = t.agents.iter().map(|a| a.reason.as_str()).collect();
        assert_eq!(reasons, ["break", "Lunch", ""]);
    }
}
