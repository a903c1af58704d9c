//! Virtual scrolling: which lines of a long table are in view (plus a margin), and
//! the space that stands in for the rest, so the DOM holds a bounded number of rows
//! however many agents there are.

/// The lines to render and the padding around them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// First line rendered.
    pub start: usize,
    /// One past the last line rendered.
    pub end: usize,
    /// Height standing in for the lines above `start`, in px.
    pub before_px: f64,
    /// Height standing in for the lines after `end`, in px.
    pub after_px: f64,
}

/// Lines rendered beyond each edge of the viewport, so a quick scroll does not show
/// blank space before the next frame.
pub const MARGIN_LINES: usize = 8;

/// A line's height in px until the table has measured one (CSS sets the real one),
/// and the stand-in for a measurement that makes no sense.
pub const DEFAULT_LINE_PX: f64 = 36.0;

impl Window {
    /// The window over `lines` lines of `line_px` each, scrolled to `scroll_px` in a
    /// viewport `viewport_px` high.
    pub fn of(lines: usize, line_px: f64, scroll_px: f64, viewport_px: f64) -> Window {
        let line_px = if line_px.is_finite() && line_px >= 1.0 {
            line_px
        } else {
            DEFAULT_LINE_PX
        };
        let scroll_px = if scroll_px.is_finite() { scroll_px.max(0.0) } else { 0.0 };
        let viewport_px = if viewport_px.is_finite() {
            viewport_px.clamp(0.0, 20_000.0)
        } else {
            0.0
        };
        let first_visible = (scroll_px / line_px).floor() as usize;
        let visible = (viewport_px / line_px).ceil() as usize + 1;
        let start = first_visible.saturating_sub(MARGIN_LINES).min(lines);
        let end = (first_visible + visible + MARGIN_LINES).min(lines).max(start);
        Window {
            start,
            end,
            before_px: start as f64 * line_px,
            after_px: (lines - end) as f64 * line_px,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_rendered_do_not_grow_with_the_table() {
        let small = Window::of(1_000, 32.0, 0.0, 800.0);
        let large = Window::of(10_000, 32.0, 0.0, 800.0);
        assert_eq!((small.start, small.end), (large.start, large.end));
        assert!(large.end - large.start <= 26 + 2 * MARGIN_LINES);
    }

    #[test]
    fn padding_and_rows_add_up_to_the_full_height() {
        for scroll in [0.0, 5_000.0, 319_000.0, 1e9] {
            let w = Window::of(10_000, 32.0, scroll, 800.0);
            let rendered = (w.end - w.start) as f64 * 32.0;
            assert_eq!(w.before_px + rendered + w.after_px, 320_000.0, "at {scroll}");
        }
    }

    #[test]
    fn the_bottom_of_the_table_is_reachable() {
        let w = Window::of(10_000, 32.0, 320_000.0 - 800.0, 800.0);
        assert_eq!(w.end, 10_000);
        assert!(w.start < 10_000 - 25);
    }

    #[test]
    fn nonsense_measurements_give_a_sane_window() {
        let w = Window::of(50, f64::NAN, -10.0, f64::INFINITY);
        assert_eq!(w.start, 0);
        assert!(w.end <= 50);
        assert_eq!(Window::of(0, 32.0, 100.0, 800.0).end, 0);
    }
}
