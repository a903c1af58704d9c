//! A tile's figure between polls, and the reductions that make one figure of many.
//!
//! Durations on a board keep running between polls (longest wait, longest in a
//! state). Every sample is a straight line in time, `offset + rate × t` with `t` the
//! monotonic clock in seconds: a count has rate 0, a running duration rate 1. Sums,
//! means, maxima and minima of such lines are lines again, so a tile reduces its
//! scope once per poll and each clock tick costs one multiplication, however many
//! agents or queues it covers. Counting agents over their state limit is not a line
//! (each crosses at its own moment); it is the sorted crossing instants instead.

/// One figure of a tile as time passes.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// `offset + rate × t_s`.
    Line { offset: f64, rate: f64 },
    /// How many of these monotonic instants (ms, sorted) have passed.
    Crossings(Vec<f64>),
}

impl Figure {
    /// A fixed value.
    pub fn fixed(value: f64) -> Figure {
        Figure::Line {
            offset: value,
            rate: 0.0,
        }
    }

    /// A duration that was `seconds` at monotonic `at_mono_ms` and grows with time.
    pub fn running(seconds: f64, at_mono_ms: f64) -> Figure {
        Figure::Line {
            offset: seconds - at_mono_ms / 1000.0,
            rate: 1.0,
        }
    }

    /// The value at monotonic time `now_mono_ms`; never NaN.
    pub fn at(&self, now_mono_ms: f64) -> f64 {
        let v = match self {
            Figure::Line { offset, rate } if *rate == 0.0 => *offset,
            Figure::Line { offset, rate } => offset + rate * now_mono_ms / 1000.0,
            Figure::Crossings(instants) => instants.partition_point(|t| *t <= now_mono_ms) as f64,
        };
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }

    /// Whether the figure changes with time alone.
    pub fn ticks(&self) -> bool {
        match self {
            Figure::Line { rate, .. } => *rate != 0.0,
            Figure::Crossings(instants) => !instants.is_empty(),
        }
    }
}

/// How a tile makes one figure of its scope's many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reduction {
    #[default]
    Sum,
    Max,
    Min,
    Mean,
    /// How many items have the metric (agents, queues, lists).
    Count,
}

impl Reduction {
    pub const ALL: [Reduction; 5] = [
        Reduction::Sum,
        Reduction::Max,
        Reduction::Min,
        Reduction::Mean,
        Reduction::Count,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reduction::Sum => "sum",
            Reduction::Max => "max",
            Reduction::Min => "min",
            Reduction::Mean => "mean",
            Reduction::Count => "count",
        }
    }

    pub fn parse(name: &str) -> Result<Reduction, String> {
        let name = name.trim();
        Reduction::ALL
            .into_iter()
            .find(|r| {
                r.as_str().eq_ignore_ascii_case(name) || (name.eq_ignore_ascii_case("avg") && *r == Reduction::Mean)
            })
            .ok_or_else(|| format!("\"{name}\" is not a reduction (sum, max, min, mean, count)"))
    }

    /// One line of many (`None` for none, except a count, which is 0). Lines of
    /// different rates are not mixed by a metric; max and min compare them now
    /// (`at_mono_ms`) should one ever be.
    pub fn lines(self, lines: &[(f64, f64)], at_mono_ms: f64) -> Option<Figure> {
        let n = lines.len();
        if self == Reduction::Count {
            return Some(Figure::fixed(n as f64));
        }
        if n == 0 {
            return None;
        }
        let value = |(offset, rate): (f64, f64)| offset + rate * at_mono_ms / 1000.0;
        let (offset, rate) = match self {
            Reduction::Sum | Reduction::Mean => {
                let (o, r) = lines.iter().fold((0.0, 0.0), |(o, r), (lo, lr)| (o + lo, r + lr));
                if self == Reduction::Mean {
                    (o / n as f64, r / n as f64)
                } else {
                    (o, r)
                }
            }
            Reduction::Max => lines
                .iter()
                .copied()
                .fold(lines[0], |a, b| if value(b) > value(a) { b } else { a }),
            Reduction::Min => lines
                .iter()
                .copied()
                .fold(lines[0], |a, b| if value(b) < value(a) { b } else { a }),
            Reduction::Count => unreachable!("handled above"),
        };
        Some(Figure::Line { offset, rate })
    }

    /// A ratio over many items: sum and mean weigh each by its denominator (the
    /// floor's occupancy is all active over all signed on, not the mean of teams');
    /// max and min pick one item's ratio. In percent; items with a zero denominator
    /// count only toward `count`.
    pub fn ratios(self, parts: &[(f64, f64)]) -> Option<Figure> {
        let percents: Vec<(f64, f64)> = parts
            .iter()
            .filter(|(_, den)| *den > 0.0)
            .map(|(num, den)| (100.0 * num / den, 0.0))
            .collect();
        match self {
            Reduction::Count => Some(Figure::fixed(parts.len() as f64)),
            Reduction::Sum | Reduction::Mean => {
                let (num, den) = parts.iter().fold((0.0, 0.0), |(n, d), (pn, pd)| (n + pn, d + pd));
                (den > 0.0).then(|| Figure::fixed(100.0 * num / den))
            }
            Reduction::Max | Reduction::Min => self.lines(&percents, 0.0),
        }
    }
}

