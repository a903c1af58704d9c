//! Packing a view's cards into pages: each section (the Overview's teams, then its
//! queues) is a heading and a grid of cards, as many columns as fit at the cards'
//! smallest width, rows as tall as their tallest card. Sizes are in CSS px at the
//! screen's kiosk type size; a zoom scales them all.

use std::ops::Range;

use super::Fit;

/// A heading and its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading's height with its margins (0 for none).
    pub heading_px: f64,
    /// The narrowest a card may be.
    pub min_width_px: f64,
    /// The space between its cards, across and down (0 for a table's rows).
    pub gap_px: f64,
    /// Each card's height, in order.
    pub heights_px: Vec<f64>,
}

/// The cards of one section on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub section: usize,
    pub cards: Range<usize>,
}

/// What one page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub parts: Vec<Part>,
}

impl Page {
    /// The cards of `section` on this page (an empty range when none).
    pub fn cards(&self, section: usize) -> Range<usize> {
        self.parts
            .iter()
            .find(|p| p.section == section)
            .map_or(0..0, |p| p.cards.clone())
    }
}

/// How a view is laid out on its screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The factor every size is scaled by (1: the screen's kiosk type size).
    pub zoom: f64,
    /// Grid columns of each section.
    pub columns: Vec<usize>,
    /// At least one page.
    pub pages: Vec<Page>,
}

impl Plan {
    /// One empty page (before the screen is measured).
    pub fn empty(sections: usize) -> Plan {
        Plan {
            zoom: 1.0,
            columns: vec![1; sections],
            pages: vec![Page::default()],
        }
    }

