//! What the Queues and Outbound views remember between polls: per interaction type,
//! queue count and longest wait over the last minutes; per contact list, progress
//! since the page opened.

pub mod history;

use floorview_reporting::{ChannelActivity, ListActivity};

use crate::channel::{longest_wait, row_key};
use crate::clock::FetchInstant;
use history::Series;

/// How far back sparklines reach.
pub const WINDOW_MS: f64 = 15.0 * 60_000.0;
/// Points per series: one a second over the window would be 900; polls are rarer.
const MAX_POINTS: usize = 300;
/// Interaction types remembered per work type; a payload with thousands of odd rows
/// cannot grow memory without end.
const MAX_ROWS: usize = 32;

/// Queue count and longest wait of one interaction type over time.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueTrend {
    pub queue: Series,
    pub wait_s: Series,
}

/// The trends of one work type's interaction types, keyed as the Overview keys rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueTrends(Vec<(String, QueueTrend)>);

impl QueueTrends {
    /// Records a `channelActivity` snapshot received at `at`.
    pub fn record(&mut self, payload: &ChannelActivity, at: &FetchInstant) {
        for row in &payload.rows {
            let key = row_key(row);
            let index = match self.0.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None if self.0.len() < MAX_ROWS => {
                    self.0.push((
                        key,
                        QueueTrend {
                            queue: Series::new(WINDOW_MS, MAX_POINTS),
                            wait_s: Series::new(WINDOW_MS, MAX_POINTS),
                        },
                    ));
                    self.0.len() - 1
                }
                None => continue,
            };
            let trend = &mut self.0[index].1;
            if let Some(q) = row.queue_count {
                trend.queue.push(at.mono_ms, f64::from(q));
            }
            let wait = longest_wait(row, at).map_or(0, |d| d.seconds_at(at.mono_ms));
            trend.wait_s.push(at.mono_ms, wait as f64);
        }
    }

    /// The trend of the row keyed `key`.
    pub fn get(&self, key: &str) -> Option<&QueueTrend> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, t)| t)
    }
}

/// One contact list's progress since the page opened.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTrend {
    /// Records attempted in the first snapshot seen.
    pub first_attempted: Option<u32>,
    pub attempted: Series,
    pub penetration: Series,
}

impl Default for ListTrend {
    fn default() -> Self {
        ListTrend {
            first_attempted: None,
            attempted: Series::new(WINDOW_MS * 4.0, MAX_POINTS),
            penetration: Series::new(WINDOW_MS * 4.0, MAX_POINTS),
        }
    }
}

impl ListTrend {
    /// Records a `listActivity` snapshot received at `at`.
    pub fn record(&mut self, list: &ListActivity, at: &FetchInstant) {
        if let Some(a) = list.records_attempted {
            self.first_attempted.get_or_insert(a);
            self.attempted.push(at.mono_ms, f64::from(a));
        }
        if let Some(p) = list.list_penetration {
            self.penetration.push(at.mono_ms, p);
        }
    }

    /// Records attempted since the page opened (negative if the list was reset).
    pub fn attempted_since_open(&self) -> Option<i64> {
        let first = self.first_attempted?;
        let last = self.attempted.last()? as i64;
        Some(last - i64::from(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floorview_reporting::decode;

    fn at(s: f64) -> FetchInstant {
        FetchInstant::by_pc_clock(s * 1000.0, 0.0)
    }

    #[test]
    fn queue_trends_follow_each_interaction_type() {
        let mut t = QueueTrends::default();
        let body = |q: u32| {
            format!(
                r#"{{"rows":[{{"workTypeId":"w","interactionTypeId":"inboundacd","queueCount":{q},"maxQueueDur":30}},{{"workTypeId":"w","interactionTypeId":"inboundchat","queueCount":0}}]}}"#
            )
        };
        for (s, q) in [(0.0, 1), (5.0, 4), (10.0, 2)] {
            t.record(&decode::channel_activity(&body(q)).expect("decodes").value, &at(s));
        }
        let voice =
            t.0.iter()
                .find(|(k, _)| k.contains("inboundacd"))
                .map(|(_, t)| t)
                .expect("voice");
        assert_eq!(
            voice.queue.points().map(|(_, v)| v).collect::<Vec<_>>(),
            [1.0, 4.0, 2.0]
        );
        assert_eq!(voice.wait_s.last(), Some(30.0));
        let chat =
            t.0.iter()
                .find(|(k, _)| k.contains("inboundchat"))
                .map(|(_, t)| t)
                .expect("chat");
        assert_eq!(chat.wait_s.last(), Some(0.0), "nothing waits in an empty queue");
    }

    #[test]
    fn odd_payloads_cannot_grow_memory_without_end() {
        let mut t = QueueTrends::default();
        let rows: Vec<String> = (0..500)
            .map(|i| format!(r#"{{"interactionTypeId":"odd{i}","queueCount":1}}"#))
            .collect();
        let body = format!(r#"{{"rows":[{}]}}"#, rows.join(","));
        t.record(&decode::channel_activity(&body).expect("decodes").value, &at(0.0));
        assert_eq!(t.0.len(), MAX_ROWS);
    }

    #[test]
    fn list_progress_counts_from_the_first_snapshot() {
        let mut t = ListTrend::default();
        for (s, a) in [(0.0, 100), (30.0, 130), (60.0, 175)] {
            let body = format!(
                r#"{{"recordsAttempted":{a},"listPenetration":{}}}"#,
                f64::from(a) / 10.0
            );
            t.record(&decode::list_activity(&body).expect("decodes").value, &at(s));
        }
        assert_eq!(t.attempted_since_open(), Some(75));
        assert_eq!(t.penetration.last(), Some(17.5));
    }
}