/// The agents over their limit: each crosses at `start + limit`; sorted.
pub fn crossings(mut instants: Vec<f64>) -> Figure {
    instants.retain(|t| t.is_finite());
    instants.sort_by(f64::total_cmp);
    Figure::Crossings(instants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_durations_grow_with_the_clock_and_counts_do_not() {
        let wait = Figure::running(30.0, 10_000.0);
        assert_eq!(wait.at(10_000.0), 30.0);
        assert_eq!(wait.at(25_000.0), 45.0);
        assert!(wait.ticks());
        assert_eq!(Figure::fixed(7.0).at(1e12), 7.0);
        assert!(!Figure::fixed(7.0).ticks());
    }

    #[test]
    fn reductions_of_running_durations_stay_running() {
        // Two waits read at different polls: 30 s at t=10 s and 5 s at t=20 s.
        // The lines of `Figure::running`: offset = seconds − at/1000, rate 1.
        let (a, b) = ((30.0 - 10.0, 1.0), (5.0 - 20.0, 1.0));
        assert_eq!(Figure::running(30.0, 10_000.0), Figure::Line { offset: a.0, rate: a.1 });
        let at = |r: Reduction, t: f64| r.lines(&[a, b], 20_000.0).map(|f| f.at(t));
        // At 20 s: 40 and 5.
        assert_eq!(at(Reduction::Max, 20_000.0), Some(40.0));
        assert_eq!(at(Reduction::Min, 20_000.0), Some(5.0));
        assert_eq!(at(Reduction::Sum, 20_000.0), Some(45.0));
        assert_eq!(at(Reduction::Mean, 20_000.0), Some(22.5));
        // Ten seconds later each has grown by ten; the sum by twenty.
        assert_eq!(at(Reduction::Max, 30_000.0), Some(50.0));
        assert_eq!(at(Reduction::Sum, 30_000.0), Some(65.0));
        assert_eq!(at(Reduction::Count, 30_000.0), Some(2.0));
        assert_eq!(Reduction::Max.lines(&[], 0.0), None);
        assert_eq!(Reduction::Count.lines(&[], 0.0).map(|f| f.at(0.0)), Some(0.0));
    }

    #[test]
    fn ratios_weigh_by_their_denominators() {
        // Team a: 9 of 10 busy; team b: 1 of 2.
        let parts = [(9.0, 10.0), (1.0, 2.0), (0.0, 0.0)];
        let pct = |r: Reduction| r.ratios(&parts).map(|f| f.at(0.0));
        assert_eq!(pct(Reduction::Sum).map(f64::round), Some(83.0));
        assert_eq!(pct(Reduction::Mean).map(f64::round), Some(83.0));
        assert_eq!(pct(Reduction::Max), Some(90.0));
        assert_eq!(pct(Reduction::Min), Some(50.0));
        assert_eq!(pct(Reduction::Count), Some(3.0));
        assert_eq!(Reduction::Sum.ratios(&[(0.0, 0.0)]), None);
    }

    #[test]
    fn agents_over_their_limit_are_counted_as_they_cross() {
        let f = crossings(vec![30_000.0, 10_000.0, f64::NAN, 20_000.0]);
        assert_eq!(f.at(5_000.0), 0.0);
        assert_eq!(f.at(10_000.0), 1.0);
        assert_eq!(f.at(25_000.0), 2.0);
        assert_eq!(f.at(99_000.0), 3.0);
    }

    #[test]
    fn reductions_read_by_name() {
        assert_eq!(Reduction::parse(" MAX "), Ok(Reduction::Max));
        assert_eq!(Reduction::parse("avg"), Ok(Reduction::Mean));
        assert!(Reduction::parse("median").is_err_and(|e| e.contains("median")));
    }
}
