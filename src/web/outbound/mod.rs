//! The Outbound view: each contact list's records and how far the dialler has got
//! through it, as bars with their percentages in words, and progress since the page
//! opened.

use floorview_reporting::ListActivity;
use leptos::html;
use leptos::prelude::*;

use crate::config::Level;
use crate::fit::Card;
use crate::format;
use crate::trends::ListTrend;
use crate::web::browser;
use crate::web::fit::{use_paging, FitGrid, PageLabel};
use crate::web::freshness_badge::FreshnessBadge;
use crate::web::sparkline::Sparkline;
use crate::web::store::{use_store, Slot};

/// The Outbound view.
#[component]
pub fn Outbound() -> impl IntoView {
    let store = use_store();
    let area = NodeRef::<html::Div>::new();
    let count = store.lists.len();
    let paging = use_paging(area, move |a| {
        let mut section = Card::ContactList.section(&vec![1; count], a.rem);
        section.heading_px = 0.0;
        vec![section]
    });
    let (lists, trends) = (store.lists.clone(), store.list_trends.clone());
    let none = store.lists.is_empty();
    view! {
        <section class="outbound" data-testid="view-outbound">
            <h2 class="section-title">"Contact lists"<PageLabel paging=paging /></h2>
            {none.then(|| view! { <p class="notice">"No contact lists are configured (contactLists in config.json or ?contactLists=… in the URL)."</p> })}
            <div class="fit-area" node_ref=area>
                <div class="fit-page">
                    <FitGrid paging=paging section=0 class="list-grid"
                        card=move |i| lists.get(i).zip(trends.get(i)).map(|(slot, trend)| view! { <ListCard source=slot.clone() trend=*trend /> })
                    />
                </div>
            </div>
        </section>
    }
}

/// One contact list.
#[component]
fn ListCard(source: Slot<ListActivity>, trend: RwSignal<ListTrend>) -> impl IntoView {
    let slot = source;
    let id = slot.id.clone();
    let list = {
        let slot = slot.clone();
        Memo::new(move |_| slot.data.with(|d| d.as_ref().map(|s| s.value.clone())))
    };
    let freshness = slot.freshness_signal();
    let name = {
        let id = id.clone();
        move || {
            list.with(|l| l.as_ref().and_then(|l| l.contact_list.clone()))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| id.to_string())
        }
    };
    let figure = move |label: &'static str, testid: &'static str, f: fn(&ListActivity) -> Option<u32>| {
        view! {
            <div class="figure">
                <dt class="figure__label">{label}</dt>
                <dd class="figure__value" data-testid=testid>{move || list.with(|l| format::count(l.as_ref().and_then(f)))}</dd>
            </div>
        }
    };
    let gauge = move |label: &'static str, testid: &'static str, f: fn(&ListActivity) -> Option<f64>| {
        let value = move || list.with(|l| l.as_ref().and_then(f));
        view! {
            <div class="gauge" data-testid=testid>
                <span class="gauge__label">{label}</span>
                <span class="gauge__track" role="img" aria-label=move || format!("{label}: {}", format::percent_text(value()))>
                    <span class="gauge__fill" style:width=move || format!("{}%", format::bar_width(value()))></span>
                </span>
                <span class="gauge__value">{move || format::percent_text(value())}</span>
            </div>
        }
    };
    let since_open = move || {
        trend.with(|t| match t.attempted_since_open() {
            Some(n) => format!("{n:+} attempted since the page opened"),
            None => "Progress appears after the first two polls".to_owned(),
        })
    };
    let penetration =
        Signal::derive(move || trend.with(|t| (!t.penetration.is_empty()).then(|| t.penetration.clone())));
    view! {
        <article class="panel list-card" data-testid="list-card" data-list=id.to_string()>
            <header class="panel__header">
                <h3 class="panel__title" data-testid="list-name">{name}</h3>
                <FreshnessBadge freshness=freshness />
            </header>
            <Show
                when=move || list.with(Option::is_some)
                fallback=move || view! { <p class="panel__empty" data-testid="panel-empty">{move || freshness.with(|f| f.label(browser::local_offset_minutes()))}</p> }
            >
                <dl class="figures">
                    {figure("Available", "records-available", |l| l.records_available)}
                    {figure("Attempted", "records-attempted", |l| l.records_attempted)}
                    {figure("With the dialler", "records-in-active", |l| l.records_in_active)}
                    {figure("Busy, to retry", "calls-busy", |l| l.calls_busy)}
                </dl>
                <div class="gauges">
                    {gauge("List penetration", "list-penetration", |l| l.list_penetration)}
                    {gauge("List saturation", "list-saturation", |l| l.list_saturation)}
                    {gauge("Pass-count penetration", "passcount-penetration", |l| l.passcount_penetration)}
                    {gauge("Pass-count saturation", "passcount-saturation", |l| l.passcount_saturation)}
                </div>
                <p class="list-card__trend" data-testid="list-trend">{since_open}</p>
                <Sparkline
                    label="List penetration"
                    series=penetration
                    level=|_| Level::Normal
                    floor=100.0
                    text=|v| format::percent_text(Some(v))
                />
            </Show>
        </article>
    }
}
