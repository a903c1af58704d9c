//! The figures the Overview shows, derived from decoded payloads: pure, so they are
//! tested natively and the view only lays them out.

use floorview_reporting::{ChannelActivityRow, TeamActivityRow};

use crate::live::{FetchInstant, LiveDuration};

/// One part of a team's stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub label: &'static str,
    /// CSS modifier (`idle`, `not-ready`, …).
    pub class: &'static str,
    pub count: u32,
    pub percent: f64,
}

/// The stacked bar's parts: every state with agents in it, in counter order. Each
/// agent is in exactly one state (`multiline` is a state of its own), so the parts
/// add up to the agents signed on.
pub fn team_segments(row: &TeamActivityRow) -> Vec<Segment> {
    let parts: Vec<(&'static str, &'static str, u32)> = row
        .counters()
        .into_iter()
        .filter_map(|(label, count)| count.filter(|c| *c > 0).map(|c| (label, state_class(label), c)))
        .collect();
    let total: u64 = parts.iter().map(|(_, _, c)| u64::from(*c)).sum();
    parts
        .into_iter()
        .map(|(label, class, count)| Segment {
            label,
            class,
            count,
            percent: crate::format::percent(u64::from(count), total),
        })
        .collect()
}

/// A state bar in words, for its `aria-label`: `Idle 4, Active 3`.
pub fn describe_segments(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| format!("{} {}", s.label, s.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row of team `id` in a `teamActivity` body: the one with that `teamId`, else
/// the only or first row (some tenants omit `teamId`).
pub fn team_row<'a>(rows: &'a [TeamActivityRow], id: &str) -> Option<&'a TeamActivityRow> {
    rows.iter()
        .find(|r| r.team_id.as_deref() == Some(id))
        .or_else(|| rows.first())
}

/// The CSS modifier of a counter label.
pub fn state_class(label: &str) -> &'static str {
    match label {
        "Idle" => "idle",
        "Pending active" => "pending",
        "Active" => "active",
        "Multiline" => "multiline",
        "Hold" => "hold",
        "Preview" => "preview",
        "Wrap" => "wrap",
        "Wrap warning" => "wrap-warning",
        "Park" => "park",
        "Park warning" => "park-warning",
        "Not ready" => "not-ready",
        _ => "other",
    }
}

/// The longest current wait of a row as a live duration: the server's `maxQueueDur`
/// when sent, else the time since `longestWaitingQueueTime` by the server's clock.
/// `None` when nothing waits.
pub fn longest_wait(row: &ChannelActivityRow, at: &FetchInstant) -> Option<LiveDuration> {
    if row.queue_count == Some(0) {
        return None;
    }
    match (row.max_queue_dur, &row.longest_waiting_queue_time) {
        (Some(d), _) if d > 0 => Some(LiveDuration::from_seconds(d, at)),
        (_, Some(ts)) => Some(LiveDuration::since(ts, at)),
        (Some(d), None) => Some(LiveDuration::from_seconds(d, at)),
        (None, None) => None,
    }
}

/// Sums of the channel counters over rows (a work type, or all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelTotals {
    pub queue: u64,
    pub active: u64,
    pub hold: u64,
    pub wrap: u64,
    pub ring: u64,
    pub dial: u64,
    pub self_service: u64,
    pub preview: u64,
    pub inactive: u64,
}

impl ChannelTotals {
    /// Adds up `rows`; missing counts add nothing.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ChannelActivityRow>) -> ChannelTotals {
        let mut t = ChannelTotals::default();
        let n = |v: Option<u32>| u64::from(v.unwrap_or(0));
        for r in rows {
            t.queue += n(r.queue_count);
            t.active += n(r.active_count);
            t.hold += n(r.hold_count);
            t.wrap += n(r.wrap_count);
            t.ring += n(r.ring_count);
            t.dial += n(r.dial_count);
            t.self_service += n(r.self_service_count);
            t.preview += n(r.preview_count);
            t.inactive += n(r.inactive_count);
        }
        t
    }
}

/// A stable key for a channel row within its work type.
pub fn row_key(row: &ChannelActivityRow) -> String {
    match (&row.interaction_type_id, &row.channel_type_id) {
        (Some(i), _) => i.as_str().to_owned(),
        (None, Some(c)) => format!("channel:{}", c.as_str()),
        (None, None) => "unknown".to_owned(),
    }
}

