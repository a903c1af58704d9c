//! One row of `channelActivity` (an interaction type of a work type) as every view
//! and board keys, names and times it: the Overview, the Queues view, boards and
//! alerts all read a row through these.

use floorview_reporting::ChannelActivityRow;

use crate::clock::{FetchInstant, LiveDuration};

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

    #[test]
    fn longest_wait_prefers_the_server_duration() {
        let at = FetchInstant::by_pc_clock(0.0, 1_795_938_522_000.0);
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
