//! The agent table's ticking cells: time in state and signed-on time of the rows on
//! screen, brought up to date by one pass per clock tick rather than by a reactive
//! closure per cell. A pass writes a cell only when its whole seconds changed, and
//! reports a row whose time crossed a limit, so only that row re-renders its marks.

use crate::clock::LiveDuration;
use crate::config::Level;
use crate::format;

/// Somewhere a text can be shown (a DOM text node; a recorder in tests).
pub trait TextCell {
    fn show(&self, text: &str);
}

/// What a row's ticking cells count from, taken from its agent at each poll.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub in_state: Option<LiveDuration>,
    pub signed_on: Option<LiveDuration>,
    /// The warn and critical limits (s) of the agent's state, if it has any.
    pub limit: Option<(f64, f64)>,
}

impl Counts {
    /// How the time in state stands against the limit at `now_mono_ms`.
    fn level(&self, now_mono_ms: f64) -> Level {
        match (self.in_state, self.limit) {
            (Some(d), Some((warn, critical))) => Level::of(d.seconds_at(now_mono_ms) as f64, warn, critical),
            _ => Level::Normal,
        }
    }
}

/// A row key, handed out by [`Ticking::add`].
pub type RowKey = u32;

struct Row<C, S> {
    key: RowKey,
    in_state: C,
    signed_on: C,
    /// Whatever the row re-renders its marks from (a signal), handed back on a change.
    level_sink: S,
    counts: Counts,
    /// Seconds last written to each cell (`None`: an empty cell).
    shown: (Option<u64>, Option<u64>),
    level: Level,
}

/// Every row on screen with its two ticking cells.
pub struct Ticking<C, S> {
    rows: Vec<Row<C, S>>,
    next_key: RowKey,
}

impl<C, S> Default for Ticking<C, S> {
    fn default() -> Self {
        Ticking {
            rows: Vec::new(),
            next_key: 0,
        }
    }
}

impl<C: TextCell, S: Copy> Ticking<C, S> {
    /// Starts ticking a row's cells, empty until [`Ticking::set`] gives them counts.
    pub fn add(&mut self, in_state: C, signed_on: C, level_sink: S) -> RowKey {
        let key = self.next_key;
        self.next_key = self.next_key.wrapping_add(1);
        in_state.show("");
        signed_on.show("");
        self.rows.push(Row {
            key,
            in_state,
            signed_on,
            level_sink,
            counts: Counts::default(),
            shown: (None, None),
            level: Level::Normal,
        });
        key
    }

    /// New counts for a row (a poll changed its agent), shown at once; the row's
    /// level if it changed.
    pub fn set(&mut self, key: RowKey, counts: Counts, now_mono_ms: f64) -> Option<(S, Level)> {
        let row = self.rows.iter_mut().find(|r| r.key == key)?;
        row.counts = counts;
        row.update(now_mono_ms)
    }

    /// Stops ticking a row (it left the screen).
    pub fn remove(&mut self, key: RowKey) {
        self.rows.retain(|r| r.key != key);
    }

    /// Brings every row to `now_mono_ms`; the rows whose level changed.
    pub fn tick(&mut self, now_mono_ms: f64) -> Vec<(S, Level)> {
        self.rows.iter_mut().filter_map(|r| r.update(now_mono_ms)).collect()
    }

    /// Rows ticking (for the tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.rows.len()
    }
}

impl<C: TextCell, S: Copy> Row<C, S> {
    fn update(&mut self, now_mono_ms: f64) -> Option<(S, Level)> {
        let seconds = |d: Option<LiveDuration>| d.map(|d| d.seconds_at(now_mono_ms));
        let now = (seconds(self.counts.in_state), seconds(self.counts.signed_on));
        if now.0 != self.shown.0 {
            self.in_state.show(&now.0.map(format::duration).unwrap_or_default());
        }
        if now.1 != self.shown.1 {
            self.signed_on.show(&now.1.map(format::duration).unwrap_or_default());
        }
        self.shown = now;
        let level = self.counts.level(now_mono_ms);
        (level != self.level).then(|| {
            self.level = level;
            (self.level_sink, level)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FetchInstant;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A cell that records every text written to it.
    #[derive(Clone, Default)]
    struct Recorder(Rc<RefCell<Vec<String>>>);

    impl TextCell for Recorder {
        fn show(&self, text: &str) {
            self.0.borrow_mut().push(text.to_owned());
        }
    }

    impl Recorder {
        fn writes(&self) -> Vec<String> {
            self.0.borrow().clone()
        }
    }

    fn at(mono_ms: f64) -> FetchInstant {
        FetchInstant::by_pc_clock(mono_ms, 0.0)
    }

    #[test]
    fn cells_are_written_only_when_their_seconds_change() {
        let (in_state, signed_on) = (Recorder::default(), Recorder::default());
        let mut t: Ticking<Recorder, u8> = Ticking::default();
        let key = t.add(in_state.clone(), signed_on.clone(), 1);
        let counts = Counts {
            in_state: Some(LiveDuration::from_seconds(58, &at(0.0))),
            signed_on: None,
            limit: None,
        };
        t.set(key, counts, 0.0);
        for now in [400.0, 900.0, 1_000.0, 1_500.0, 2_100.0] {
            t.tick(now);
        }
        assert_eq!(in_state.writes(), ["", "0:58", "0:59", "1:00"]);
        assert_eq!(signed_on.writes(), [""], "no duration: the cell stays empty, untouched");
    }

    #[test]
    fn a_row_crossing_its_limit_is_reported_once() {
        let mut t: Ticking<Recorder, u8> = Ticking::default();
        let key = t.add(Recorder::default(), Recorder::default(), 7);
        let counts = Counts {
            in_state: Some(LiveDuration::from_seconds(118, &at(0.0))),
            signed_on: None,
            limit: Some((120.0, 300.0)),
        };
        assert_eq!(t.set(key, counts, 0.0), None, "under the limit: nothing to redo");
        assert!(t.tick(1_000.0).is_empty());
        assert_eq!(t.tick(2_000.0), [(7, Level::Warn)]);
        assert!(t.tick(3_000.0).is_empty(), "still warn: said once");
        assert_eq!(t.tick(182_000.0), [(7, Level::Critical)]);
        // A poll: the agent changed state, the clock starts again.
        let fresh = Counts {
            in_state: Some(LiveDuration::from_seconds(0, &at(182_000.0))),
            ..counts
        };
        assert_eq!(t.set(key, fresh, 182_000.0), Some((7, Level::Normal)));
    }

    #[test]
    fn removed_rows_are_no_longer_written() {
        let cell = Recorder::default();
        let mut t: Ticking<Recorder, u8> = Ticking::default();
        let key = t.add(cell.clone(), Recorder::default(), 0);
        let other = t.add(Recorder::default(), Recorder::default(), 0);
        let counts = Counts {
            in_state: Some(LiveDuration::from_seconds(5, &at(0.0))),
            ..Counts::default()
        };
        t.set(key, counts, 0.0);
        t.remove(key);
        t.tick(10_000.0);
        assert_eq!(cell.writes(), ["", "0:05"]);
        assert_eq!(t.len(), 1);
        assert!(t.set(key, counts, 0.0).is_none(), "a removed key is ignored");
        assert!(t.set(other, counts, 0.0).is_none());
    }
}