/// The row's title: its interaction type's name, else its id, else the channel.
pub fn row_title(row: &ChannelActivityRow) -> String {
    row.interaction_type_name
        .as_ref()
        .map(|n| n.as_str().to_owned())
        .filter(|n| !n.is_empty())
        .or_else(|| row.interaction_type_id.as_ref().map(|i| i.as_str().to_owned()))
        .or_else(|| row.channel_type_name.as_ref().map(|c| c.as_str().to_owned()))
        .unwrap_or_else(|| "Unknown interaction type".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use floorview_reporting::InteractionTypeId;

    fn team() -> TeamActivityRow {
        TeamActivityRow {
            idle_count: Some(3),
            active_count: Some(5),
            multi_line_count: Some(1),
            not_ready_count: Some(2),
            wrap_count: Some(0),
            hold_count: None,
            ..Default::default()
        }
    }

    #[test]
    fn segments_cover_every_occupied_state_and_add_up() {
        let s = team_segments(&team());
        let labels: Vec<&str> = s.iter().map(|s| s.label).collect();
        assert_eq!(labels, ["Idle", "Active", "Multiline", "Not ready"]);
        assert_eq!(s[1].percent, 5.0 * 100.0 / 11.0);
        assert_eq!(s[3].class, "not-ready");
        assert_eq!(s.iter().map(|s| u64::from(s.count)).sum::<u64>(), team().signed_on());
        assert!((s.iter().map(|s| s.percent).sum::<f64>() - 100.0).abs() < 1e-9);
        assert!(team_segments(&TeamActivityRow::default()).is_empty());
    }

    #[test]
    fn the_team_row_is_found_by_id_or_falls_back_to_the_first() {
        let a = TeamActivityRow {
            team_id: Some("a".into()),
            ..Default::default()
        };
        let b = TeamActivityRow {
            team_id: Some("b".into()),
            ..Default::default()
        };
        let rows = [a, b];
        assert_eq!(team_row(&rows, "b").and_then(|r| r.team_id.as_deref()), Some("b"));
        assert_eq!(team_row(&rows, "zzz").and_then(|r| r.team_id.as_deref()), Some("a"));
        assert_eq!(team_row(&[], "a"), None);
    }

    #[test]
    fn longest_wait_prefers_the_server_duration() {
        let at = FetchInstant {
            mono_ms: 0.0,
            wall_ms: 1_795_938_522_000.0,
            server_ms: None,
        };
        let ts = DateTime::parse_from_rfc3339("2026-11-29T07:48:00Z").ok();
        let row = ChannelActivityRow {
            queue_count: Some(2),
            max_queue_dur: Some(30),
            longest_waiting_queue_time: ts,
            ..Default::default()
        };
        assert_eq!(longest_wait(&row, &at).map(|d| d.seconds_at(2_000.0)), Some(32));
        let row = ChannelActivityRow {
            max_queue_dur: None,
            ..row
        };
        assert_eq!(longest_wait(&row, &at).map(|d| d.seconds_at(0.0)), Some(42));
        let empty = ChannelActivityRow {
            queue_count: Some(0),
            ..row
        };
        assert_eq!(longest_wait(&empty, &at), None);
    }

    #[test]
    fn totals_add_present_counts() {
        let a = ChannelActivityRow {
            queue_count: Some(2),
            active_count: Some(1),
            ..Default::default()
        };
        let b = ChannelActivityRow {
            queue_count: Some(3),
            hold_count: Some(4),
            ..Default::default()
        };
        let t = ChannelTotals::of([&a, &b]);
        assert_eq!((t.queue, t.active, t.hold, t.wrap), (5, 1, 4, 0));
    }

    #[test]
    fn rows_have_keys_and_titles_even_when_sparse() {
        let row = ChannelActivityRow {
            interaction_type_id: Some(InteractionTypeId::parse("inboundacd")),
            ..Default::default()
        };
        assert_eq!(row_key(&row), "inboundacd");
        assert_eq!(row_title(&row), "inboundacd");
        assert_eq!(row_title(&ChannelActivityRow::default()), "Unknown interaction type");
    }
}
