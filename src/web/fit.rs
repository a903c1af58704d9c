//! Kiosk views fitting their screen, the browser half: the fit area's size and the
//! root type size, read when the area changes size (a `ResizeObserver`, never per
//! frame); the plan and the page the wall clock shows; the plan's zoom and columns
//! handed to CSS as custom properties through the CSSOM (which the CSP allows).

use std::sync::Arc;

use floorview_reporting::ChannelActivity;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::config::Config;
use crate::fit::{self, Plan, Section};
use crate::web::clock::use_clock;
use crate::web::store::Slot;

/// The fit area's size and the root font size, in CSS px.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Area {
    pub width: f64,
    pub height: f64,
    pub rem: f64,
    /// The zoom at which the screen's smallest text is at the readable minimum.
    pub readable_zoom: f64,
}

/// A kiosk view's plan and the page on screen.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub plan: Memo<Plan>,
    pub page: Memo<usize>,
}

impl Paging {
    /// The cards of `section` on the page on screen.
    pub fn cards(self, section: usize) -> Vec<usize> {
        let page = self.page.get();
        self.plan
            .with(|p| p.pages.get(page).map(|pg| pg.cards(section).collect()))
            .unwrap_or_default()
    }

    /// `2/3` while the view has pages.
    pub fn label(self) -> Option<String> {
        fit::page_label(self.page.get(), self.plan.with(|p| p.pages.len()))
    }
}

/// Whether the app runs as a kiosk.
pub fn is_kiosk() -> bool {
    use_context::<Config>().is_some_and(|c| c.kiosk)
}

/// Paging for the view whose fit area is `node`: `sections` says, for an area,
/// what its cards need. Outside kiosk mode everything is on one page.
pub fn use_paging(node: NodeRef<html::Div>, sections: impl Fn(Area) -> Vec<Section> + Send + Sync + 'static) -> Paging {
    let config = use_context::<Config>().unwrap_or_default();
    let area = use_area(node);
    let (kiosk, mode, slot_ms) = (config.kiosk, config.fit, f64::from(config.rotate_s) * 1000.0);
    let plan = Memo::new(move |_| {
        let a = area.get();
        let sections = sections(a);
        match (kiosk, a.height > 0.0) {
            (true, true) => fit::plan(a.width, a.height, &sections, mode, a.readable_zoom),
            // Nothing until the area is measured, rather than every card for a frame.
            (true, false) => Plan::empty(sections.len()),
            (false, _) => Plan::single(&sections),
        }
    });
    let clock = use_clock();
    let page = Memo::new(move |_| {
        let pages = plan.with(|p| p.pages.len());
        // Only a view with pages follows the clock.
        if pages > 1 {
            fit::page_at(clock.get().wall_ms, slot_ms, pages)
        } else {
            0
        }
    });
    if kiosk {
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            plan.with(|p| {
                let _ = el.set_attribute("data-plan", &p.layout());
                let style = web_sys::HtmlElement::style(&el);
                let _ = style.set_property("--fit-zoom", &format!("{:.3}", p.zoom));
                for (i, columns) in p.columns.iter().enumerate() {
                    let _ = style.set_property(&format!("--fit-columns-{i}"), &columns.to_string());
                }
            });
        });
    }
    Paging { plan, page }
}

/// How many interaction types each work type has (a queue panel's blocks), 1 before
/// its data arrives.
pub fn interaction_types(work_types: Arc<[Slot<ChannelActivity>]>) -> Memo<Vec<usize>> {
    Memo::new(move |_| {
        work_types
            .iter()
            .map(|s| s.data.with(|d| d.as_ref().map_or(1, |d| d.value.rows.len())))
            .collect()
    })
}

/// The root font size in px (the kiosk type size and the text scale applied).
pub fn root_font_px() -> f64 {
    web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|s| s.get_property_value("font-size").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .filter(|px| *px > 0.0)
        .unwrap_or(16.0)
}

/// `node`'s size, read when it is mounted and whenever it changes size; the
/// observer is disconnected on cleanup.
pub fn use_area(node: NodeRef<html::Div>) -> RwSignal<Area> {
    let area = RwSignal::new(Area::default());
    let measure = move || {
        let Some(el) = node.get_untracked() else { return };
        let rem = root_font_px();
        let screen = web_sys::window().map_or((0.0, 0.0), |w| {
            let px = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            (px(w.inner_width()), px(w.inner_height()))
        });
        let next = Area {
            width: f64::from(el.client_width()),
            height: f64::from(el.client_height()),
            rem,
            readable_zoom: fit::readable_zoom(screen.0, screen.1, rem),
        };
        if area.get_untracked() != next {
            area.set(next);
        }
    };
    let callback = Closure::<dyn Fn()>::new(measure);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    let held = StoredValue::new(SendWrapper::new((observer, callback)));
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            held.with_value(|h| {
                if let Some(observer) = &h.0 {
                    observer.observe(&el);
                }
            });
            measure();
        }
    });
    on_cleanup(move || {
        held.with_value(|h| {
            if let Some(observer) = &h.0 {
                observer.disconnect();
            }
        });
    });
    area
}

/// `· 2/3`, discreetly, while a kiosk view has pages.
#[component]
pub fn PageLabel(paging: Paging) -> impl IntoView {
    move || {
        paging
            .label()
            .map(|text| view! { <span class="fit-page-label" data-testid="fit-page">{format!(" · {text}")}</span> })
    }
}

/// The cards of `section` on the page showing, in a grid of `class` (the section's
/// fit rules size `fit-grid--N`): `card` builds card `i`, once per card while it
/// stays on the page.
#[component]
pub fn FitGrid<V, F>(paging: Paging, section: usize, class: &'static str, card: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(usize) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <div class=format!("{class} fit-grid--{section}")>
            <For each=move || paging.cards(section) key=|i| *i let:i>
                {card(i)}
            </For>
        </div>
    }
}
