//! The five endpoints' payloads, read off the simulator's current state.

use chrono::{DateTime, Duration, FixedOffset};

use super::agent::{SimAgent, SimSecond};
use super::channel::Channel;
use super::Simulator;
use crate::catalog::{Catalog, CatalogContactList, CatalogTeam, CatalogWorkType};
use crate::enums::{ChannelTypeName, InteractionTypeName, StateId};
use crate::models::{
    ChannelActivity, ChannelActivityRow, ListActivity, PresenceUser, QueryDataList, TeamActivity, TeamActivityRow,
    UserActivity, UserActivityRow, UsersCollection, KIND_PRESENCE_DATA_LIST,
};
use crate::tz::TzOffset;

impl Simulator {
    /// Teams, work types and contact lists, for the proxy's discovery endpoint.
    pub fn catalog(&self) -> Catalog {
        Catalog {
            teams: self
                .teams
                .iter()
                .map(|t| CatalogTeam {
                    team_id: t.id.clone(),
                    team_name: t.name.clone(),
                })
                .collect(),
            work_types: self
                .work_types
                .iter()
                .map(|w| CatalogWorkType {
                    work_type_id: w.id.clone(),
                    work_type_name: w.name.clone(),
                })
                .collect(),
            contact_lists: self
                .lists
                .iter()
                .map(|l| CatalogContactList { name: l.name.clone() })
                .collect(),
        }
    }

    /// `teamActivity` for one team; `None` for an unknown team id.
    pub fn team_activity(&self, team_id: &str) -> Option<TeamActivity> {
        let team = &self.teams[*self.team_index.get(team_id)?];
        let mut row = TeamActivityRow {
            team_id: Some(team.id.clone()),
            team_name: Some(team.name.clone()),
            ..Default::default()
        };
        let mut counts = [0u32; 11];
        for agent in team.members.iter().map(|&i| &self.agents[i]) {
            if let Some(slot) = count_slot(&agent.state) {
                counts[slot] += 1;
            }
        }
        let [not_ready, park, park_warning, idle, pending, active, wrap, wrap_warning, multi, hold, preview] =
            counts.map(Some);
        row.not_ready_count = not_ready;
        row.park_count = park;
        row.park_warning_count = park_warning;
        row.idle_count = idle;
        row.pending_active_count = pending;
        row.active_count = active;
        row.wrap_count = wrap;
        row.wrap_warning_count = wrap_warning;
        row.multi_line_count = multi;
        row.hold_count = hold;
        row.preview_count = preview;
        Some(QueryDataList::new(vec![row]))
    }

    /// `userActivity` for one team, local times in `tz`; `None` for an unknown team.
    pub fn user_activity(&self, team_id: &str, tz: TzOffset) -> Option<UserActivity> {
        let team = &self.teams[*self.team_index.get(team_id)?];
        let offset = tz.fixed_offset();
        let rows = team
            .members
            .iter()
            .map(|&i| &self.agents[i])
            .filter(|a| a.is_signed_on())
            .map(|agent| self.user_row(agent, &team.id, &team.name, offset))
            .collect();
        Some(QueryDataList::new(rows))
    }

    fn user_row(&self, agent: &SimAgent, team_id: &str, team_name: &str, offset: FixedOffset) -> UserActivityRow {
        let signed_on = agent.signed_on.unwrap_or(self.t);
        let sign_on_time = self.instant(signed_on);
        let state_start_time = self.instant(agent.state_since);
        UserActivityRow {
            user_id: Some(agent.user_id.clone()),
            team_id: Some(team_id.to_owned()),
            preferred_name: Some(agent.preferred_name.clone()),
            team_name: Some(team_name.to_owned()),
            sign_on_time: Some(sign_on_time),
            state_id: Some(agent.state.clone()),
            state_name: Some(agent.state.name()),
            state_start_time: Some(state_start_time),
            reason_id: agent.reason.map(|r| r.0.to_owned()),
            reason_name: agent.reason.map(|r| r.1.to_owned()),
            interaction_count: u32::try_from(agent.calls.len()).ok(),
            sign_on_time_local: Some(sign_on_time.with_timezone(&offset)),
            state_start_time_local: Some(state_start_time.with_timezone(&offset)),
            state_dur: seconds(self.t - agent.state_since),
            sign_on_dur: seconds(self.t - signed_on),
        }
    }

