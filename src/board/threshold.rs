//! A tile's thresholds, and the hysteresis that keeps its colour from flickering
//! when a figure hovers at a limit: a level is entered only after the figure has
//! stayed at or beyond it for the *dwell* time, and left only after the figure has
//! stayed short of it for the *clear* time.

use crate::config::Level;

/// Whether high or low figures are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// A queue, a wait: the higher, the worse.
    #[default]
    Above,
    /// Agents available, list records left: the lower, the worse.
    Below,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Above => "above",
            Direction::Below => "below",
        }
    }

    pub fn parse(text: &str) -> Result<Direction, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "above" | "over" | "high" => Ok(Direction::Above),
            "below" | "under" | "low" => Ok(Direction::Below),
            other => Err(format!("\"{other}\" is neither above nor below")),
        }
    }
}

/// A tile's `warn` and `critical`, either optional, with its dwell and clear times.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TileLimit {
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    pub direction: Direction,
    pub dwell_s: f64,
    pub clear_s: f64,
}

impl TileLimit {
    /// The level of `value` this instant, before any dwell or clear (inclusive, as
    /// the views' thresholds are).
    pub fn raw(&self, value: f64) -> Level {
        let beyond = |limit: Option<f64>| {
            limit.is_some_and(|l| match self.direction {
                Direction::Above => value >= l,
                Direction::Below => value <= l,
            })
        };
        if beyond(self.critical) {
            Level::Critical
        } else if beyond(self.warn) {
            Level::Warn
        } else {
            Level::Normal
        }
    }

    /// Whether the pair is in the order its direction needs (warn before critical).
    pub fn check(&self) -> Result<(), String> {
        match (self.warn, self.critical, self.direction) {
            (Some(w), Some(c), Direction::Above) if w > c => Err(format!("warn {w} is above critical {c}")),
            (Some(w), Some(c), Direction::Below) if w < c => Err(format!(
                "warn {w} is below critical {c}, for a figure that is bad when low"
            )),
            _ => Ok(()),
        }
    }
}

/// The level a tile shows, stepped with each reading.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Hysteresis {
    shown: Level,
    /// Since when the figure has been at or beyond warn, and critical (ms).
    beyond_since: [Option<f64>; 2],
    /// Since when it has been short of warn, and of critical (ms).
    short_since: [Option<f64>; 2],
    /// How many times critical was entered: an alarm and its acknowledgement are
    /// about one such entry.
    critical_entries: u32,
}

fn slot(level: Level) -> Option<usize> {
    match level {
        Level::Normal => None,
        Level::Warn => Some(0),
        Level::Critical => Some(1),
    }
}

const RAISED: [Level; 2] = [Level::Warn, Level::Critical];

impl Hysteresis {
    /// The level on screen.
    pub fn shown(&self) -> Level {
        self.shown
    }

    /// Entries into critical so far (1 after the first).
    pub fn critical_entries(&self) -> u32 {
        self.critical_entries
    }

    /// Whether time alone can still change the level shown: a level above it is
    /// being dwelt on, or it is being cleared. When not, the tile need not be
    /// judged again until its figure changes.
    pub fn waiting(&self) -> bool {
        let dwelling = RAISED
            .into_iter()
            .any(|l| l > self.shown && self.beyond_since[slot(l).unwrap_or(0)].is_some());
        let clearing = slot(self.shown).is_some_and(|i| self.short_since[i].is_some());
        dwelling || clearing
    }

    /// Takes the reading `value` at wall time `now_ms` and returns the level shown.
    pub fn step(&mut self, limit: &TileLimit, value: f64, now_ms: f64) -> Level {
        let raw = limit.raw(value);
        for level in RAISED {
            let i = slot(level).unwrap_or(0);
            if raw >= level {
                self.beyond_since[i].get_or_insert(now_ms);
                self.short_since[i] = None;
            } else {
                self.short_since[i].get_or_insert(now_ms);
                self.beyond_since[i] = None;
            }
        }
        let held = |since: Option<f64>, for_s: f64| since.is_some_and(|t| now_ms - t >= for_s * 1000.0);
        // Up: the highest level held for the dwell time.
        let up = RAISED
            .into_iter()
            .rev()
            .find(|l| *l > self.shown && held(self.beyond_since[slot(*l).unwrap_or(0)], limit.dwell_s));
        if let Some(level) = up {
            self.enter(level);
            return self.shown;
        }
        // Down, a level at a time, each cleared for the clear time.
        while let Some(i) = slot(self.shown) {
            if !held(self.short_since[i], limit.clear_s) {
                break;
            }
            self.shown = if self.shown == Level::Critical {
                Level::Warn
            } else {
                Level::Normal
            };
        }
        self.shown
    }

