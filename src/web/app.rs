//! The app: settings first, then the shell with navigation, the routed view and the
//! status bar.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::agents::Agents;
use super::browser;
use super::clock::provide_clock;
use super::config_load;
use super::outbound::Outbound;
use super::kiosk::{self, KioskBanner, KioskStatus};
use super::overview::Overview;
use super::poller;
use super::presence::Presence;
use super::queues::Queues;
use super::status_bar::StatusBar;
use super::store::Store;
use crate::config::{Config, Issue, Resolved};
use crate::route::Route;

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    // Before anything reads the hash: the key must leave the address bar at once.
    browser::adopt_viewer_key();
    let (resolved, set_resolved) = signal(None::<Resolved>);
    spawn_local(async move { set_resolved.set(Some(config_load::load().await)) });
    browser::remove_boot_notice();
    move || match resolved.get() {
        None => view! { <p class="loading" data-testid="loading">"Loading settings…"</p> }.into_any(),
        Some(r) => view! { <Shell config=r.config issues=r.issues /> }.into_any(),
    }
}

/// The dashboard once its settings are known.
#[component]
fn Shell(config: Config, issues: Vec<Issue>) -> impl IntoView {
    browser::set_root_data("theme", crate::kiosk::theme(&config).as_str());
    browser::set_root_data("kiosk", if config.kiosk { "on" } else { "off" });
    provide_context(config.clone());
    provide_clock();
    let store = Store::new(&config);
    provide_context(store.clone());
    poller::start(&config, &store);
    if config.kiosk {
        kiosk::start(&config);
    }

    let default_view = config.view;
    let route = RwSignal::new(Route::from_hash(&browser::hash()).unwrap_or(default_view));
    let listener = window_event_listener_untyped("hashchange", move |_| {
        route.set(Route::from_hash(&browser::hash()).unwrap_or(default_view));
    });
    on_cleanup(move || listener.remove());
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
                </nav>
                {config.kiosk.then(|| view! { <KioskStatus /> })}
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
                {move || match route.get() {
                    Route::Overview => view! { <Overview /> }.into_any(),
                    Route::Agents => view! { <Agents /> }.into_any(),
                    Route::Queues => view! { <Queues /> }.into_any(),
                    Route::Outbound => view! { <Outbound /> }.into_any(),
                    Route::Presence => view! { <Presence /> }.into_any(),
                }}
            </main>
            <StatusBar />
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
