//! What a board is: a named grid of tiles, each a kind of figure placed by column
//! and row span.

use super::figure::Reduction;
use super::metric::Metric;
use super::threshold::TileLimit;

/// A board, from `boards` in the settings or built in.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    /// In `#/board/ID` and `board:ID`: letters, digits, `-` and `_`.
    pub id: String,
    pub title: String,
    pub columns: u32,
    /// Rows of the grid; `None`: as many as the tiles need.
    pub rows: Option<u32>,
    pub tiles: Vec<Tile>,
}

/// One tile and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub title: String,
    pub kind: TileKind,
    /// 1-based column and row, when placed; else the next free cell.
    pub col: Option<u32>,
    pub row: Option<u32>,
    pub col_span: u32,
    pub row_span: u32,
}

/// Which teams, work types, interaction types and lists a tile covers; an empty
/// list is all of the configured ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope {
    pub teams: Vec<String>,
    pub work_types: Vec<String>,
    /// Interaction type ids or names (`voice`, `email`), any case.
    pub interaction_types: Vec<String>,
    pub lists: Vec<String>,
}

impl Scope {
    /// Whether `id` is in `list` (empty: everything is).
    pub fn allows(list: &[String], id: &str) -> bool {
        list.is_empty() || list.iter().any(|x| x == id)
    }

    /// Whether an interaction type (by id or name) is in scope.
    pub fn allows_interaction(&self, id: Option<&str>, name: Option<&str>) -> bool {
        let fold = floorview_reporting::enums::normalise;
        self.interaction_types.is_empty()
            || self.interaction_types.iter().any(|want| {
                let want = fold(want);
                [id, name].into_iter().flatten().any(|have| fold(have) == want)
            })
    }
}

/// What a figure tile reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub metric: Metric,
    pub scope: Scope,
    /// The agent state, folded (`notready`), for the metrics that take one.
    pub state: Option<String>,
    pub reduction: Reduction,
}

/// What a tile does when it enters critical.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Alarm {
    /// One pulse of the tile (never a continuous blink; none under reduced motion).
    pub pulse: bool,
    /// A short tone, repeated every `repeat_s` while critical (0: once).
    pub sound: bool,
    pub repeat_s: f64,
}

/// Which top list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopOf {
    /// Agents longest in a state (the tile's `state`, or any).
    TimeInState,
    /// Agents furthest over their state's critical limit.
    OverLimit,
    /// Work types with the longest current wait.
    LongestWait,
}

/// A time of day, `hh:mm` in the screen's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay {
    pub minutes: u32,
}

/// What a tile shows.
#[derive(Debug, Clone, PartialEq)]
pub enum TileKind {
    /// One big figure, with an optional sparkline of its last minutes and the change
    /// since the board opened.
    Number {
        reading: Reading,
        limit: TileLimit,
        alarm: Alarm,
        sparkline_min: u32,
        show_change: bool,
    },
    /// A percentage (or a figure out of `max`) as a bar with its thresholds marked.
    Gauge {
        reading: Reading,
        limit: TileLimit,
        alarm: Alarm,
        max: f64,
    },
    /// The agent-state breakdown of the scope's teams.
    StateBar {
        scope: Scope,
    },
    TopList {
        of: TopOf,
        scope: Scope,
        state: Option<String>,
        count: usize,
    },
    Clock {
        /// Minutes east of UTC; `None`: the screen's own time.
        utc_offset_min: Option<i32>,
        label: String,
    },
    Countdown {
        to: TimeOfDay,
        label: String,
    },
    Message {
        text: String,
        from: Option<TimeOfDay>,
        until: Option<TimeOfDay>,
    },
    /// A tile whose settings could not be read: it says why, and the rest of the
    /// board still works.
    Invalid {
        reason: String,
    },
}

