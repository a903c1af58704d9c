//! Figures remembered in the browser since the page opened, for sparklines and
//! trends: bounded in time and in points, so a wallboard that runs for weeks holds
//! the same memory on its last day as on its first.

use std::collections::VecDeque;
use std::fmt::Write;

/// One figure over time: `(monotonic ms, value)` pairs, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    points: VecDeque<(f64, f64)>,
    window_ms: f64,
    max_points: usize,
}

impl Series {
    /// A series keeping the last `window_ms` and at most `max_points`.
    ///
    /// Its room is taken at once (one more than the cap: a point is added before the
    /// oldest goes), so a wallboard's memory does not step up minutes after it
    /// started, as a buffer that doubled while filling did (0.8 MB at once, ten
    /// minutes in, for 20 work types).
    pub fn new(window_ms: f64, max_points: usize) -> Series {
        let max_points = max_points.max(2);
        Series {
            points: VecDeque::with_capacity(max_points + 1),
            window_ms,
            max_points,
        }
    }

    /// Adds a value at `t_ms`; drops what fell out of the window or over the cap. A
    /// value that is not finite, or a time before the last one, is ignored.
    pub fn push(&mut self, t_ms: f64, value: f64) {
        if !t_ms.is_finite() || !value.is_finite() || self.points.back().is_some_and(|(t, _)| t_ms < *t) {
            return;
        }
        self.points.push_back((t_ms, value));
        while self.points.front().is_some_and(|(t, _)| *t < t_ms - self.window_ms)
            || self.points.len() > self.max_points
        {
            self.points.pop_front();
        }
    }

    /// How far back the series reaches, in ms.
    pub fn window_ms(&self) -> f64 {
        self.window_ms
    }

    /// The points, oldest first.
    pub fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.points.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The newest value.
    pub fn last(&self) -> Option<f64> {
        self.points.back().map(|(_, v)| *v)
    }

    /// The oldest value kept.
    pub fn first(&self) -> Option<f64> {
        self.points.front().map(|(_, v)| *v)
    }

    /// Smallest and largest value kept.
    pub fn range(&self) -> Option<(f64, f64)> {
        self.points.iter().fold(None, |acc, (_, v)| match acc {
            None => Some((*v, *v)),
            Some((lo, hi)) => Some((lo.min(*v), hi.max(*v))),
        })
    }

    /// The series as an SVG path in a `width` × `height` box, the newest point (or
    /// `now_ms`) at the right edge and the oldest kept at the left, so a page opened a
    /// minute ago draws a full line too; zero at the bottom and the largest value (at
    /// least `floor`) at the top. A single point is a flat line. Empty without points.
    pub fn path(&self, now_ms: f64, width: f64, height: f64, floor: f64) -> String {
        let top = self
            .range()
            .map_or(floor, |(_, hi)| hi.max(floor))
            .max(f64::MIN_POSITIVE);
        let Some(&(first_t, _)) = self.points.front() else {
            return String::new();
        };
        let start = first_t.max(now_ms - self.window_ms);
        let span = now_ms - start;
        let y = |v: f64| height - (v.max(0.0) / top * height).clamp(0.0, height);
        if self.points.len() == 1 || span <= 0.0 {
            let v = self.last().unwrap_or(0.0);
            return format!("M0.0 {:.1}L{width:.1} {:.1}", y(v), y(v));
        }
        let mut d = String::with_capacity(self.points.len() * 14);
        for (i, (t, v)) in self.points.iter().enumerate() {
            let x = ((t - start) / span * width).clamp(0.0, width);
            d.push_str(if i == 0 { "M" } else { "L" });
            // Writing to a String cannot fail.
            let _ = write!(d, "{x:.1} {:.1}", y(*v));
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_stays_bounded_however_long_it_runs() {
        let mut s = Series::new(60_000.0, 30);
        for i in 0..100_000 {
            s.push(f64::from(i) * 1000.0, f64::from(i % 7));
        }
        assert!(s.len() <= 30);
        assert_eq!(
            s.points.capacity(),
            31,
            "the room taken at the start is all it ever needs"
        );
        let mut by_time = Series::new(10_000.0, 1000);
        for i in 0..100 {
            by_time.push(f64::from(i) * 1000.0, 1.0);
        }
        assert_eq!(by_time.len(), 11, "the last 10 s, both ends included");
    }

    #[test]
    fn bad_samples_are_ignored() {
        let mut s = Series::new(60_000.0, 30);
        s.push(1000.0, 3.0);
        s.push(500.0, 9.0);
        s.push(2000.0, f64::NAN);
        assert_eq!(s.points().collect::<Vec<_>>(), [(1000.0, 3.0)]);
    }

    #[test]
    fn the_path_spans_the_box_with_now_at_the_right() {
        let mut s = Series::new(10_000.0, 100);
        s.push(0.0, 0.0);
        s.push(10_000.0, 4.0);
        assert_eq!(s.path(10_000.0, 100.0, 20.0, 1.0), "M0.0 20.0L100.0 0.0");
        assert_eq!(Series::new(1.0, 2).path(0.0, 10.0, 10.0, 1.0), "");
        let mut young = Series::new(600_000.0, 100);
        young.push(50_000.0, 1.0);
        assert_eq!(
            young.path(50_000.0, 100.0, 20.0, 1.0),
            "M0.0 0.0L100.0 0.0",
            "one point: a flat line"
        );
        young.push(60_000.0, 0.0);
        assert_eq!(
            young.path(60_000.0, 100.0, 20.0, 1.0),
            "M0.0 0.0L100.0 20.0",
            "a young series spans the box"
        );
        assert_eq!(s.range(), Some((0.0, 4.0)));
        assert_eq!((s.first(), s.last()), (Some(0.0), Some(4.0)));
    }

    #[test]
    fn a_flat_zero_line_sits_at_the_bottom() {
        let mut s = Series::new(10_000.0, 100);
        s.push(0.0, 0.0);
        s.push(5_000.0, 0.0);
        assert_eq!(s.path(10_000.0, 100.0, 20.0, 1.0), "M0.0 20.0L50.0 20.0");
    }
}
