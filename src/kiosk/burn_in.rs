//! A slow pixel shift against burn-in: the whole layout moves one pixel at a time
//! through every position of a small square and back, so static edges (panel borders,
//! labels) never sit on the same pixels for long, and no move is big enough to notice.

/// Pixels the layout may move from its place in each direction.
pub const REACH_PX: i32 = 2;

/// Seconds between one-pixel steps by default.
pub const DEFAULT_STEP_S: u32 = 60;

/// The offset `(x, y)` in px at step `step`: a snake through the
/// `(2·REACH+1)²` grid, forward then back, so consecutive steps differ by one pixel.
pub fn offset(step: u64) -> (i32, i32) {
    let side = (2 * REACH_PX + 1) as u64;
    let cells = side * side;
    let cycle = 2 * (cells - 1);
    let k = step % cycle;
    let cell = if k < cells { k } else { cycle - k };
    let row = cell / side;
    let col_in_row = cell % side;
    // Odd rows run right to left, so the path is continuous.
    let col = if row.is_multiple_of(2) {
        col_in_row
    } else {
        side - 1 - col_in_row
    };
    (col as i32 - REACH_PX, row as i32 - REACH_PX)
}

/// The step at wall time `now_ms` for steps of `step_s` seconds.
pub fn step_at(now_ms: f64, step_s: u32) -> u64 {
    if !now_ms.is_finite() || now_ms <= 0.0 || step_s == 0 {
        return 0;
    }
    (now_ms / (f64::from(step_s) * 1000.0)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_moves_one_pixel_within_reach() {
        let mut seen = std::collections::HashSet::new();
        for step in 0..200 {
            let (x, y) = offset(step);
            let (nx, ny) = offset(step + 1);
            assert!(x.abs() <= REACH_PX && y.abs() <= REACH_PX);
            assert_eq!((nx - x).abs() + (ny - y).abs(), 1, "step {step}");
            seen.insert((x, y));
        }
        assert_eq!(seen.len(), 25, "every position is visited");
    }

    #[test]
    fn steps_follow_the_clock() {
        assert_eq!(step_at(0.0, 60), 0);
        assert_eq!(step_at(119_999.0, 60), 1);
        assert_eq!(step_at(120_000.0, 60), 2);
        assert_eq!(step_at(f64::NAN, 60), 0);
    }
}