impl TileKind {
    /// The kind's name in config.
    pub fn name(&self) -> &'static str {
        match self {
            TileKind::Number { .. } => "number",
            TileKind::Gauge { .. } => "gauge",
            TileKind::StateBar { .. } => "stateBar",
            TileKind::TopList { .. } => "topList",
            TileKind::Clock { .. } => "clock",
            TileKind::Countdown { .. } => "countdown",
            TileKind::Message { .. } => "message",
            TileKind::Invalid { .. } => "invalid",
        }
    }

    /// The endpoint and scope whose data the tile shows (for its freshness mark);
    /// `None` for the tiles of the clock and messages.
    pub fn source(&self) -> Option<(floorview_reporting::Endpoint, &Scope)> {
        use floorview_reporting::Endpoint;
        match self {
            TileKind::Number { reading, .. } | TileKind::Gauge { reading, .. } => {
                Some((reading.metric.source(), &reading.scope))
            }
            TileKind::StateBar { scope } => Some((Endpoint::TeamActivity, scope)),
            TileKind::TopList {
                of: TopOf::LongestWait,
                scope,
                ..
            } => Some((Endpoint::ChannelActivity, scope)),
            TileKind::TopList { scope, .. } => Some((Endpoint::UserActivity, scope)),
            _ => None,
        }
    }

    /// The threshold and alarm of a figure tile.
    pub fn limit(&self) -> Option<(&Reading, &TileLimit, &Alarm)> {
        match self {
            TileKind::Number {
                reading, limit, alarm, ..
            }
            | TileKind::Gauge {
                reading, limit, alarm, ..
            } => Some((reading, limit, alarm)),
            _ => None,
        }
    }
}

impl TimeOfDay {
    /// `hh:mm` (24 h), read as the kiosk's daily reload time is.
    pub fn parse(text: &str) -> Result<TimeOfDay, String> {
        let t: crate::kiosk::quiet_time::QuietTime = text.parse()?;
        Ok(TimeOfDay {
            minutes: t.minute_of_day,
        })
    }

    /// `17:30`, as it was written.
    pub fn text(self) -> String {
        crate::kiosk::quiet_time::QuietTime {
            minute_of_day: self.minutes,
        }
        .to_string()
    }

    /// Seconds from `now_s` (seconds since local midnight) to the next time this
    /// time of day comes round.
    pub fn seconds_until(self, now_s: f64) -> f64 {
        let target = f64::from(self.minutes * 60);
        let day = 86_400.0;
        (target - now_s).rem_euclid(day)
    }

    /// Whether local minute-of-day `now` is within `[from, until)`, across midnight
    /// when `until` is earlier; either end open when `None`.
    pub fn within(from: Option<TimeOfDay>, until: Option<TimeOfDay>, now: u32) -> bool {
        match (from, until) {
            (None, None) => true,
            (Some(f), None) => now >= f.minutes,
            (None, Some(u)) => now < u.minutes,
            (Some(f), Some(u)) if f.minutes <= u.minutes => (f.minutes..u.minutes).contains(&now),
            (Some(f), Some(u)) => now >= f.minutes || now < u.minutes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_read_count_down_and_bound_messages() {
        let t = TimeOfDay::parse("17:30").expect("valid");
        assert_eq!(t.minutes, 1050);
        assert!(TimeOfDay::parse("25:00").is_err());
        assert!(TimeOfDay::parse("noon").is_err_and(|e| e.contains("noon")));
        // At 17:00, half an hour; at 17:45, the next day's.
        assert_eq!(t.seconds_until(17.0 * 3600.0), 1800.0);
        assert_eq!(t.seconds_until(17.75 * 3600.0), 86_400.0 - 900.0);
        let nine = TimeOfDay::parse("09:00").ok();
        let noon = TimeOfDay::parse("12:00").ok();
        assert!(TimeOfDay::within(nine, noon, 600));
        assert!(!TimeOfDay::within(nine, noon, 720));
        // A night shift's message: 22:00 to 06:00.
        let (ten, six) = (TimeOfDay::parse("22:00").ok(), TimeOfDay::parse("6:00").ok());
        assert!(TimeOfDay::within(ten, six, 23 * 60));
        assert!(TimeOfDay::within(ten, six, 60));
        assert!(!TimeOfDay::within(ten, six, 12 * 60));
    }

    #[test]
    fn scopes_allow_everything_when_empty_and_match_interaction_types_loosely() {
        let all = Scope::default();
        assert!(Scope::allows(&all.teams, "sales"));
        let s = Scope {
            teams: vec!["sales".into()],
            interaction_types: vec!["Voice".into()],
            ..Scope::default()
        };
        assert!(Scope::allows(&s.teams, "sales"));
        assert!(!Scope::allows(&s.teams, "support"));
        assert!(s.allows_interaction(Some("voice"), None));
        assert!(s.allows_interaction(None, Some("VOICE")));
        assert!(!s.allows_interaction(Some("email"), Some("Email")));
        assert!(all.allows_interaction(None, None));
    }
}
