//! A figure tile's samples from decoded payloads, and the figure they reduce to.
//! A tile feeds in the payloads of its scope only (one memo per tile in the view),
//! and the result is a [`Figure`] that runs on with the clock until the next poll.

use floorview_reporting::{ChannelActivity, ListActivity, TeamActivityRow, UsersCollection};

use super::figure::{crossings, Figure};
use super::metric::{ChannelField, ListField, Metric, TeamField, Unit};
use super::model::Reading;
use crate::agents::Agent;
use crate::channel::longest_wait;
use crate::clock::{FetchInstant, LiveDuration};
use crate::config::StateLimits;

/// The scope's samples of one metric, collected payload by payload.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Samples {
    /// `(offset, rate)` lines (see [`Figure`]).
    lines: Vec<(f64, f64)>,
    /// `(numerator, denominator)` of ratio metrics.
    ratios: Vec<(f64, f64)>,
    crossings: Vec<f64>,
    /// Payloads read: with at least one, an empty scope is 0 rather than unknown.
    payloads: usize,
}

fn line(value: f64) -> (f64, f64) {
    (value, 0.0)
}

fn running(d: LiveDuration) -> (f64, f64) {
    (-d.start_mono_ms() / 1000.0, 1.0)
}

impl Samples {
    /// A team's `teamActivity` row.
    pub fn team(&mut self, reading: &Reading, row: &TeamActivityRow) {
        self.payloads += 1;
        let n = |v: Option<u32>| f64::from(v.unwrap_or(0));
        let value = match reading.metric {
            Metric::Occupancy => {
                let busy = n(row.active_count) + n(row.multi_line_count);
                self.ratios.push((busy, row.signed_on() as f64));
                return;
            }
            Metric::Team(field) => match field {
                TeamField::SignedOn => row.signed_on() as f64,
                TeamField::Idle => n(row.idle_count),
                TeamField::PendingActive => n(row.pending_active_count),
                TeamField::Active => n(row.active_count),
                TeamField::MultiLine => n(row.multi_line_count),
                TeamField::Hold => n(row.hold_count),
                TeamField::Preview => n(row.preview_count),
                TeamField::Wrap => n(row.wrap_count),
                TeamField::WrapWarning => n(row.wrap_warning_count),
                TeamField::Park => n(row.park_count),
                TeamField::ParkWarning => n(row.park_warning_count),
                TeamField::NotReady => n(row.not_ready_count),
            },
            _ => return,
        };
        self.lines.push(line(value));
    }

    /// A team's agents (from its `userActivity`).
    pub fn agents(&mut self, reading: &Reading, agents: &[Agent], limits: &StateLimits) {
        self.payloads += 1;
        let signed_on = || agents.iter().filter(|a| !is_logged_off(a)).count() as f64;
        let in_state = |a: &&Agent| reading.state.as_deref().is_none_or(|s| a.state.key == s);
        match reading.metric {
            Metric::AgentsInState => self.lines.push(line(agents.iter().filter(in_state).count() as f64)),
            Metric::ShareInState => self
                .ratios
                .push((agents.iter().filter(in_state).count() as f64, signed_on())),
            Metric::AgentsOverLimit => {
                for agent in agents.iter().filter(in_state) {
                    if let (Some(limit), Some(d)) = (limits.get(&agent.state.key), agent.in_state) {
                        self.crossings.push(d.start_mono_ms() + limit.critical_s * 1000.0);
                    }
                }
            }
            Metric::TimeInState => self.lines.extend(
                agents
                    .iter()
                    .filter(|a| !is_logged_off(a))
                    .filter(in_state)
                    .filter_map(|a| a.in_state.map(running)),
            ),
            Metric::Interactions => self
                .lines
                .extend(agents.iter().filter_map(|a| a.interactions.map(|i| line(f64::from(i))))),
            _ => {}
        }
    }

