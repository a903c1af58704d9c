//! Threshold breaches across the floor, computed from the data (not from what a view
//! happens to show): counted in the tab title, so a background tab still alerts, and
//! announced to screen readers, politely and at most so often.

use std::collections::{BTreeMap, HashSet};

use floorview_reporting::{ChannelActivityRow, UserActivityRow};

use crate::channel::{longest_wait, row_key, row_title};
use crate::clock::{FetchInstant, LiveDuration};
use crate::config::{Level, StateLimits, Thresholds};
use crate::format;

/// One figure at or past its warn threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// Stable identity across polls (`queue:sales_voice:inboundacd:wait`).
    pub key: String,
    /// What breached, in words (`Sales Voice · Inbound Acd`, an agent's name).
    pub subject: String,
    /// Which figure (`longest wait`, `in queue`, `in Wrap`).
    pub metric: String,
    /// The figure, worded when it is said: a time keeps counting, and a breach
    /// that stays as it was compares equal from one tick to the next, so nothing
    /// downstream re-runs.
    pub value: Figure,
    pub level: Level,
}

/// A breached figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(u32),
    /// A time that keeps growing (longest wait, time in state).
    Live(LiveDuration),
}

impl Figure {
    /// As shown at monotonic time `now_mono_ms` (`17`, `3:05`).
    pub fn text(&self, now_mono_ms: f64) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Live(d) => format::duration(d.seconds_at(now_mono_ms)),
        }
    }
}

/// The breaches of one work type's `channelActivity` rows: queue size and longest
/// wait per interaction type, judged as the Overview's panels judge them.
pub fn queue_breaches(
    work_type_id: &str,
    rows: &[ChannelActivityRow],
    at: &FetchInstant,
    now_mono_ms: f64,
    t: &Thresholds,
) -> Vec<Breach> {
    queue_breaches_until(work_type_id, rows, at, now_mono_ms, t).0
}

/// [`queue_breaches`], and the monotonic instant (ms) before which time alone
/// cannot change them (a wait reaching its next limit); infinite when never.
pub fn queue_breaches_until(
    work_type_id: &str,
    rows: &[ChannelActivityRow],
    at: &FetchInstant,
    now_mono_ms: f64,
    t: &Thresholds,
) -> (Vec<Breach>, f64) {
    let mut next = f64::INFINITY;
    let name = rows
        .iter()
        .find_map(|r| r.work_type_name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| work_type_id.to_owned());
    let mut out = Vec::new();
    for row in rows {
        let subject = format!("{name} · {}", row_title(row));
        let key = format!("queue:{work_type_id}:{}", row_key(row));
        if let Some(queue) = row.queue_count {
            let level = t.queue().level(f64::from(queue));
            if level != Level::Normal {
                out.push(Breach {
                    key: format!("{key}:queue"),
                    subject: subject.clone(),
                    metric: "in queue".to_owned(),
                    value: Figure::Count(queue),
                    level,
                });
            }
        }
        if let Some(wait) = longest_wait(row, at) {
            let limit = t.longest_wait();
            next = next.min(next_limit(&wait, limit.warn, limit.critical, now_mono_ms));
            let level = limit.level(wait.seconds_at(now_mono_ms) as f64);
            if level != Level::Normal {
                out.push(Breach {
                    key: format!("{key}:wait"),
                    subject,
                    metric: "longest wait".to_owned(),
                    value: Figure::Live(wait),
                    level,
                });
            }
        }
    }
    (out, next)
}

/// When a growing time next reaches `warn` or `critical` after `now_mono_ms`.
fn next_limit(d: &LiveDuration, warn: f64, critical: f64, now_mono_ms: f64) -> f64 {
    [warn, critical]
        .into_iter()
        .map(|l| d.reaches(l))
        .filter(|t| *t > now_mono_ms)
        .fold(f64::INFINITY, f64::min)
}

/// The breaches of one team's `userActivity` rows fetched at `at`: each agent's time
/// in state (`stateDur` at fetch plus the time since) at `now_mono_ms` against that
/// state's limit.
pub fn agent_breaches(
    team_id: &str,
    rows: &[UserActivityRow],
    limits: &StateLimits,
    at: &FetchInstant,
    now_mono_ms: f64,
) -> Vec<Breach> {
    agent_breaches_until(team_id, rows, limits, at, now_mono_ms).0
}

/// [`agent_breaches`], and the monotonic instant (ms) before which time alone
/// cannot change them (an agent reaching the next limit of their state); infinite
/// when never. A team's agents need judging again only then, or when it polls.
pub fn agent_breaches_until(
    team_id: &str,
    rows: &[UserActivityRow],
    limits: &StateLimits,
    at: &FetchInstant,
    now_mono_ms: f64,
) -> (Vec<Breach>, f64) {
    let mut next = f64::INFINITY;
    let breaches = rows
        .iter()
        .filter_map(|row| {
            let state = row.state_id.as_ref()?;
            let limit = limits.get(state.as_str())?;
            let in_state = LiveDuration::from_seconds(row.state_dur?, at);
            next = next.min(next_limit(&in_state, limit.warn_s, limit.critical_s, now_mono_ms));
            let level = Level::of(in_state.seconds_at(now_mono_ms) as f64, limit.warn_s, limit.critical_s);
            (level != Level::Normal).then(|| {
                let state_name = row
                    .state_name
                    .as_ref()
                    .map_or_else(|| state.as_str().to_owned(), |n| n.as_str().to_owned());
                Breach {
                    key: format!(
                        "agent:{team_id}:{}",
                        row.user_id.as_deref().unwrap_or(row.display_name())
                    ),
                    subject: row.display_name().to_owned(),
                    metric: format!("in {state_name}"),
                    value: Figure::Live(in_state),
                    level,
                }
            })
        })
        .collect();
    (breaches, next)
}

