//! The consistency checks the five endpoints must pass together, on payloads alone,
//! so they can be run on the simulator directly or on what a server sent.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset};

use crate::enums::StateId;
use crate::models::{ChannelActivity, ListActivity, TeamActivity, UserActivity, UsersCollection};

/// Everything the floor said at one instant.
#[derive(Debug, Clone)]
pub struct Story {
    /// The instant the payloads describe.
    pub now: DateTime<FixedOffset>,
    /// Each team's `teamActivity` and `userActivity`.
    pub teams: Vec<(TeamActivity, UserActivity)>,
    pub channels: Vec<ChannelActivity>,
    pub lists: Vec<ListActivity>,
    /// `presence/users` without a work type filter.
    pub presence: UsersCollection,
}

/// Every way the story contradicts itself; empty when consistent.
pub fn inconsistencies(story: &Story) -> Vec<String> {
    let mut problems = Vec::new();
    let mut signed_on = BTreeSet::new();
    for (team, users) in &story.teams {
        check_team(story.now, team, users, &mut problems);
        signed_on.extend(users.rows.iter().filter_map(|u| u.user_id.clone()));
    }
    let present: BTreeSet<String> = story.presence.users.iter().filter_map(|u| u.user_id.clone()).collect();
    if present != signed_on {
        problems.push(format!(
            "presence lists {} users, userActivity {}; only in presence: {:?}; only in userActivity: {:?}",
            present.len(),
            signed_on.len(),
            present.difference(&signed_on).take(3).collect::<Vec<_>>(),
            signed_on.difference(&present).take(3).collect::<Vec<_>>()
        ));
    }
    if story.presence.total_items != u32::try_from(story.presence.users.len()).ok() {
        problems.push("presence totalItems differs from its users".into());
    }
    for channel in &story.channels {
        check_channel(story.now, channel, &mut problems);
    }
    for list in &story.lists {
        check_list(list, &mut problems);
    }
    problems
}

fn check_team(now: DateTime<FixedOffset>, team: &TeamActivity, users: &UserActivity, problems: &mut Vec<String>) {
    let Some(row) = team.rows.first() else {
        problems.push("teamActivity has no row".into());
        return;
    };
    let name = row.team_id.clone().unwrap_or_default();
    for (what, total, rows) in [
        ("teamActivity", team.total_items, team.rows.len()),
        ("userActivity", users.total_items, users.rows.len()),
    ] {
        if total != u32::try_from(rows).ok() {
            problems.push(format!("{name}: {what} totalItems {total:?} but {rows} rows"));
        }
    }
    let mut by_state: HashMap<StateId, u32> = HashMap::new();
    for user in &users.rows {
        *by_state
            .entry(user.state_id.clone().unwrap_or(StateId::Other(String::new())))
            .or_default() += 1;
        check_user_times(now, &name, user, problems);
    }
    let expected = [
        (StateId::NotReady, row.not_ready_count),
        (StateId::Park, row.park_count),
        (StateId::ParkWarning, row.park_warning_count),
        (StateId::Idle, row.idle_count),
        (StateId::PendingActive, row.pending_active_count),
        (StateId::Active, row.active_count),
        (StateId::Wrap, row.wrap_count),
        (StateId::WrapWarning, row.wrap_warning_count),
        (StateId::Multiline, row.multi_line_count),
        (StateId::Held, row.hold_count),
        (StateId::Preview, row.preview_count),
    ];
    for (state, count) in expected {
        let agents = by_state.get(&state).copied().unwrap_or(0);
        if count != Some(agents) {
            problems.push(format!(
                "{name}: teamActivity counts {count:?} {state}, userActivity has {agents}"
            ));
        }
    }
    if row.signed_on() != users.rows.len() as u64 {
        problems.push(format!(
            "{name}: counters add up to {}, but {} agents are listed",
            row.signed_on(),
            users.rows.len()
        ));
    }
}

fn check_user_times(
    now: DateTime<FixedOffset>,
    team: &str,
    user: &crate::models::UserActivityRow,
    problems: &mut Vec<String>,
) {
    let who = format!("{team}/{}", user.display_name());
    let pairs = [
        ("stateDur", user.state_dur, user.state_start_time),
        ("signOnDur", user.sign_on_dur, user.sign_on_time),
    ];
    for (what, duration, start) in pairs {
        let expected = start.map(|s| (now - s).num_seconds());
        if duration.map(i64::from) != expected {
            problems.push(format!(
                "{who}: {what} {duration:?} but the timestamp says {expected:?}"
            ));
        }
    }
    for (what, utc, local) in [
        ("signOnTimeLocal", user.sign_on_time, user.sign_on_time_local),
        (
            "stateStartTimeLocal",
            user.state_start_time,
            user.state_start_time_local,
        ),
    ] {
        if utc != local {
            problems.push(format!("{who}: {what} {local:?} is not the same instant as {utc:?}"));
        }
    }
    if let (Some(state), Some(sign_on)) = (user.state_start_time, user.sign_on_time) {
        if state < sign_on {
            problems.push(format!("{who}: state started before sign-on"));
        }
    }
}

fn check_channel(now: DateTime<FixedOffset>, channel: &ChannelActivity, problems: &mut Vec<String>) {
    if channel.total_items != u32::try_from(channel.rows.len()).ok() {
        problems.push("channelActivity totalItems differs from its rows".into());
    }
    for row in &channel.rows {
        let name = format!("{:?}/{:?}", row.work_type_id, row.interaction_type_id);
        let queued = row.queue_count.unwrap_or(0);
        match row.longest_waiting_queue_time {
            Some(oldest) if queued > 0 => {
                let expected = (now - oldest).num_seconds();
                if row.max_queue_dur.map(i64::from) != Some(expected) {
                    problems.push(format!(
                        "{name}: maxQueueDur {:?} but longest wait began {expected}s ago",
                        row.max_queue_dur
                    ));
                }
                if row.queue_dur < row.max_queue_dur {
                    problems.push(format!("{name}: queueDur below maxQueueDur"));
                }
            }
            None if queued == 0 => {
                if row.max_queue_dur.unwrap_or(0) != 0 || row.queue_dur.unwrap_or(0) != 0 {
                    problems.push(format!("{name}: an empty queue with queue durations"));
                }
            }
            _ => problems.push(format!(
                "{name}: queueCount {queued} disagrees with longestWaitingQueueTime"
            )),
        }
    }
}

fn check_list(list: &ListActivity, problems: &mut Vec<String>) {
    let name = list.contact_list.clone().unwrap_or_default();
    for (what, value) in [
        ("listPenetration", list.list_penetration),
        ("passcountPenetration", list.passcount_penetration),
    ] {
        if !value.is_some_and(|v| (0.0..=100.0).contains(&v)) {
            problems.push(format!("{name}: {what} {value:?} is not a percentage"));
        }
    }
    if list.list_saturation.is_some_and(|s| s < 100.0) && list.records_attempted.unwrap_or(0) > 0 {
        problems.push(format!(
            "{name}: saturation below 100% means fewer attempts than records attempted"
        ));
    }
}
