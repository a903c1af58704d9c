//! The board editor's page (`#/board/ID/edit`, in the settings document): the
//! board the hash names, or a new one under an id no board has yet.

use leptos::prelude::*;

use super::editor::BoardEditor;
use super::BoardProblems;
use crate::board;
use crate::config::Config;
use crate::route;
use crate::web::hooks::use_hash;

/// The editor of the board the location hash names.
#[component]
pub fn BoardEditorPage() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let boards = board::all(&config);
    let hash = use_hash();
    let wanted = Memo::new(move |_| hash.with(|h| route::board_id(h)));
    view! {
        <section class="board-page" data-testid="view-board">
            <BoardProblems problems=config.board_problems.clone() />
            {move || {
                let id = wanted.get();
                let chosen = board::named(&boards, id.as_deref()).cloned();
                // A new board's editor is opened by an id no board has.
                view! { <BoardEditor id=id.unwrap_or_default() board=chosen /> }
            }}
        </section>
    }
}