/// The tab title: the count of breaches first, so a background tab still alerts.
pub fn title(base: &str, breaches: &[Breach]) -> String {
    let critical = breaches.iter().filter(|b| b.level == Level::Critical).count();
    match breaches.len() {
        0 => base.to_owned(),
        n if critical > 0 => format!("({n}) ◆ {critical} critical · {base}"),
        n => format!("({n}) ▲ {base}"),
    }
}

fn describe(b: &Breach, now_mono_ms: f64) -> String {
    let word = if b.level == Level::Critical { "critical" } else { "high" };
    format!("{} {} {word} ({})", b.subject, b.metric, b.value.text(now_mono_ms))
}

/// Decides what to say about breaches: new ones and escalations (warn → critical),
/// and the all-clear, never more often than once per `min_gap_ms`, so a screen reader
/// is not talked over every second. What happens in between is said at the next turn.
#[derive(Debug, Clone)]
pub struct Announcer {
    min_gap_ms: f64,
    last_ms: Option<f64>,
    said: BTreeMap<String, Level>,
}

impl Announcer {
    /// An announcer that speaks at most once per `min_gap_ms`.
    pub fn new(min_gap_ms: f64) -> Announcer {
        Announcer {
            min_gap_ms,
            last_ms: None,
            said: BTreeMap::new(),
        }
    }