    fn enter(&mut self, level: Level) {
        if level == Level::Critical && self.shown != Level::Critical {
            self.critical_entries += 1;
        }
        self.shown = level;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(dwell_s: f64, clear_s: f64) -> TileLimit {
        TileLimit {
            warn: Some(5.0),
            critical: Some(10.0),
            direction: Direction::Above,
            dwell_s,
            clear_s,
        }
    }

    #[test]
    fn a_level_that_is_not_waiting_does_not_change_with_time_alone() {
        // Every reading of a long, jumpy series: when the hysteresis says it is not
        // waiting, the same reading an hour on shows the same level.
        let limit = limit(10.0, 30.0);
        let mut h = Hysteresis::default();
        let mut seed = 7u64;
        for second in 0..2000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let value = ((seed >> 33) % 14) as f64;
            let now = f64::from(second) * 1000.0;
            h.step(&limit, value, now);
            if !h.waiting() {
                let mut later = h;
                assert_eq!(later.step(&limit, value, now + 3_600_000.0), h.shown(), "at {second} s");
            }
        }
        // And a waiting one does change: 12 entered at 0 s shows critical after the dwell.
        let mut h = Hysteresis::default();
        h.step(&limit, 12.0, 0.0);
        assert!(h.waiting());
        assert_eq!(h.step(&limit, 12.0, 10_000.0), Level::Critical);
        assert!(!h.waiting());
    }

    /// Steps through `(second, value)` readings and returns the level after each.
    fn run(limit: &TileLimit, readings: &[(f64, f64)]) -> Vec<Level> {
        let mut h = Hysteresis::default();
        readings.iter().map(|(s, v)| h.step(limit, *v, s * 1000.0)).collect()
    }

    #[test]
    fn without_dwell_or_clear_the_level_follows_the_figure() {
        use Level::*;
        let l = limit(0.0, 0.0);
        assert_eq!(
            run(&l, &[(0.0, 1.0), (1.0, 5.0), (2.0, 12.0), (3.0, 4.0)]),
            [Normal, Warn, Critical, Normal]
        );
    }

    #[test]
    fn a_level_is_entered_only_after_the_dwell_time() {
        use Level::*;
        let l = limit(10.0, 0.0);
        // Critical from 0 s: shown at 10 s, not before.
        let levels = run(&l, &[(0.0, 12.0), (5.0, 12.0), (9.9, 12.0), (10.0, 12.0)]);
        assert_eq!(levels, [Normal, Normal, Normal, Critical]);
        // A dip under the limit restarts the dwell.
        let levels = run(&l, &[(0.0, 12.0), (5.0, 9.0), (10.0, 12.0), (15.0, 12.0), (20.0, 12.0)]);
        assert_eq!(levels, [Normal, Normal, Warn, Warn, Critical]);
    }

    #[test]
    fn a_level_is_left_only_after_the_clear_time() {
        use Level::*;
        let l = limit(0.0, 30.0);
        let levels = run(&l, &[(0.0, 12.0), (1.0, 2.0), (20.0, 2.0), (31.0, 2.0)]);
        // Critical and warn were both cleared at 1 s; both have held 30 s at 31 s.
        assert_eq!(levels, [Critical, Critical, Critical, Normal]);
        // Falling to warn leaves critical after the clear time, warn stays.
        let levels = run(&l, &[(0.0, 12.0), (1.0, 6.0), (31.0, 6.0), (40.0, 6.0)]);
        assert_eq!(levels, [Critical, Critical, Warn, Warn]);
    }

    #[test]
    fn a_figure_hovering_at_the_limit_does_not_flicker() {
        let l = limit(15.0, 15.0);
        let mut h = Hysteresis::default();
        let mut changes = 0;
        let mut last = Level::Normal;
        // 9, 11, 9, 11 … every 5 s for ten minutes.
        for i in 0..120 {
            let v = if i % 2 == 0 { 9.0 } else { 11.0 };
            let now = h.step(&l, v, f64::from(i) * 5000.0);
            changes += usize::from(now != last);
            last = now;
        }
        // Warn after its dwell, and never critical: it never held 15 s.
        assert_eq!(last, Level::Warn);
        assert_eq!(changes, 1);
        assert_eq!(h.critical_entries(), 0);
    }

    #[test]
    fn critical_entries_count_each_time_critical_is_entered() {
        let l = limit(0.0, 0.0);
        let mut h = Hysteresis::default();
        for (i, v) in [12.0, 12.0, 1.0, 12.0, 6.0, 12.0].into_iter().enumerate() {
            h.step(&l, v, i as f64 * 1000.0);
        }
        assert_eq!(h.critical_entries(), 3);
    }

    #[test]
    fn low_figures_can_be_the_bad_ones() {
        let l = TileLimit {
            warn: Some(3.0),
            critical: Some(1.0),
            direction: Direction::Below,
            ..TileLimit::default()
        };
        assert_eq!(l.raw(5.0), Level::Normal);
        assert_eq!(l.raw(3.0), Level::Warn);
        assert_eq!(l.raw(0.0), Level::Critical);
        assert!(l.check().is_ok());
        assert!(limit(0.0, 0.0).check().is_ok());
        let wrong = TileLimit {
            warn: Some(20.0),
            ..limit(0.0, 0.0)
        };
        assert!(wrong.check().is_err_and(|e| e.contains("above critical")));
    }
}