    /// A work type's `channelActivity`, its rows narrowed to the scope's
    /// interaction types.
    pub fn channel(&mut self, reading: &Reading, payload: &ChannelActivity, at: &FetchInstant) {
        let Metric::Channel(field) = reading.metric else { return };
        self.payloads += 1;
        let n = |v: Option<u32>| f64::from(v.unwrap_or(0));
        let rows = payload.rows.iter().filter(|r| {
            reading.scope.allows_interaction(
                r.interaction_type_id
                    .as_ref()
                    .map(floorview_reporting::InteractionTypeId::as_str),
                r.interaction_type_name
                    .as_ref()
                    .map(floorview_reporting::InteractionTypeName::as_str),
            )
        });
        for row in rows {
            let value = match field {
                ChannelField::LongestWait => {
                    if let Some(d) = longest_wait(row, at) {
                        self.lines.push(running(d));
                    }
                    continue;
                }
                ChannelField::Queue => n(row.queue_count),
                ChannelField::Active => n(row.active_count),
                ChannelField::Hold => n(row.hold_count),
                ChannelField::Wrap => n(row.wrap_count),
                ChannelField::Ring => n(row.ring_count),
                ChannelField::Dial => n(row.dial_count),
                ChannelField::SelfService => n(row.self_service_count),
                ChannelField::Preview => n(row.preview_count),
                ChannelField::Inactive => n(row.inactive_count),
                ChannelField::QueueDur => n(row.queue_dur),
                ChannelField::ActiveDur => n(row.active_dur),
                ChannelField::PreviewDur => n(row.preview_dur),
                ChannelField::SelfServiceDur => n(row.self_service_dur),
            };
            self.lines.push(line(value));
        }
    }

    /// A contact list's `listActivity`.
    pub fn list(&mut self, reading: &Reading, list: &ListActivity) {
        let Metric::List(field) = reading.metric else { return };
        self.payloads += 1;
        let count = |v: Option<u32>| v.map(f64::from);
        let value = match field {
            ListField::RecordsAvailable => count(list.records_available),
            ListField::RecordsAttempted => count(list.records_attempted),
            ListField::RecordsInActive => count(list.records_in_active),
            ListField::CallsBusy => count(list.calls_busy),
            ListField::ListPenetration => list.list_penetration,
            ListField::ListSaturation => list.list_saturation,
            ListField::PasscountPenetration => list.passcount_penetration,
            ListField::PasscountSaturation => list.passcount_saturation,
        };
        if let Some(v) = value.filter(|v| v.is_finite()) {
            self.lines.push(line(v));
        }
    }

    /// A `presence/users` list.
    pub fn presence(&mut self, users: &UsersCollection) {
        self.payloads += 1;
        self.lines.push(line(users.users.len() as f64));
    }

    /// Adds another part's samples (one team's, kept in a memo of its own so a poll
    /// of one team recomputes that team only).
    pub fn extend(&mut self, other: &Samples) {
        self.lines.extend_from_slice(&other.lines);
        self.ratios.extend_from_slice(&other.ratios);
        self.crossings.extend_from_slice(&other.crossings);
        self.payloads += other.payloads;
    }

    /// The figure, or `None` while no payload of the scope has arrived. A scope
    /// with data but nothing to measure (no one waiting) is 0.
    pub fn figure(self, reading: &Reading, now_mono_ms: f64) -> Option<Figure> {
        if self.payloads == 0 {
            return None;
        }
        let figure = if reading.metric == Metric::AgentsOverLimit {
            Some(crossings(self.crossings))
        } else if reading.metric.is_ratio() {
            reading.reduction.ratios(&self.ratios)
        } else {
            reading.reduction.lines(&self.lines, now_mono_ms)
        };
        Some(figure.unwrap_or_else(|| Figure::fixed(0.0)))
    }
}

fn is_logged_off(agent: &Agent) -> bool {
    agent.state.key == "loggedoff"
}