    /// Which cards each page holds, as `section:first-end` parts, pages split by
    /// `|` (`0:0-4 1:0-1|1:1-5`): written on the fit area, so a reader (a test, a
    /// person in the inspector) can tell that the plan changed even when its page
    /// count did not.
    pub fn layout(&self) -> String {
        self.pages
            .iter()
            .map(|page| {
                page.parts
                    .iter()
                    .map(|p| format!("{}:{}-{}", p.section, p.cards.start, p.cards.end))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    /// Everything on one page at the screen's type size (outside kiosk mode).
    pub fn single(sections: &[Section]) -> Plan {
        Plan {
            zoom: 1.0,
            columns: vec![1; sections.len()],
            pages: vec![Page {
                parts: sections
                    .iter()
                    .enumerate()
                    .map(|(section, s)| Part {
                        section,
                        cards: 0..s.heights_px.len(),
                    })
                    .collect(),
            }],
        }
    }
}

/// The plan for `sections` in an area `width_px` × `height_px`: the largest zoom `fit` allows at which everything is on one
/// page, else pages at the smallest zoom it allows (in `auto`, `readable_zoom`:
/// the smallest text at the readable minimum).
pub fn plan(width_px: f64, height_px: f64, sections: &[Section], fit: Fit, readable_zoom: f64) -> Plan {
    let (width_px, height_px) = (width_px.max(1.0), height_px.max(1.0));
    let mut last = None;
    for zoom in fit.zooms(readable_zoom) {
        let (columns, pages) = pack(width_px / zoom, height_px / zoom, sections);
        let done = pages.len() == 1;
        last = Some(Plan { zoom, columns, pages });
        if done {
            break;
        }
    }
    last.unwrap_or_else(|| Plan::single(sections))
}

/// Columns and pages at one size.
fn pack(width: f64, height: f64, sections: &[Section]) -> (Vec<usize>, Vec<Page>) {
    let columns: Vec<usize> = sections
        .iter()
        .map(|s| (((width + s.gap_px) / (s.min_width_px.max(1.0) + s.gap_px)).floor() as usize).max(1))
        .collect();
    let mut pages = Vec::new();
    let mut page = Page::default();
    let mut y = 0.0;
    for (index, section) in sections.iter().enumerate() {
        let n = section.heights_px.len();
        let mut start = 0;
        while start < n {
            let end = (start + columns[index]).min(n);
            let row = section.heights_px[start..end].iter().copied().fold(0.0, f64::max);
            let opening = page.parts.last().is_none_or(|p| p.section != index);
            let need = row + if opening { section.heading_px } else { section.gap_px };
            // A row that fits nowhere still gets a page of its own.
            if y + need > height && !page.parts.is_empty() {
                pages.push(std::mem::take(&mut page));
                y = 0.0;
                continue;
            }
            if opening {
                page.parts.push(Part {
                    section: index,
                    cards: start..start,
                });
            }
            y += need;
            if let Some(part) = page.parts.last_mut() {
                part.cards.end = end;
            }
            start = end;
        }
    }
    if !page.parts.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    (columns, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(n: usize, height: f64) -> Section {
        Section {
            heading_px: 40.0,
            min_width_px: 300.0,
            gap_px: 20.0,
            heights_px: vec![height; n],
        }
    }

    #[test]
    fn few_cards_grow_to_fill_the_screen_in_auto() {
        let p = plan(1920.0, 900.0, &[cards(4, 300.0)], Fit::Auto, 1.0);
        assert_eq!(p.pages.len(), 1);
        assert!(p.zoom > 1.0, "zoomed in: {}", p.zoom);
        let p = plan(1920.0, 900.0, &[cards(4, 300.0)], Fit::Pages, 1.0);
        assert_eq!((p.zoom, p.columns[0], p.pages.len()), (1.0, 6, 1));
    }

    #[test]
    fn forty_teams_split_into_pages_that_show_each_once() {
        let sections = [cards(40, 300.0), cards(30, 250.0)];
        let p = plan(1920.0, 900.0, &sections, Fit::Auto, 1.0);
        assert_eq!(p.zoom, 1.0);
        assert!(p.pages.len() > 3);
        for (index, section) in sections.iter().enumerate() {
            let shown: Vec<usize> = p.pages.iter().flat_map(|page| page.cards(index)).collect();
            assert_eq!(shown, (0..section.heights_px.len()).collect::<Vec<_>>());
        }
        // Two rows of six teams (40 + 300 + 20 + 300 = 660) and no third (980 > 900).
        assert_eq!(p.pages[0].cards(0), 0..12);
    }

    #[test]
    fn a_page_holds_what_its_height_allows() {
        // 40 heading + 300 + 20 + 300 = 660; the queues' heading and a row need 290 more.
        let p = plan(700.0, 900.0, &[cards(4, 300.0), cards(2, 250.0)], Fit::Pages, 1.0);
        assert_eq!(p.columns, vec![2, 2]);
        assert_eq!(p.pages.len(), 2);
        assert_eq!(p.pages[0].parts.len(), 1);
        assert_eq!(p.pages[1].cards(1), 0..2);
    }

    #[test]
    fn the_layout_names_each_pages_cards_and_changes_when_a_card_moves() {
        // 660 px of teams, then the queues' heading and a row of 190 px queues.
        let p = plan(700.0, 900.0, &[cards(4, 300.0), cards(4, 190.0)], Fit::Pages, 1.0);
        assert_eq!(p.layout(), "0:0-4 1:0-2|1:2-4");
        // Taller queue panels (their data arrived): still two pages, laid out otherwise.
        let q = plan(700.0, 900.0, &[cards(4, 300.0), cards(4, 250.0)], Fit::Pages, 1.0);
        assert_eq!(q.pages.len(), p.pages.len());
        assert_ne!(q.layout(), p.layout());
    }

    #[test]
    fn scale_keeps_one_page_by_shrinking() {
        let p = plan(1920.0, 900.0, &[cards(40, 300.0)], Fit::Scale, 1.0);
        assert_eq!(p.pages.len(), 1);
        assert!(p.zoom < 1.0);
    }

    #[test]
    fn a_card_too_tall_for_any_page_still_gets_one() {
        let p = plan(400.0, 200.0, &[cards(2, 500.0)], Fit::Pages, 1.0);
        assert_eq!(p.pages.len(), 2);
        let empty = plan(400.0, 200.0, &[cards(0, 500.0)], Fit::Auto, 1.0);
        assert_eq!(empty.pages.len(), 1);
    }
}
