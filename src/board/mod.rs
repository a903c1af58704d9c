//! Boards: wallboards a supervisor composes from big-number tiles. The pure half:
//! what a board is ([`model`]), how it is read from the settings ([`parse`]), the
//! figures it can show ([`metric`]) and how they are taken from payloads
//! ([`evaluate`]) and reduced ([`figure`]), thresholds that do not flicker
//! ([`threshold`]), lists and bars ([`top`]), where each tile goes ([`grid`]), and
//! the two boards every floor gets ([`builtin`]), back to JSON ([`write`]), and the
//! editor's form ([`editor`]). The tiles are drawn by `web::board`.

pub mod builtin;
pub mod editor;
pub mod evaluate;
pub mod figure;
pub mod grid;
pub mod metric;
pub mod model;
pub mod parse;
pub mod threshold;
pub mod top;
pub mod write;

pub use model::{Board, Tile, TileKind};

/// The boards a screen can show: the configured ones, then the built-in ones whose
/// ids they do not take.
pub fn all(config: &crate::config::Config) -> Vec<Board> {
    let mut boards = config.boards.clone();
    for b in builtin::boards(config) {
        if !boards.iter().any(|x| x.id == b.id) {
            boards.push(b);
        }
    }
    boards
}

/// The board a screen shows for `id` (from `#/board/ID`): that board, or the first
/// for no id; `None` when no board has the id.
pub fn named<'a>(boards: &'a [Board], id: Option<&str>) -> Option<&'a Board> {
    match id {
        Some(id) => boards.iter().find(|b| b.id == id),
        None => boards.first(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_is_named_by_its_id_or_is_the_first() {
        let boards = all(&crate::config::Config::default());
        assert!(boards.len() >= 2, "the built-in boards");
        assert_eq!(named(&boards, None).map(|b| &b.id), Some(&boards[0].id));
        assert_eq!(named(&boards, Some(&boards[1].id)).map(|b| &b.id), Some(&boards[1].id));
        assert_eq!(named(&boards, Some("no-such-board")), None);
    }
}