    /// `channelActivity` for one work type: a row per interaction type it carries;
    /// `None` for an unknown work type.
    pub fn channel_activity(&self, work_type_id: &str) -> Option<ChannelActivity> {
        let wt = &self.work_types[*self.work_type_index.get(work_type_id)?];
        let kinds = wt.channel.interaction_types();
        let mut rows: Vec<ChannelTotals> = vec![ChannelTotals::default(); kinds.len()];
        for w in &wt.self_service {
            rows[w.kind].self_service += 1;
            rows[w.kind].self_service_dur += self.t - w.since;
        }
        for w in &wt.queue {
            let totals = &mut rows[w.kind];
            totals.queue += 1;
            totals.queue_dur += self.t - w.since;
            totals.oldest = Some(totals.oldest.map_or(w.since, |o: SimSecond| o.min(w.since)));
        }
        for agent in wt.members.iter().map(|&i| &self.agents[i]) {
            self.count_agent(agent, wt.channel, &mut rows);
        }
        let channel_type = wt.channel.channel_type();
        let out = kinds
            .iter()
            .zip(rows)
            .map(|((kind, _), totals)| ChannelActivityRow {
                interaction_type_id: Some(kind.clone()),
                channel_type_id: Some(channel_type.clone()),
                work_type_id: Some(wt.id.clone()),
                interaction_type_name: Some(InteractionTypeName::parse(kind.as_str())),
                channel_type_name: Some(ChannelTypeName::parse(channel_type.as_str())),
                work_type_name: Some(wt.name.clone()),
                dial_count: Some(totals.dial),
                active_count: Some(totals.active),
                queue_count: Some(totals.queue),
                self_service_count: Some(totals.self_service),
                preview_count: Some(totals.preview),
                hold_count: Some(totals.hold),
                inactive_count: Some(totals.inactive),
                wrap_count: Some(totals.wrap),
                ring_count: Some(totals.ring),
                longest_waiting_queue_time: totals.oldest.map(|o| self.instant(o)),
                self_service_dur: seconds(totals.self_service_dur),
                queue_dur: seconds(totals.queue_dur),
                active_dur: seconds(totals.active_dur),
                preview_dur: seconds(totals.preview_dur),
                max_queue_dur: Some(totals.oldest.and_then(|o| seconds(self.t - o)).unwrap_or(0)),
            })
            .collect();
        Some(QueryDataList::new(out))
    }

    fn count_agent(&self, agent: &SimAgent, channel: Channel, rows: &mut [ChannelTotals]) {
        let last = &mut rows[agent.last_kind.min(rows.len() - 1)];
        match agent.state {
            StateId::PendingActive if channel.is_outbound() => last.dial += 1,
            StateId::PendingActive => last.ring += 1,
            StateId::Preview => {
                last.preview += 1;
                last.preview_dur += self.t - agent.state_since;
            }
            StateId::Held => last.hold += 1,
            StateId::Wrap | StateId::WrapWarning => last.wrap += 1,
            StateId::Park | StateId::ParkWarning => last.inactive += 1,
            StateId::Active | StateId::Multiline => {
                for call in &agent.calls {
                    let totals = &mut rows[call.kind.min(rows.len() - 1)];
                    totals.active += 1;
                    totals.active_dur += self.t - call.started;
                }
            }
            _ => {}
        }
    }

    /// `listActivity` for one contact list; `None` for an unknown name.
    pub fn list_activity(&self, contact_list: &str) -> Option<ListActivity> {
        Some(self.lists[*self.list_index.get(contact_list)?].snapshot())
    }

    /// `presence/users`: every signed-on agent, or those serving one work type;
    /// `None` for an unknown work type.
    pub fn presence(&self, work_type_id: Option<&str>) -> Option<UsersCollection> {
        let only = match work_type_id {
            Some(id) => Some(*self.work_type_index.get(id)?),
            None => None,
        };
        let users: Vec<PresenceUser> = self
            .agents
            .iter()
            .filter(|a| a.is_signed_on() && only.is_none_or(|w| w == a.work_type))
            .map(|agent| PresenceUser {
                email_address: Some(email_address(&agent.user_id)),
                user_id: Some(agent.user_id.clone()),
                first_name: Some(agent.first_name.to_owned()),
                last_name: Some(agent.last_name.to_owned()),
                ehub_session_id: Some(agent.session.to_string()),
            })
            .collect();
        Some(UsersCollection {
            kind: Some(KIND_PRESENCE_DATA_LIST.to_owned()),
            total_items: u32::try_from(users.len()).ok(),
            users,
        })
    }

    fn instant(&self, t: SimSecond) -> DateTime<FixedOffset> {
        (self.origin + Duration::seconds(t)).fixed_offset()
    }
}

/// Running totals for one channel row.
#[derive(Debug, Clone, Copy, Default)]
struct ChannelTotals {
    dial: u32,
    active: u32,
    queue: u32,
    self_service: u32,
    preview: u32,
    hold: u32,
    inactive: u32,
    wrap: u32,
    ring: u32,
    oldest: Option<SimSecond>,
    self_service_dur: SimSecond,
    queue_dur: SimSecond,
    active_dur: SimSecond,
    preview_dur: SimSecond,
}

/// Which of `teamActivity`'s eleven counters a state adds to, in the order
/// not ready, park, park warning, idle, pending active, active, wrap, wrap warning,
/// multiline, hold, preview.
fn count_slot(state: &StateId) -> Option<usize> {
    Some(match state {
        StateId::NotReady => 0,
        StateId::Park => 1,
        StateId::ParkWarning => 2,
        StateId::Idle => 3,
        StateId::PendingActive => 4,
        StateId::Active => 5,
        StateId::Wrap => 6,
        StateId::WrapWarning => 7,
        StateId::Multiline => 8,
        StateId::Held => 9,
        StateId::Preview => 10,
        _ => return None,
    })
}

pub(super) fn seconds(span: SimSecond) -> Option<u32> {
    u32::try_from(span.max(0)).ok()
}

/// Where every simulated agent's mail goes.
const EMAIL_DOMAIN: &str = "@floorview.example";

/// The agent's address: the user id in lower case at [`EMAIL_DOMAIN`].
pub(super) fn email_address(user_id: &str) -> String {
    format!("{}{EMAIL_DOMAIN}", user_id.to_ascii_lowercase())
}