    /// What to announce at monotonic time `now_ms` about `breaches`, if anything.
    pub fn update(&mut self, breaches: &[Breach], now_ms: f64) -> Option<String> {
        let fresh: Vec<&Breach> = breaches
            .iter()
            .filter(|b| self.said.get(&b.key).is_none_or(|l| b.level > *l))
            .collect();
        // A set, not a search of the list per key: a floor of 10,000 agents can have
        // thousands of breaches, and a search each would be millions of comparisons.
        let now: HashSet<&str> = breaches.iter().map(|b| b.key.as_str()).collect();
        let cleared = self.said.keys().any(|k| !now.contains(k.as_str()));
        if fresh.is_empty() && !cleared {
            return None;
        }
        if self.last_ms.is_some_and(|last| now_ms - last < self.min_gap_ms) {
            return None;
        }
        self.last_ms = Some(now_ms);
        let message = if fresh.is_empty() && breaches.is_empty() {
            "All thresholds are back to normal.".to_owned()
        } else if fresh.is_empty() {
            format!("Fewer thresholds breached: {} now.", breaches.len())
        } else {
            let mut parts: Vec<String> = fresh.iter().take(3).map(|b| describe(b, now_ms)).collect();
            if fresh.len() > 3 {
                parts.push(format!("and {} more", fresh.len() - 3));
            }
            let noun = if breaches.len() == 1 { "threshold" } else { "thresholds" };
            format!("{}. {} {noun} breached in all.", parts.join("; "), breaches.len())
        };
        self.said = breaches.iter().map(|b| (b.key.clone(), b.level)).collect();
        Some(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floorview_reporting::{InteractionTypeId, StateId};

    fn at() -> FetchInstant {
        FetchInstant::by_pc_clock(0.0, 1_795_938_522_000.0)
    }

    fn row(id: &str, queue: u32, wait: u32) -> ChannelActivityRow {
        ChannelActivityRow {
            interaction_type_id: Some(InteractionTypeId::parse(id)),
            work_type_name: Some("Sales Voice".into()),
            queue_count: Some(queue),
            max_queue_dur: Some(wait),
            ..Default::default()
        }
    }

    #[test]
    fn queues_breach_on_size_and_on_a_wait_that_grows() {
        let t = Thresholds::default(); // queue 5/15, wait 60/180
        let rows = [row("inboundacd", 16, 50), row("callback", 1, 10)];
        let now = queue_breaches("sales_voice", &rows, &at(), 0.0, &t);
        assert_eq!(now.len(), 1);
        assert_eq!((now[0].metric.as_str(), now[0].level), ("in queue", Level::Critical));
        assert_eq!(now[0].subject, "Sales Voice · inboundacd");
        // Ten seconds on, the 50 s wait has passed the 60 s warn threshold.
        let later = queue_breaches("sales_voice", &rows, &at(), 10_000.0, &t);
        assert_eq!(later.len(), 2);
        assert_eq!(
            (later[1].metric.as_str(), later[1].value.text(10_000.0).as_str()),
            ("longest wait", "1:00")
        );
        assert!(queue_breaches("x", &[row("a", 0, 0)], &at(), 0.0, &t).is_empty());
    }

    #[test]
    fn breaches_say_when_time_alone_next_changes_them() {
        let t = Thresholds::default(); // wait 60/180
        let rows = [row("inboundacd", 1, 50)];
        let (now, next) = queue_breaches_until("wt", &rows, &at(), 0.0, &t);
        assert!(now.is_empty());
        // The 50 s wait reaches 60 s ten seconds on: nothing changes before then.
        assert_eq!(next, 10_000.0);
        assert!(queue_breaches("wt", &rows, &at(), next - 1.0, &t).is_empty());
        let (then, after) = queue_breaches_until("wt", &rows, &at(), next, &t);
        assert_eq!(then.len(), 1);
        assert_eq!(after, 130_000.0, "then at 180 s");
        assert_eq!(queue_breaches_until("wt", &rows, &at(), after, &t).1, f64::INFINITY);

        let agent = UserActivityRow {
            user_id: Some("ann".into()),
            state_id: Some(StateId::parse("wrap")),
            state_dur: Some(110),
            ..Default::default()
        };
        let limits = StateLimits::default(); // wrap 120/300
        let (none, next) = agent_breaches_until("t", std::slice::from_ref(&agent), &limits, &at(), 0.0);
        assert!(none.is_empty());
        assert_eq!(next, 10_000.0);
        assert_eq!(agent_breaches("t", &[agent], &limits, &at(), next).len(), 1);
    }

    #[test]
    fn agents_breach_on_time_in_state() {
        let agent = |name: &str, state: &str, dur: u32| UserActivityRow {
            user_id: Some(name.to_lowercase()),
            preferred_name: Some(name.into()),
            state_id: Some(StateId::parse(state)),
            state_dur: Some(dur),
            ..Default::default()
        };
        let rows = [
            agent("Ann", "wrap", 110),
            agent("Bob", "notReady", 1900),
            agent("Cy", "idle", 99_999),
        ];
        let limits = StateLimits::default(); // wrap 120/300, notready 900/1800
        let b = agent_breaches("sales", &rows, &limits, &at(), 0.0);
        assert_eq!(b.iter().map(|b| b.subject.as_str()).collect::<Vec<_>>(), ["Bob"]);
        assert_eq!(b[0].level, Level::Critical);
        assert_eq!(b[0].metric, "in notready");
        assert_eq!(b[0].value.text(60_000.0), "32:40", "said with the time it has by then");
        let later = agent_breaches("sales", &rows, &limits, &at(), 5_000.0);
        assert_eq!(later, b, "nothing crossed a limit: the same breaches, nothing to redo");
        let b = agent_breaches("sales", &rows, &limits, &at(), 15_000.0);
        assert_eq!(b.len(), 2, "Ann's wrap passes 2 min after 15 s more");
        assert_eq!(b[0].key, "agent:sales:ann");
    }

    fn breach(key: &str, level: Level) -> Breach {
        Breach {
            key: key.into(),
            subject: key.into(),
            metric: "in queue".into(),
            value: Figure::Count(9),
            level,
        }
    }

    #[test]
    fn the_title_counts_breaches() {
        assert_eq!(title("Floorview", &[]), "Floorview");
        assert_eq!(title("Floorview", &[breach("a", Level::Warn)]), "(1) ▲ Floorview");
        let two = [breach("a", Level::Warn), breach("b", Level::Critical)];
        assert_eq!(title("Floorview", &two), "(2) ◆ 1 critical · Floorview");
    }

    #[test]
    fn announcements_are_news_only_and_rate_limited() {
        let mut a = Announcer::new(30_000.0);
        let one = [breach("a", Level::Warn)];
        let said = a.update(&one, 0.0).unwrap();
        assert_eq!(said, "a in queue high (9). 1 threshold breached in all.");
        assert_eq!(a.update(&one, 1_000.0), None, "nothing new");
        let two = [breach("a", Level::Critical), breach("b", Level::Warn)];
        assert_eq!(a.update(&two, 5_000.0), None, "too soon after the last");
        let said = a.update(&two, 30_000.0).unwrap();
        assert!(
            said.starts_with("a in queue critical (9); b in queue high (9)"),
            "{said}"
        );
        assert_eq!(a.update(&[], 61_000.0).unwrap(), "All thresholds are back to normal.");
        assert_eq!(a.update(&[], 200_000.0), None);
    }

    #[test]
    fn a_cleared_breach_among_many_is_announced_once() {
        let mut a = Announcer::new(30_000.0);
        let many: Vec<Breach> = (0..2_000).map(|i| breach(&format!("agent {i}"), Level::Warn)).collect();
        assert!(a.update(&many, 0.0).is_some());
        assert_eq!(a.update(&many, 40_000.0), None, "the same breaches are not news");
        let fewer = &many[1..];
        assert_eq!(
            a.update(fewer, 80_000.0).unwrap(),
            "Fewer thresholds breached: 1999 now."
        );
        assert_eq!(a.update(fewer, 120_000.0), None, "said once");
    }
}