/// A figure as a tile shows it: a count, a duration or a percentage.
pub fn format_value(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Count if value.fract().abs() < 1e-9 => format!("{value:.0}"),
        Unit::Count => format!("{value:.1}"),
        // A running figure is a sum of floats: 59.9999… is a minute, as the same
        // duration counted in whole seconds elsewhere on screen says.
        Unit::Duration => crate::format::duration((value.max(0.0) + 1e-6) as u64),
        Unit::Percent => format!("{value:.0}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::TeamAgents;
    use crate::board::figure::Reduction;
    use crate::board::model::Scope;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant::by_pc_clock(100_000.0, 1_700_000_000_000.0);

    fn reading(metric: &str, reduction: Reduction) -> Reading {
        Reading {
            metric: Metric::parse(metric).expect("a metric"),
            scope: Scope::default(),
            state: None,
            reduction,
        }
    }

    fn teams() -> Vec<TeamActivityRow> {
        decode::team_activity(
            r#"{"rows":[{"teamId":"a","idleCount":2,"activeCount":7,"multiLineCount":1,"notReadyCount":0},
                        {"teamId":"b","idleCount":"1","activeCount":1,"wrapCount":null}]}"#,
        )
        .expect("decodes")
        .value
        .rows
    }

    #[test]
    fn team_counters_add_up_and_occupancy_weighs_teams_by_size() {
        let rows = teams();
        let figure = |metric: &str, r: Reduction| {
            let reading = reading(metric, r);
            let mut s = Samples::default();
            for row in &rows {
                s.team(&reading, row);
            }
            s.figure(&reading, 0.0).map(|f| f.at(0.0))
        };
        assert_eq!(figure("available", Reduction::Sum), Some(3.0));
        assert_eq!(figure("available", Reduction::Max), Some(2.0));
        assert_eq!(figure("signedOn", Reduction::Sum), Some(12.0));
        // 9 of 12 busy overall (not the mean of 80 % and 50 %).
        assert_eq!(figure("occupancy", Reduction::Sum), Some(75.0));
        assert_eq!(figure("occupancy", Reduction::Min), Some(50.0));
        assert_eq!(figure("agentsInWrap", Reduction::Sum), Some(0.0));
        assert_eq!(Samples::default().figure(&reading("queue", Reduction::Sum), 0.0), None);
    }

    fn agents() -> TeamAgents {
        let body = r#"{"rows":[
            {"userId":"u1","preferredName":"Ana","stateId":"notReady","stateDur":100,"interactionCount":4},
            {"userId":"u2","preferredName":"Bo","stateId":"notReady","stateDur":1790},
            {"userId":"u3","preferredName":"Cy","stateId":"idle","stateDur":5},
            {"userId":"u4","stateId":"loggedOff","stateDur":9000}]}"#;
        let payload = decode::user_activity(body).expect("decodes").value;
        TeamAgents::from_payload(&payload, 0, "t", &AT)
    }

    #[test]
    fn agent_metrics_count_states_and_run_with_the_clock() {
        let team = agents();
        let limits = StateLimits::default();
        let figure = |metric: &str, state: Option<&str>, r: Reduction| {
            let reading = Reading {
                state: state.map(floorview_reporting::enums::normalise),
                ..reading(metric, r)
            };
            let mut s = Samples::default();
            s.agents(&reading, &team.agents, &limits);
            s.figure(&reading, AT.mono_ms)
        };
        let at = |f: Option<Figure>, later_s: f64| f.map(|f| f.at(AT.mono_ms + later_s * 1000.0));
        assert_eq!(
            at(figure("agentsInState", Some("notReady"), Reduction::Sum), 0.0),
            Some(2.0)
        );
        // 2 of the 3 signed on (the logged-off agent is not).
        assert_eq!(
            at(figure("shareInState", Some("not_ready"), Reduction::Sum), 0.0).map(f64::round),
            Some(67.0)
        );
        // Not ready's critical limit is 1,800 s: Bo crosses 10 s later.
        let over = figure("agentsOverLimit", None, Reduction::Sum);
        assert_eq!([at(over.clone(), 9.0), at(over, 10.0)], [Some(0.0), Some(1.0)]);
        // The longest in not ready, running; the logged-off agent is not counted.
        let longest = figure("timeInState", Some("notready"), Reduction::Max);
        assert_eq!(
            [at(longest.clone(), 0.0), at(longest, 60.0)],
            [Some(1790.0), Some(1850.0)]
        );
        assert_eq!(at(figure("timeInState", None, Reduction::Max), 0.0), Some(1790.0));
        assert_eq!(at(figure("interactions", None, Reduction::Sum), 0.0), Some(4.0));
    }

    #[test]
    fn channel_metrics_follow_the_interaction_types_of_the_scope() {
        let payload = decode::channel_activity(
            r#"{"rows":[{"interactionTypeId":"voice","queueCount":4,"maxQueueDur":30},
                        {"interactionTypeId":"email","queueCount":"6","maxQueueDur":600},
                        {"interactionTypeId":"chat","queueCount":0}]}"#,
        )
        .expect("decodes")
        .value;
        let figure = |metric: &str, r: Reduction, types: &[&str]| {
            let reading = Reading {
                scope: Scope {
                    interaction_types: types.iter().map(|t| (*t).to_owned()).collect(),
                    ..Scope::default()
                },
                ..reading(metric, r)
            };
            let mut s = Samples::default();
            s.channel(&reading, &payload, &AT);
            s.figure(&reading, AT.mono_ms).map(|f| f.at(AT.mono_ms + 5000.0))
        };
        assert_eq!(figure("queue", Reduction::Sum, &[]), Some(10.0));
        assert_eq!(figure("queue", Reduction::Sum, &["Voice"]), Some(4.0));
        assert_eq!(figure("longestWait", Reduction::Max, &[]), Some(605.0));
        assert_eq!(figure("longestWait", Reduction::Max, &["voice"]), Some(35.0));
        // Nothing waits in chat: 0, not unknown.
        assert_eq!(figure("longestWait", Reduction::Max, &["chat"]), Some(0.0));
        assert_eq!(figure("queue", Reduction::Count, &[]), Some(3.0));
    }

    #[test]
    fn list_and_presence_metrics_read_their_fields() {
        let list: ListActivity =
            serde_json::from_str(r#"{"contactList":"a","listPenetration":42.5,"recordsAvailable":"10"}"#)
                .expect("decodes");
        let penetration = reading("listPenetration", Reduction::Mean);
        let mut s = Samples::default();
        s.list(&penetration, &list);
        assert_eq!(s.figure(&penetration, 0.0).map(|f| f.at(0.0)), Some(42.5));
        let users: UsersCollection =
            serde_json::from_str(r#"{"users":[{"userId":"a"},{"userId":"b"}]}"#).expect("decodes");
        let logged_on = reading("loggedOn", Reduction::Sum);
        let mut s = Samples::default();
        s.presence(&users);
        assert_eq!(s.figure(&logged_on, 0.0).map(|f| f.at(0.0)), Some(2.0));
    }

    #[test]
    fn samples_gathered_in_parts_give_the_figure_of_the_whole() {
        let team = agents();
        let limits = StateLimits::default();
        for metric in [
            "agentsInState",
            "shareInState",
            "agentsOverLimit",
            "timeInState",
            "interactions",
        ] {
            let reading = Reading {
                state: Some("notready".into()),
                ..reading(metric, Reduction::Max)
            };
            let reading = if Metric::parse(metric).is_ok_and(Metric::takes_state) {
                reading
            } else {
                Reading { state: None, ..reading }
            };
            let mut whole = Samples::default();
            whole.agents(&reading, &team.agents, &limits);
            whole.agents(&reading, &team.agents[..2], &limits);
            let (mut a, mut b) = (Samples::default(), Samples::default());
            a.agents(&reading, &team.agents, &limits);
            b.agents(&reading, &team.agents[..2], &limits);
            let mut joined = Samples::default();
            joined.extend(&a);
            joined.extend(&b);
            let at = |s: Samples| s.figure(&reading, AT.mono_ms).map(|f| f.at(AT.mono_ms + 20_000.0));
            assert_eq!(at(joined), at(whole), "{metric}");
        }
    }

    #[test]
    fn figures_read_as_their_unit() {
        assert_eq!(format_value(Unit::Count, 12.0), "12");
        assert_eq!(format_value(Unit::Count, 2.5), "2.5");
        assert_eq!(format_value(Unit::Percent, 83.4), "83%");
        assert_eq!(format_value(Unit::Duration, 75.0), crate::format::duration(75));
        assert_eq!(format_value(Unit::Duration, 59.999_999_9), crate::format::duration(60));
    }
}
