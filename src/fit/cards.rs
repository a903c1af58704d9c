//! The size each kind of card needs in kiosk mode, in rem of the kiosk type, as
//! `style/*.css` lays it out: one row per card kind, read by every view that pages
//! its cards. Measured in Chromium at 1280×720, 1920×1080, 3840×2160 and 1080×1920
//! (each card's own height, not the grid row's, at zoom 1), with 2–5 % to spare:
//! team 19.6–20.0, Overview queue panel 3.1 + 7.8 a block, with trends 3.0 + 17.0
//! a block, list 20.2–20.4. Too large wastes the screen (a third of a portrait
//! screen was empty); too small is caught by e2e/specs/fit.test.mjs as overflow.

use super::Section;

/// A section title (`Teams`, `Queues`) with its margins.
pub const HEADING_REM: f64 = 2.3;
/// The grid gap of `style/theme.css` (`--gap`) between cards.
pub const GAP_REM: f64 = 0.9;
/// A table line, and the table's header line: measured 2.4rem plus the line's 1 px
/// border (2.5rem covers that border at any root size over 10 px).
pub const TABLE_LINE_REM: f64 = 2.5;

/// A kind of card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// A team's card on the Overview.
    Team,
    /// A work type's panel on the Overview: a block per interaction type, its five
    /// glance figures only (the kiosk Overview leaves the rest to the Queues view).
    Queue,
    /// A work type's panel on the Queues view: each block with its sparklines.
    QueueWithTrends,
    /// A contact list on the Outbound view.
    ContactList,
}

impl Card {
    /// The narrowest the card may be.
    pub fn min_width_rem(self) -> f64 {
        match self {
            Card::Team => 18.5,
            Card::Queue | Card::QueueWithTrends => 36.0,
            Card::ContactList => 30.0,
        }
    }

    /// Its height with `blocks` interaction types (ignored by cards without them).
    pub fn height_rem(self, blocks: usize) -> f64 {
        let blocks = blocks.max(1) as f64;
        match self {
            Card::Team => 20.4,
            Card::Queue => 3.5 + 7.9 * blocks,
            Card::QueueWithTrends => 3.5 + 17.0 * blocks,
            Card::ContactList => 21.0,
        }
    }

    /// A titled section of these cards, one per entry of `blocks`, at `rem_px`.
    pub fn section(self, blocks: &[usize], rem_px: f64) -> Section {
        Section {
            heading_px: HEADING_REM * rem_px,
            min_width_px: self.min_width_rem() * rem_px,
            gap_px: GAP_REM * rem_px,
            heights_px: blocks.iter().map(|b| self.height_rem(*b) * rem_px).collect(),
        }
    }
}

/// The rows of a table as a section one line wide: its header line stands in for the
/// heading, and its lines follow each other with no gap.
pub fn table_section(rows: usize, width_px: f64, rem_px: f64) -> Section {
    Section {
        heading_px: TABLE_LINE_REM * rem_px,
        min_width_px: width_px,
        gap_px: 0.0,
        heights_px: vec![TABLE_LINE_REM * rem_px; rows],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_grows_with_its_interaction_types() {
        assert!(Card::Queue.height_rem(3) > Card::Queue.height_rem(1));
        assert_eq!(Card::Queue.height_rem(0), Card::Queue.height_rem(1));
        let s = Card::Team.section(&[0; 4], 20.0);
        assert_eq!((s.heights_px.len(), s.min_width_px), (4, 370.0));
    }

    #[test]
    fn a_table_pages_its_lines() {
        let s = table_section(100, 1000.0, 20.0);
        let p = super::super::plan(1000.0, 480.0, &[s], super::super::Fit::Pages, 1.0);
        // A 50 px header, then 8 lines of 50 px in 480 px, and no gap between lines.
        assert_eq!(p.pages[0].cards(0), 0..8);
        assert_eq!(p.pages.len(), 13);
    }
}
