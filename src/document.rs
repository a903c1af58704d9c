//! The two documents the dashboard is built as. A wall screen loads `index.html`,
//! the views; the settings page and the board editor, which only a person at a
//! desk opens, are `settings.html` with a wasm of their own, so their code (about
//! 88 KB of gzip wasm, a sixth of the views') never travels to a wallboard.
//!
//! Every link keeps its hash route (`#/settings`, `#/board/floor/edit`): the
//! document that is asked for a route the other one holds moves the tab there,
//! with the same query and hash.

use crate::route::{self, Route};

/// One of the dashboard's two pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// `index.html`: the views and boards, what a wall screen shows.
    Wallboard,
    /// `settings.html`: the settings page and the board editor.
    Settings,
}

impl Document {
    /// The document that holds the route `hash` names; `None` when it names none (an
    /// empty or unknown hash), which each document answers with its own first page.
    /// A kiosk never edits a board (its editor's link shows the board), so there
    /// only the settings page moves.
    pub fn holding(hash: &str, kiosk: bool) -> Option<Document> {
        let editing = route::board_edit(hash) && !kiosk;
        match Route::from_hash(hash) {
            Some(Route::Settings) => Some(Document::Settings),
            Some(Route::Board) if editing => Some(Document::Settings),
            Some(_) => Some(Document::Wallboard),
            None => None,
        }
    }

    /// The document's file, relative to the other one: the directory's index for
    /// the wallboard, as a static host serves it and the kiosk's service worker
    /// keeps it.
    pub fn file(self) -> &'static str {
        match self {
            Document::Wallboard => "./",
            Document::Settings => "settings.html",
        }
    }

    /// What the tab says while it moves here.
    pub fn title(self) -> &'static str {
        match self {
            Document::Wallboard => "the wallboard",
            Document::Settings => "the settings",
        }
    }

    /// This document's address with the query (settings given in the URL) and the
    /// hash (the route) the tab has now.
    pub fn address(self, search: &str, hash: &str) -> String {
        format!("{}{search}{hash}", self.file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_and_a_boards_editor_are_in_the_settings_document() {
        let settings = Some(Document::Settings);
        assert_eq!(Document::holding("#/settings", false), settings);
        assert_eq!(Document::holding("#/Settings?x=1", false), settings);
        assert_eq!(Document::holding("#/board/floor/edit", false), settings);
        for hash in ["#/overview", "#/agents?team=a", "#/board", "#/board/floor"] {
            assert_eq!(Document::holding(hash, false), Some(Document::Wallboard), "{hash}");
        }
    }

    #[test]
    fn a_hash_that_names_no_route_stays_where_it_is() {
        for hash in ["", "#", "#/", "#/nowhere"] {
            assert_eq!(Document::holding(hash, false), None, "{hash}");
        }
    }

    #[test]
    fn a_kiosk_shows_a_board_where_a_desk_would_edit_it() {
        assert_eq!(Document::holding("#/board/floor/edit", true), Some(Document::Wallboard));
        assert_eq!(Document::holding("#/settings", true), Some(Document::Settings));
    }

    #[test]
    fn a_move_keeps_the_query_and_the_route() {
        assert_eq!(
            Document::Settings.address("?teams=a,b&kiosk=1", "#/board/x/edit"),
            "settings.html?teams=a,b&kiosk=1#/board/x/edit"
        );
        assert_eq!(Document::Wallboard.address("", "#/agents"), "./#/agents");
    }
}
