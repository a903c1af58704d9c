//! How a kiosk view fits its screen: the smallest readable text, the cards of each
//! section packed into pages, which page the wall clock shows within the rotation
//! slot, and which Agents columns fit a width. The browser half is `web::fit`.

pub mod cards;
mod columns;
mod pack;

pub use cards::Card;
pub use columns::{columns_that_fit, COLUMN_PRIORITY};
pub use pack::{plan, Page, Part, Plan, Section};

/// How a kiosk view fits its screen (the `fit` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// Cards grow to fill the screen when they fit; past the smallest readable size
    /// the view splits into pages.
    #[default]
    Auto,
    /// One page always: cards shrink as far as needed, even below the readable
    /// minimum (a very large floor gets small type rather than pages).
    Scale,
    /// Cards keep the screen's type size and the view splits into pages as soon as
    /// they do not fit.
    Pages,
}

impl Fit {
    /// Every mode, in the order the settings offer them.
    pub const ALL: [Fit; 3] = [Fit::Auto, Fit::Scale, Fit::Pages];

    /// The setting's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Fit::Auto => "auto",
            Fit::Scale => "scale",
            Fit::Pages => "pages",
        }
    }

    /// How the settings page names it.
    pub fn title(self) -> &'static str {
        match self {
            Fit::Auto => "Scale up, page when too many",
            Fit::Scale => "Always one page (type may shrink)",
            Fit::Pages => "Pages at the screen's type size",
        }
    }

    /// Reads a setting value.
    pub fn parse(text: &str) -> Result<Fit, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(Fit::Auto),
            "scale" => Ok(Fit::Scale),
            "pages" | "page" => Ok(Fit::Pages),
            other => Err(format!("\"{other}\" is not auto, scale or pages")),
        }
    }

    /// The zoom factors tried, largest first: the first at which everything fits
    /// on one page wins; the last is used for paging when none does.
    /// `readable` is the zoom at which the smallest text is at the readable minimum.
    fn zooms(self, readable: f64) -> Vec<f64> {
        let steps = |from: u32, to: u32| (to..=from).rev().map(|z| f64::from(z) / 10.0);
        match self {
            Fit::Auto => {
                let mut zooms: Vec<f64> = steps(16, 10).collect();
                if readable.is_finite() && readable > 0.3 && readable < 1.0 {
                    zooms.push(readable);
                }
                zooms
            }
            Fit::Scale => steps(16, 3).collect(),
            Fit::Pages => vec![1.0],
        }
    }
}

/// The smallest text of the kiosk's stylesheets, in rem (`--size-small`).
pub const SMALLEST_TEXT_REM: f64 = 0.8;

/// The zoom at which the smallest text of a screen `width_px` × `height_px` whose
/// root font is `rem_px` is exactly the readable minimum.
/// Rounded up to the thousandth CSS carries it with, so it never lands a hair under.
pub fn readable_zoom(width_px: f64, height_px: f64, rem_px: f64) -> f64 {
    (min_text_px(width_px, height_px) / (SMALLEST_TEXT_REM * rem_px) * 1000.0).ceil() / 1000.0
}

/// The smallest text a kiosk screen shows: 1/107 of its longer side (1/60 of the
/// height of a 16:9 screen), never under 12 px. `style/kiosk.css` says the same.
pub fn min_text_px(width_px: f64, height_px: f64) -> f64 {
    (width_px.max(height_px) / 107.0).max(12.0)
}

/// The shortest time a page is shown: two ticks of the app's once-a-second clock,
/// so a tick late under load never skips a page (measured: at 1 s, one of 15 was).
pub const MIN_PAGE_MS: f64 = 2000.0;

/// The page of `pages` shown at wall time `now_ms` within a rotation slot of
/// `slot_ms`: the slot is split evenly, so every screen with the same link turns
/// its pages together, and a playlist page shows all its pages before the next.
/// When that would give a page less than [`MIN_PAGE_MS`], pages turn every
/// `MIN_PAGE_MS` instead and take more than one slot (a longer `rotate` helps).
pub fn page_at(now_ms: f64, slot_ms: f64, pages: usize) -> usize {
    if pages <= 1 || slot_ms.is_nan() || slot_ms <= 0.0 {
        return 0;
    }
    let now = if now_ms.is_finite() { now_ms.max(0.0) } else { 0.0 };
    if slot_ms / (pages as f64) < MIN_PAGE_MS {
        return ((now / MIN_PAGE_MS).floor() as u64 % pages as u64) as usize;
    }
    let into_slot = now % slot_ms;
    ((into_slot / slot_ms * pages as f64).floor() as usize).min(pages - 1)
}

/// `2/3` for the second of three pages; nothing for a single page.
pub fn page_label(index: usize, pages: usize) -> Option<String> {
    (pages > 1).then(|| format!("{}/{pages}", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimum_text_follows_the_longer_side() {
        let px = |w, h| (min_text_px(w, h) * 10.0).round() / 10.0;
        assert_eq!(px(1280.0, 720.0), 12.0);
        assert_eq!(px(1920.0, 1080.0), 17.9);
        assert_eq!(px(3840.0, 2160.0), 35.9);
        assert_eq!(px(1080.0, 1920.0), 17.9);
        assert_eq!(px(800.0, 600.0), 12.0);
    }

    #[test]
    fn pages_split_the_rotation_slot_by_the_wall_clock() {
        let slot = 30_000.0;
        let start = 1_795_938_510_000.0; // a multiple of 30 s
        assert_eq!(page_at(start, slot, 3), 0);
        assert_eq!(page_at(start + 9_999.0, slot, 3), 0);
        assert_eq!(page_at(start + 10_000.0, slot, 3), 1);
        assert_eq!(page_at(start + 29_999.0, slot, 3), 2);
        assert_eq!(page_at(start + 30_000.0, slot, 3), 0);
        assert_eq!(page_at(start + 12_000.0, slot, 1), 0);
        assert_eq!(page_at(f64::NAN, slot, 3), 0);
        assert_eq!(page_at(start, 0.0, 3), 0);
    }

    #[test]
    fn more_pages_than_the_slot_holds_turn_every_two_seconds() {
        let start = 1_795_938_510_000.0;
        let seen: Vec<usize> = (0..8)
            .map(|s| page_at(start + f64::from(s) * 2000.0, 5_000.0, 8))
            .collect();
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..8).collect::<Vec<_>>(), "each page once in 16 s: {seen:?}");
    }

    #[test]
    fn auto_shrinks_no_further_than_readable() {
        // 1280×720 with 16 px type: 12.8 px small text may shrink to 12 px.
        let z = readable_zoom(1280.0, 720.0, 16.0);
        assert_eq!(z, 0.938);
        assert_eq!(Fit::Auto.zooms(z).last(), Some(&z));
        assert_eq!(Fit::Auto.zooms(1.2).last(), Some(&1.0));
        assert_eq!(Fit::Pages.zooms(z), vec![1.0]);
    }

    #[test]
    fn fit_reads_back_and_names_a_bad_value() {
        for fit in Fit::ALL {
            assert_eq!(Fit::parse(fit.as_str()), Ok(fit));
        }
        assert_eq!(Fit::parse(" Pages "), Ok(Fit::Pages));
        assert!(Fit::parse("zoom").unwrap_err().contains("\"zoom\""));
    }

    #[test]
    fn a_page_label_only_when_there_are_pages() {
        assert_eq!(page_label(1, 3).as_deref(), Some("2/3"));
        assert_eq!(page_label(0, 1), None);
    }
}
