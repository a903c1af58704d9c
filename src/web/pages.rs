//! What each document draws for a route. Each binary names only its own table, so
//! the linker keeps the settings page and the board editor out of the wallboard's
//! wasm. (The settings document keeps the board's view: the editor previews it.)

use leptos::prelude::*;

use super::agents::Agents;
use super::board::{BoardEditorPage, BoardPage};
use super::browser;
use super::outbound::Outbound;
use super::overview::Overview;
use super::presence::Presence;
use super::queues::Queues;
use super::reconfigure::Reconfigure;
use super::settings::SettingsPage;
use crate::document::Document;
use crate::route::Route;

/// A document and the page it draws for each route it holds.
#[derive(Clone, Copy)]
pub struct Pages {
    pub document: Document,
    pub page: fn(Route) -> AnyView,
}

impl Pages {
    /// The route of a hash that names none: the configured first view on the
    /// wallboard, the settings page in the settings document.
    pub fn home(self, first_view: Route) -> Route {
        match self.document {
            Document::Wallboard => first_view,
            Document::Settings => Route::Settings,
        }
    }
}

/// `index.html`: the views and boards.
pub const WALLBOARD: Pages = Pages {
    document: Document::Wallboard,
    page: wallboard_page,
};

/// `settings.html`: the settings page and the board editor.
pub const SETTINGS: Pages = Pages {
    document: Document::Settings,
    page: settings_page,
};

fn wallboard_page(route: Route) -> AnyView {
    match route {
        Route::Overview => view! { <Overview /> }.into_any(),
        Route::Agents => view! { <Agents /> }.into_any(),
        Route::Queues => view! { <Queues /> }.into_any(),
        Route::Outbound => view! { <Outbound /> }.into_any(),
        Route::Presence => view! { <Presence /> }.into_any(),
        Route::Board => view! { <BoardPage /> }.into_any(),
        // The shell moves the tab to the settings document first (`Moving`).
        Route::Settings => ().into_any(),
    }
}

fn settings_page(route: Route) -> AnyView {
    match route {
        Route::Board => view! { <BoardEditorPage /> }.into_any(),
        // The views: the shell moves the tab to the wallboard first (`Moving`).
        _ => view! { <SettingsPage /> }.into_any(),
    }
}

/// Moves the tab to the document that holds the route it asks for, keeping its
/// query and hash; a notice a save left for the next page goes with it.
#[component]
pub fn Moving(to: Document) -> impl IntoView {
    if let Some(reconfigure) = use_context::<Reconfigure>() {
        reconfigure.carry_notice();
    }
    browser::open(&to.address(&browser::search(), &browser::hash()));
    view! { <p class="loading" data-testid="moving">{format!("Opening {}…", to.title())}</p> }
}
