//! The lists and bars of a board: the agents longest in a state or furthest over
//! their limit, the queues with the longest wait, and a scope's state breakdown.

use floorview_reporting::{ChannelActivity, TeamActivityRow};

use crate::agents::{Agent, StateBadge};
use crate::channel::longest_wait;
use crate::clock::{FetchInstant, LiveDuration};
use crate::config::StateLimits;
use crate::overview::{team_segments, Segment};

/// One line of a top list.
#[derive(Debug, Clone, PartialEq)]
pub struct TopEntry {
    /// Stable across polls, for a keyed list.
    pub key: String,
    pub name: String,
    /// The agent's state, for an agent.
    pub badge: Option<StateBadge>,
    pub running: LiveDuration,
}

/// The `n` agents longest in a state (`state`, or any but logged off); with
/// `over_limit`, only those past their state's critical limit at `now_mono_ms`.
pub fn agents<'a>(
    agents: impl IntoIterator<Item = &'a Agent>,
    state: Option<&str>,
    over_limit: Option<(&StateLimits, f64)>,
    n: usize,
) -> Vec<TopEntry> {
    let mut chosen: Vec<&Agent> = agents
        .into_iter()
        .filter(|a| a.state.key != "loggedoff" && a.in_state.is_some())
        .filter(|a| state.is_none_or(|s| a.state.key == s))
        .filter(|a| {
            over_limit.is_none_or(|(limits, now)| {
                limits
                    .get(&a.state.key)
                    .zip(a.in_state_s(now))
                    .is_some_and(|(l, s)| s as f64 >= l.critical_s)
            })
        })
        .collect();
    // Longest first: the earliest start; the id breaks ties so the order holds.
    let start = |a: &Agent| a.in_state.map_or(f64::INFINITY, |d| d.start_mono_ms());
    chosen.sort_by(|a, b| start(a).total_cmp(&start(b)).then_with(|| a.id.cmp(&b.id)));
    chosen
        .into_iter()
        .take(n)
        .filter_map(|a| {
            Some(TopEntry {
                key: a.id.to_string(),
                name: a.name.clone(),
                badge: Some(a.state.clone()),
                running: a.in_state?,
            })
        })
        .collect()
}

