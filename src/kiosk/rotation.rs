//! Which playlist page is on screen and for how much longer.
//!
//! Pages follow the wall clock (page = ⌊now / period⌋ mod pages), so every screen
//! with the same playlist turns its pages at the same moment, and a reload lands on
//! the page the others show.

/// The position in the rotation at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Index of the page on screen.
    pub index: usize,
    /// Milliseconds until the next page.
    pub remaining_ms: f64,
}

/// A rotation through `pages` pages, `period_ms` each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rotation {
    pub pages: usize,
    pub period_ms: f64,
}

impl Rotation {
    /// A rotation; `None` when there is nothing to rotate (fewer than two pages or
    /// no period).
    pub fn new(pages: usize, period_s: u32) -> Option<Rotation> {
        (pages >= 2 && period_s > 0).then(|| Rotation {
            pages,
            period_ms: f64::from(period_s) * 1000.0,
        })
    }

    /// The position at wall time `now_ms` (Unix ms).
    pub fn at(&self, now_ms: f64) -> Position {
        let now = if now_ms.is_finite() { now_ms.max(0.0) } else { 0.0 };
        let slot = (now / self.period_ms).floor();
        let index = (slot as u64 % self.pages as u64) as usize;
        Position {
            index,
            remaining_ms: (slot + 1.0) * self.period_ms - now,
        }
    }
}

/// `next in 14 s`, rounded up so it never shows 0 before the page turns.
pub fn countdown(remaining_ms: f64) -> String {
    format!("next in {} s", (remaining_ms / 1000.0).ceil().max(1.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_rotate_without_two_pages() {
        assert_eq!(Rotation::new(1, 20), None);
        assert_eq!(Rotation::new(3, 0), None);
        assert!(Rotation::new(2, 20).is_some());
    }

    #[test]
    fn pages_turn_with_the_wall_clock() {
        let r = Rotation::new(3, 20).unwrap();
        let start = 1_795_938_520_000.0; // a multiple of 20 s and of 60 s
        let at = |s: f64| r.at(start + s * 1000.0);
        let first = at(0.0).index;
        assert_eq!(at(19.9).index, first);
        assert_eq!(at(20.0).index, (first + 1) % 3);
        assert_eq!(at(40.0).index, (first + 2) % 3);
        assert_eq!(at(60.0).index, first);
        assert_eq!(at(5.0).remaining_ms, 15_000.0);
    }

    #[test]
    fn the_countdown_never_says_zero() {
        assert_eq!(countdown(14_200.0), "next in 15 s");
        assert_eq!(countdown(10.0), "next in 1 s");
        assert_eq!(countdown(0.0), "next in 1 s");
    }
}
