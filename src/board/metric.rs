//! The figures a tile can show: every field the five endpoints return plus the
//! derived ones (agents in a state, over their limit, occupancy), each with its
//! source, unit and a sentence for the docs (docs/configuration.md lists them, and
//! a test holds the two to each other).

use floorview_reporting::Endpoint;

/// What a metric's figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// Seconds, shown as a duration.
    Duration,
    Percent,
}

/// A `teamActivity` counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamField {
    SignedOn,
    Idle,
    PendingActive,
    Active,
    MultiLine,
    Hold,
    Preview,
    Wrap,
    WrapWarning,
    Park,
    ParkWarning,
    NotReady,
}

/// A `channelActivity` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelField {
    Queue,
    Active,
    Hold,
    Wrap,
    Ring,
    Dial,
    SelfService,
    Preview,
    Inactive,
    /// Running: `maxQueueDur`, else the time since `longestWaitingQueueTime`.
    LongestWait,
    QueueDur,
    ActiveDur,
    PreviewDur,
    SelfServiceDur,
}

/// A `listActivity` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListField {
    RecordsAvailable,
    RecordsAttempted,
    RecordsInActive,
    CallsBusy,
    ListPenetration,
    ListSaturation,
    PasscountPenetration,
    PasscountSaturation,
}

/// One figure a tile can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Team(TeamField),
    /// Active (with multiline) over signed on, from `teamActivity`.
    Occupancy,
    /// From `userActivity`: agents in the tile's `state`.
    AgentsInState,
    /// Agents in the tile's `state` over agents signed on, from `userActivity`.
    ShareInState,
    /// Agents past the critical time-in-state limit of their state.
    AgentsOverLimit,
    /// The time in state (of the tile's `state`, or any) per agent: running.
    TimeInState,
    Interactions,
    Channel(ChannelField),
    List(ListField),
    /// Users logged on, from `presence/users`.
    LoggedOn,
}

/// Name, metric, unit and the docs' sentence.
pub const METRICS: &[(&str, Metric, Unit, &str)] = {
    use ChannelField as C;
    use ListField as L;
    use Metric::{Channel, List, Team};
    use TeamField as T;
    use Unit::{Count, Duration, Percent};
    &[
        (
            "signedOn",
            Team(T::SignedOn),
            Count,
            "agents signed on (every state counted)",
        ),
        ("available", Team(T::Idle), Count, "agents idle, ready for work"),
        ("idle", Team(T::Idle), Count, "the same as available"),
        (
            "pendingActive",
            Team(T::PendingActive),
            Count,
            "agents being offered work",
        ),
        ("active", Team(T::Active), Count, "agents on an interaction"),
        ("multiLine", Team(T::MultiLine), Count, "agents on several interactions"),
        ("agentsOnHold", Team(T::Hold), Count, "agents holding a customer"),
        (
            "agentsPreviewing",
            Team(T::Preview),
            Count,
            "agents previewing an outbound record",
        ),
        ("agentsInWrap", Team(T::Wrap), Count, "agents wrapping up"),
        (
            "wrapWarning",
            Team(T::WrapWarning),
            Count,
            "agents past the wrap warning",
        ),
        ("park", Team(T::Park), Count, "agents parked"),
        (
            "parkWarning",
            Team(T::ParkWarning),
            Count,
            "agents past the park warning",
        ),
        ("notReady", Team(T::NotReady), Count, "agents not ready"),
        (
            "occupancy",
            Metric::Occupancy,
            Percent,
            "active and multiline agents over agents signed on",
        ),
        (
            "agentsInState",
            Metric::AgentsInState,
            Count,
            "agents in the tile's `state` (from userActivity)",
        ),
        (
            "shareInState",
            Metric::ShareInState,
            Percent,
            "agents in the tile's `state` over agents signed on",
        ),
        (
            "agentsOverLimit",
            Metric::AgentsOverLimit,
            Count,
            "agents past the critical time-in-state limit of their state (`thresholds.states`); counts up live",
        ),
        (
            "timeInState",
            Metric::TimeInState,
            Duration,
            "time in state of each agent (in the tile's `state`, if given); runs live, so `max` is the longest",
        ),
        (
            "interactions",
            Metric::Interactions,
            Count,
            "interactions each agent has handled",
        ),
        ("queue", Channel(C::Queue), Count, "interactions waiting in queue"),
        ("inProgress", Channel(C::Active), Count, "interactions being handled"),
        ("onHold", Channel(C::Hold), Count, "interactions on hold"),
        ("inWrap", Channel(C::Wrap), Count, "interactions in wrap"),
        ("ringing", Channel(C::Ring), Count, "interactions ringing"),
        ("dialling", Channel(C::Dial), Count, "outbound interactions dialling"),
        (
            "selfService",
            Channel(C::SelfService),
            Count,
            "interactions in self-service",
        ),
        ("preview", Channel(C::Preview), Count, "interactions in preview"),
        ("inactive", Channel(C::Inactive), Count, "inactive interactions"),
        (
            "longestWait",
            Channel(C::LongestWait),
            Duration,
            "the longest current wait in queue; runs live",
        ),
        (
            "queueTime",
            Channel(C::QueueDur),
            Duration,
            "total time in queue (`queueDur`)",
        ),
        (
            "activeTime",
            Channel(C::ActiveDur),
            Duration,
            "total handling time (`activeDur`)",
        ),
        (
            "previewTime",
            Channel(C::PreviewDur),
            Duration,
            "total preview time (`previewDur`)",
        ),
        (
            "selfServiceTime",
            Channel(C::SelfServiceDur),
            Duration,
            "total self-service time (`selfServiceDur`)",
        ),
        (
            "recordsAvailable",
            List(L::RecordsAvailable),
            Count,
            "records left to dial",
        ),
        (
            "recordsAttempted",
            List(L::RecordsAttempted),
            Count,
            "records attempted",
        ),
        (
            "recordsInActive",
            List(L::RecordsInActive),
            Count,
            "records being dialled",
        ),
        ("callsBusy", List(L::CallsBusy), Count, "calls that found a busy line"),
        (
            "listPenetration",
            List(L::ListPenetration),
            Percent,
            "share of the list attempted",
        ),
        (
            "listSaturation",
            List(L::ListSaturation),
            Percent,
            "attempts over the list's size",
        ),
        (
            "passcountPenetration",
            List(L::PasscountPenetration),
            Percent,
            "penetration of the current pass",
        ),
        (
            "passcountSaturation",
            List(L::PasscountSaturation),
            Percent,
            "saturation of the current pass",
        ),
        ("loggedOn", Metric::LoggedOn, Count, "users logged on (presence)"),
    ]
};