/// Orders entries longest first (the earliest start), ties by key, so the teams'
/// tops merge into the floor's.
pub fn longest_first(entries: &mut [TopEntry]) {
    entries.sort_by(|a, b| {
        a.running
            .start_mono_ms()
            .total_cmp(&b.running.start_mono_ms())
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// The `n` work types with the longest current wait: each work type's longest.
pub fn queues<'a>(
    work_types: impl IntoIterator<Item = (&'a str, &'a ChannelActivity, &'a FetchInstant)>,
    n: usize,
) -> Vec<TopEntry> {
    let mut waits: Vec<TopEntry> = work_types
        .into_iter()
        .filter_map(|(id, payload, at)| {
            let longest = payload
                .rows
                .iter()
                .filter_map(|r| longest_wait(r, at))
                .min_by(|a, b| a.start_mono_ms().total_cmp(&b.start_mono_ms()))?;
            Some(TopEntry {
                key: id.to_owned(),
                name: id.to_owned(),
                badge: None,
                running: longest,
            })
        })
        .collect();
    waits.sort_by(|a, b| {
        a.running
            .start_mono_ms()
            .total_cmp(&b.running.start_mono_ms())
            .then_with(|| a.key.cmp(&b.key))
    });
    waits.truncate(n);
    waits
}

/// The state breakdown of several teams together, as a team card draws one team's.
pub fn state_bar<'a>(rows: impl IntoIterator<Item = &'a TeamActivityRow>) -> Vec<Segment> {
    let mut sum = TeamActivityRow::default();
    let add = |total: &mut Option<u32>, v: Option<u32>| {
        if let Some(v) = v {
            *total = Some(total.unwrap_or(0).saturating_add(v));
        }
    };
    for r in rows {
        add(&mut sum.idle_count, r.idle_count);
        add(&mut sum.pending_active_count, r.pending_active_count);
        add(&mut sum.active_count, r.active_count);
        add(&mut sum.multi_line_count, r.multi_line_count);
        add(&mut sum.hold_count, r.hold_count);
        add(&mut sum.preview_count, r.preview_count);
        add(&mut sum.wrap_count, r.wrap_count);
        add(&mut sum.wrap_warning_count, r.wrap_warning_count);
        add(&mut sum.park_count, r.park_count);
        add(&mut sum.park_warning_count, r.park_warning_count);
        add(&mut sum.not_ready_count, r.not_ready_count);
    }
    team_segments(&sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::TeamAgents;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant::by_pc_clock(100_000.0, 1_700_000_000_000.0);

    fn team() -> TeamAgents {
        let body = r#"{"rows":[
            {"userId":"u1","preferredName":"Ana","stateId":"notReady","stateDur":100},
            {"userId":"u2","preferredName":"Bo","stateId":"notReady","stateDur":1790},
            {"userId":"u3","preferredName":"Cy","stateId":"wrap","stateDur":400},
            {"userId":"u4","preferredName":"Di","stateId":"loggedOff","stateDur":9000},
            {"userId":"u5","preferredName":"Ed","stateId":"idle"}]}"#;
        TeamAgents::from_payload(&decode::user_activity(body).expect("decodes").value, 0, "t", &AT)
    }

    fn names(entries: &[TopEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn the_longest_in_state_lead_and_logged_off_agents_are_left_out() {
        let t = team();
        assert_eq!(names(&agents(&t.agents, None, None, 2)), ["Bo", "Cy"]);
        assert_eq!(names(&agents(&t.agents, Some("notready"), None, 5)), ["Bo", "Ana"]);
    }

    #[test]
    fn the_teams_tops_merge_into_the_floors() {
        let t = team();
        let (first, rest) = t.agents.split_at(2);
        let mut merged = agents(first, None, None, 2);
        merged.extend(agents(rest, None, None, 2));
        longest_first(&mut merged);
        merged.truncate(2);
        assert_eq!(merged, agents(&t.agents, None, None, 2));
    }

    #[test]
    fn over_their_limit_lists_only_those_past_it_now() {
        let t = team();
        let limits = StateLimits::default();
        // Wrap's critical limit is 300 s, not ready's 1,800 s.
        assert_eq!(names(&agents(&t.agents, None, Some((&limits, AT.mono_ms)), 5)), ["Cy"]);
        assert_eq!(
            names(&agents(&t.agents, None, Some((&limits, AT.mono_ms + 10_000.0)), 5)),
            ["Bo", "Cy"]
        );
    }

    #[test]
    fn queues_rank_by_their_longest_wait() {
        let a = decode::channel_activity(
            r#"{"rows":[{"queueCount":2,"maxQueueDur":40},{"queueCount":1,"maxQueueDur":90}]}"#,
        )
        .expect("decodes")
        .value;
        let b = decode::channel_activity(r#"{"rows":[{"queueCount":1,"maxQueueDur":60}]}"#)
            .expect("decodes")
            .value;
        let c = decode::channel_activity(r#"{"rows":[{"queueCount":0}]}"#)
            .expect("decodes")
            .value;
        let top = queues([("a", &a, &AT), ("b", &b, &AT), ("c", &c, &AT)], 5);
        assert_eq!(names(&top), ["a", "b"]);
        assert_eq!(top[0].running.seconds_at(AT.mono_ms), 90);
    }

    #[test]
    fn a_state_bar_adds_teams_together() {
        let rows =
            decode::team_activity(r#"{"rows":[{"idleCount":1,"activeCount":3},{"idleCount":3,"notReadyCount":1}]}"#)
                .expect("decodes")
                .value
                .rows;
        let bar = state_bar(&rows);
        let counts: Vec<(&str, u32)> = bar.iter().map(|s| (s.label, s.count)).collect();
        assert_eq!(counts, [("Idle", 4), ("Active", 3), ("Not ready", 1)]);
        assert!((bar.iter().map(|s| s.percent).sum::<f64>() - 100.0).abs() < 0.01);
        assert_eq!(
            crate::overview::describe_segments(&bar),
            "Idle 4, Active 3, Not ready 1"
        );
    }
}
