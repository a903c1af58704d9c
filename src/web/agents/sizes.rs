//! The agent table's measured sizes, remembered from one visit to the next.
//!
//! The table builds the rows its screen holds, and it only knows how many once it
//! has measured a row, the header and the scroller. A kiosk that rotates back to
//! the Agents view every few seconds would otherwise build for a guess, measure,
//! and build again, twice (width and type size first, then the row height): two
//! extra passes of 50–70 ms each under a Pi-class CPU (`e2e/bench/kiosk.mjs`,
//! throttled ×4). Starting from the last visit's sizes, the first build is right
//! and the measurement after it changes nothing. It still runs, so a screen that
//! changed size between visits is corrected the same way a first visit is.

use std::cell::Cell;

use crate::agents::DEFAULT_LINE_PX;

/// What the table measures, in CSS px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub viewport_px: f64,
    pub viewport_w: f64,
    pub rem_px: f64,
    pub line_px: f64,
    pub head_px: f64,
}

/// Before anything was measured: a laptop-sized table in default type.
const GUESS: Sizes = Sizes {
    viewport_px: 800.0,
    viewport_w: 1200.0,
    rem_px: 16.0,
    line_px: DEFAULT_LINE_PX,
    head_px: DEFAULT_LINE_PX,
};

thread_local! {
    // The browser's main thread is the only thread; a plain cell, not a signal, so
    // nothing subscribes to it (see `web::long_lived`).
    static LAST: Cell<Sizes> = const { Cell::new(GUESS) };
}

/// The sizes the table had when last measured, or a guess before the first time.
pub fn last() -> Sizes {
    LAST.with(Cell::get)
}

/// Keeps `sizes` for the next visit.
pub fn remember(sizes: Sizes) {
    LAST.with(|last| last.set(sizes));
}
