//! The app: settings first, then the shell with navigation, the routed view and the
//! status bar.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::alerts::BreachAlerts;
use super::browser;
use super::clock::provide_clock;
use super::config_load::{self, Loaded};
use super::hooks::use_hash;
use super::kiosk::{self, KioskBanner, KioskStatus};
use super::pages::{Moving, Pages};
use super::poller;
use super::reconfigure::{Layers, Reconfigure};
use super::status_bar::StatusBar;
use super::store::Store;
use crate::config::{Config, Issue};
use crate::document::Document;
use crate::route::Route;

/// The whole dashboard, as the document `pages` draws it.
#[component]
pub fn App(pages: Pages) -> impl IntoView {
    // Before anything reads the hash: the key must leave the address bar at once.
    browser::adopt_fragment();
    let (loaded, set_loaded) = signal(None::<Loaded>);
    // Saving settings loads every layer again; the new Shell replaces the old one,
    // whose cleanup stops its polling.
    let reconfigure =
        Reconfigure::new(move || spawn_local(async move { set_loaded.set(Some(config_load::load().await)) }));
    provide_context(reconfigure);
    reconfigure.reload();
    browser::remove_boot_notice();
    move || match loaded.get() {
        None => view! { <p class="loading" data-testid="loading">"Loading settings…"</p> }.into_any(),
        Some(l) => {
            let layers = Layers {
                file: l.file,
                saved: l.saved,
            };
            view! { <Shell config=l.resolved.config issues=l.resolved.issues layers=layers pages=pages /> }.into_any()
        }
    }
}

/// The dashboard once its settings are known.
#[component]
fn Shell(config: Config, issues: Vec<Issue>, layers: Layers, pages: Pages) -> impl IntoView {
    provide_context(layers);
    browser::set_root_data("theme", config.theme_shown().as_str());
    browser::set_root_style("--text-scale", &config.text_scale.to_string());
    browser::set_root_data("kiosk", if config.kiosk { "on" } else { "off" });
    provide_context(config.clone());
    let clock = provide_clock();
    let store = Store::new(&config);
    store.watch_ages(clock);
    provide_context(store.clone());
    poller::start(&config, &store);
    if config.kiosk {
        kiosk::start(&config);
    }

    let home = pages.home(config.view);
    let hash = use_hash();
    let route = Memo::new(move |_| hash.with(|h| Route::from_hash(h)).unwrap_or(home));
    let kiosk = config.kiosk;
    let elsewhere = Memo::new(move |_| {
        hash.with(|h| Document::holding(h, kiosk))
            .filter(|d| *d != pages.document)
    });
    browser::set_root_data("app", "ready");

    let nothing_configured = config.teams.is_empty() && config.work_types.is_empty();
    view! {
        <div class="shell">
            <header class="top-bar">
                <h1 class="top-bar__title">"Floorview"</h1>
                <nav class="top-bar__nav" aria-label="Views">
                    {Route::ALL
                        .into_iter()
                        .map(|r| {
                            view! {
                                <a
                                    href=r.href()
                                    class="top-bar__link"
                                    aria-current=move || (route.get() == r).then_some("page")
                                    data-testid=format!("nav-{}", r.as_str())
                                >
                                    {r.title()}
                                </a>
                            }
                        })
                        .collect_view()}
                    <a
                        href=Route::Board.href()
                        class="top-bar__link"
                        aria-current=move || (route.get() == Route::Board).then_some("page")
                        data-testid="nav-board"
                    >
                        {Route::Board.title()}
                    </a>
                </nav>
                {config.kiosk.then(|| view! { <KioskStatus /> })}
                <a
                    href=Route::Settings.href()
                    class="top-bar__link top-bar__settings"
                    aria-current=move || (route.get() == Route::Settings).then_some("page")
                    data-testid="nav-settings"
                >
                    <span aria-hidden="true">"⚙ "</span>
                    <span class="top-bar__settings-text">"Settings"</span>
                </a>
            </header>
            {config.kiosk.then(|| view! { <KioskBanner /> })}
            <ConfigIssues issues=issues />
            {nothing_configured
                .then(|| {
                    view! {
                        <p class="notice" data-testid="nothing-configured">
                            "No teams or work types are configured: add them to config.json or the URL (?teams=…&workTypes=…)."
                        </p>
                    }
                })}
            <main class=move || format!("view view--{}", route.get().as_str())>
                {move || match elsewhere.get() {
                    None => (pages.page)(route.get()),
                    Some(there) => view! { <Moving to=there /> }.into_any(),
                }}
            </main>
            <StatusBar />
            <BreachAlerts />
        </div>
    }
}

/// Settings that could not be used, each named, above everything else.
#[component]
fn ConfigIssues(issues: Vec<Issue>) -> impl IntoView {
    (!issues.is_empty()).then(|| {
        view! {
            <section class="config-issues" role="alert" data-testid="config-issues">
                <h2 class="config-issues__title">"⚠ Configuration problems"</h2>
                <ul>
                    {issues
                        .into_iter()
                        .map(|i| view! { <li data-setting=i.setting.clone()>{i.to_string()}</li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