impl Metric {
    /// A metric by its name in config (any case).
    pub fn parse(name: &str) -> Result<Metric, String> {
        let name = name.trim();
        METRICS
            .iter()
            .find(|(n, ..)| n.eq_ignore_ascii_case(name))
            .map(|(_, m, ..)| *m)
            .ok_or_else(|| format!("\"{name}\" is not a metric (docs/configuration.md lists them)"))
    }

    /// The first name of a metric.
    pub fn name(self) -> &'static str {
        METRICS.iter().find(|(_, m, ..)| *m == self).map_or("", |(n, ..)| n)
    }

    pub fn unit(self) -> Unit {
        METRICS
            .iter()
            .find(|(_, m, ..)| *m == self)
            .map_or(Unit::Count, |(_, _, u, _)| *u)
    }

    /// The endpoint the figure comes from.
    pub fn source(self) -> Endpoint {
        match self {
            Metric::Team(_) | Metric::Occupancy => Endpoint::TeamActivity,
            Metric::AgentsInState
            | Metric::ShareInState
            | Metric::AgentsOverLimit
            | Metric::TimeInState
            | Metric::Interactions => Endpoint::UserActivity,
            Metric::Channel(_) => Endpoint::ChannelActivity,
            Metric::List(_) => Endpoint::ListActivity,
            Metric::LoggedOn => Endpoint::PresenceUsers,
        }
    }

    /// A ratio of two sums (reduced by [`super::figure::Reduction::ratios`]).
    pub fn is_ratio(self) -> bool {
        matches!(self, Metric::Occupancy | Metric::ShareInState)
    }

    /// Whether the tile must name a `state`.
    pub fn needs_state(self) -> bool {
        matches!(self, Metric::AgentsInState | Metric::ShareInState)
    }

    /// Whether the tile may name a `state` to narrow it.
    pub fn takes_state(self) -> bool {
        self.needs_state() || self == Metric::TimeInState
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        let mut names: Vec<String> = METRICS.iter().map(|(n, ..)| n.to_ascii_lowercase()).collect();
        let all = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all);
        for (name, metric, ..) in METRICS {
            assert_eq!(Metric::parse(&name.to_uppercase()), Ok(*metric));
        }
        assert_eq!(Metric::Team(TeamField::Idle).name(), "available");
        assert!(Metric::parse("serviceLevel").is_err_and(|e| e.contains("serviceLevel")));
    }

    #[test]
    fn the_docs_list_every_metric() {
        let docs = include_str!("../../docs/configuration.md");
        for (name, ..) in METRICS {
            assert!(
                docs.contains(&format!("| `{name}` |")),
                "docs/configuration.md does not list metric {name}"
            );
        }
    }
}
