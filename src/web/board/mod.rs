//! A board on screen (`#/board/ID`): its tiles on a grid that fills the screen,
//! each reading its own memo of the store, with the board's alarms and the
//! problems of boards that could not be read.

mod data;
mod editor;
mod editor_page;
mod figure_tile;
mod list_tile;
mod sound;
mod time_tile;

use leptos::prelude::*;

use leptos::html;

use crate::board::grid::{columns_for, place};
use crate::board::{self, Board, Tile, TileKind};
use crate::config::Config;
use crate::freshness::Freshness;
use crate::route;
use crate::web::clock::use_clock;
use crate::web::fit::use_area;
use crate::web::freshness_badge::FreshnessBadge;
use crate::web::hooks::use_hash;
use crate::web::reconfigure::Reconfigure;
use crate::web::store::use_store;
use data::BoardData;
pub use editor_page::BoardEditorPage;
use figure_tile::{GaugeTile, NumberTile};
use list_tile::{StateBarTile, TopListTile};
use sound::{Alarms, SoundNotice};
use time_tile::{ClockTile, CountdownTile, MessageTile};

/// The board the location hash names (the first board for `#/board`).
#[component]
pub fn BoardPage() -> impl IntoView {
    let config = use_context::<Config>().unwrap_or_default();
    let boards = board::all(&config);
    let hash = use_hash();
    let wanted = Memo::new(move |_| hash.with(|h| route::board_id(h)));
    // What a save or removal in the editor did, said once on the page it led to.
    let notice = use_context::<Reconfigure>().and_then(Reconfigure::take_notice);
    let kiosk = config.kiosk;
    let problems = config.board_problems.clone();
    let list = boards
        .iter()
        .map(|b| (b.id.clone(), b.title.clone()))
        .collect::<Vec<_>>();
    view! {
        <section class="board-page" data-testid="view-board">
            <BoardProblems problems=problems />
            {notice.map(|n| view! { <p class="settings__message" role="status" data-testid="board-notice">{n}</p> })}
            {move || {
                let id = wanted.get();
                let chosen = board::named(&boards, id.as_deref());
                // A kiosk's `#/board/ID/edit` shows the board: it is never edited there.
                if let Some(b) = chosen {
                    view! { <BoardView board=b.clone() boards=list.clone() kiosk=kiosk /> }.into_any()
                } else {
                    let names = boards.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", ");
                    view! {
                        <p class="notice" data-testid="board-unknown">
                            {format!("There is no board \"{}\". The boards are: {names}.", id.unwrap_or_default())}
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The boards of the settings that could not be read, each with its reason.
#[component]
pub(super) fn BoardProblems(problems: Vec<String>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <section class="notice board__problems" role="alert" data-testid="board-problems">
                <h2 class="config-issues__title">"⚠ Boards that could not be read"</h2>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </section>
        }
    })
}

/// One board.
#[component]
pub(super) fn BoardView(board: Board, boards: Vec<(String, String)>, kiosk: bool) -> impl IntoView {
    let store = use_store();
    let clock = use_clock();
    let limits = use_context::<Config>().unwrap_or_default().thresholds.states;
    let data = BoardData::new(store, clock, limits);
    let alarms = Alarms::provide(clock, kiosk);
    let has_sound = board
        .tiles
        .iter()
        .any(|t| t.kind.limit().is_some_and(|(_, _, a)| a.sound));
    // The grid follows the screen's shape (a portrait screen gets fewer columns),
    // measured as it changes size, never per frame.
    let node = NodeRef::<html::Div>::new();
    let area = use_area(node);
    let shaped = board.clone();
    let grid = Memo::new(move |_| {
        let a = area.get();
        let columns = columns_for(&shaped, a.width, a.height);
        place(&Board {
            columns,
            ..shaped.clone()
        })
    });
    // Set through the CSSOM (`style:`), which the CSP allows; a style attribute is not.
    let columns = move || format!("repeat({}, minmax(0, 1fr))", grid.with(|g| g.columns));
    let rows = move || format!("repeat({}, minmax(0, 1fr))", grid.with(|g| g.rows));
    // How many tiles share the screen sets the type scale (fit.css): a six-tile
    // board's figures are a twelfth of the screen's height at the least.
    let density = match board.tiles.len() {
        0..=6 => "few",
        7..=12 => "some",
        _ => "many",
    };
    let current = board.id.clone();
    let current_edit = current.clone();
    // One freshness per source and scope, shared by the tiles that read it: most
    // tiles of a board cover the whole floor, and each is judged every tick.
    let mut shared: Vec<(
        (floorview_reporting::Endpoint, crate::board::model::Scope),
        Signal<Freshness>,
    )> = Vec::new();
    for tile in &board.tiles {
        if let Some((source, scope)) = tile.kind.source() {
            if !shared.iter().any(|((s, sc), _)| *s == source && sc == scope) {
                shared.push(((source, scope.clone()), data.freshness(source, scope)));
            }
        }
    }
    let freshness_of = move |tile: &Tile| {
        let (source, scope) = tile.kind.source()?;
        shared
            .iter()
            .find(|((s, sc), _)| *s == source && sc == scope)
            .map(|(_, f)| *f)
    };
    view! {
        <div class="board" data-board=board.id.clone() data-density=density>
            <header class="board__header">
                <h2 class="board__title" data-testid="board-title">{board.title.clone()}</h2>
                {(!kiosk && boards.len() > 1).then(|| view! {
                    <nav class="board__list" aria-label="Boards">
                        {boards
                            .into_iter()
                            .map(|(id, title)| {
                                let here = id == current;
                                view! {
                                    <a class="board__link" href=format!("#/board/{id}") aria-current=here.then_some("page")>{title}</a>
                                }
                            })
                            .collect_view()}
                    </nav>
                })}
                {(!kiosk).then(|| view! {
                    <a class="board__link board__edit" href=format!("#/board/{current_edit}/edit") data-testid="edit-board">"✎ Edit board"</a>
                })}
                <SoundNotice alarms=alarms has_sound=has_sound />
            </header>
            <div class="board__grid" node_ref=node style:grid-template-columns=columns style:grid-template-rows=rows data-testid="board-grid">
                {board
                    .tiles
                    .into_iter()
                    .enumerate()
                    .map(|(i, tile)| {
                        let area = Signal::derive(move || grid.with(|g| g.cells.get(i).map(|c| c.area()).unwrap_or_default()));
                        let freshness = freshness_of(&tile);
                        view! { <TileView tile=tile area=area data=data.clone() freshness=freshness /> }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// A tile: its title, freshness and body.
#[component]
fn TileView(tile: Tile, area: Signal<String>, data: BoardData, freshness: Option<Signal<Freshness>>) -> impl IntoView {
    let clock = data.clock;
    let kind = tile.kind.name();
    let body = match tile.kind {
        TileKind::Number {
            reading,
            limit,
            alarm,
            sparkline_min,
            show_change,
        } => view! { <NumberTile data=data reading=reading limit=limit alarm=alarm sparkline_min=sparkline_min show_change=show_change /> }.into_any(),
        TileKind::Gauge { reading, limit, alarm, max } => view! { <GaugeTile data=data reading=reading limit=limit alarm=alarm max=max /> }.into_any(),
        TileKind::StateBar { scope } => view! { <StateBarTile data=data scope=scope /> }.into_any(),
        TileKind::TopList { of, scope, state, count } => view! { <TopListTile data=data of=of scope=scope state=state count=count /> }.into_any(),
        TileKind::Clock { utc_offset_min, label } => view! { <ClockTile clock=clock utc_offset_min=utc_offset_min label=label /> }.into_any(),
        TileKind::Countdown { to, label } => view! { <CountdownTile clock=clock to=to label=label /> }.into_any(),
        TileKind::Message { text, from, until } => view! { <MessageTile clock=clock text=text from=from until=until /> }.into_any(),
        TileKind::Invalid { reason } => view! { <p class="tile__body tile__invalid" data-testid="tile-invalid">{format!("⚠ {reason}")}</p> }.into_any(),
    };
    view! {
        <article class=format!("tile tile--kind-{kind}") style:grid-area=area data-testid="tile" data-kind=kind>
            <header class="tile__header">
                <h3 class="tile__title">{tile.title}</h3>
                {freshness.map(|f| view! { <FreshnessBadge freshness=f /> })}
            </header>
            {body}
        </article>
    }
}
