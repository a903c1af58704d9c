//! Breaches in the browser: the tab title counts them and a polite live region
//! announces what is new, at most every 30 s (see [`crate::alerts`]).

use std::sync::{Arc, Weak};

use leptos::html;
use leptos::prelude::*;

use super::browser;
use super::clock::use_clock;
use super::store::use_store;
use crate::alerts::{agent_breaches_until, queue_breaches_until, title, Announcer, Breach};
use crate::config::Config;

/// The app's name in the tab title.
const TITLE: &str = "Floorview";
/// Least time between two announcements.
const ANNOUNCE_GAP_MS: f64 = 30_000.0;
/// How often agents' time in state is judged against the limits.
const AGENT_CHECK_MS: f64 = 5_000.0;

/// The tab title and the screen-reader announcements of threshold breaches.
#[component]
pub fn BreachAlerts() -> impl IntoView {
    let store = use_store();
    let clock = use_clock();
    let config = use_context::<Config>().unwrap_or_default();
    let (thresholds, kiosk) = (config.thresholds, config.kiosk);
    // Agents are judged every few seconds, not every tick: at 10,000 agents a tick
    // must stay within a couple of milliseconds, and the title and announcements do
    // not need the second.
    // A signal moved on by the clock, not a memo of it: a memo would be checked on
    // every tick, and with it each of the team judgements that read it (50 memos on
    // a large floor, most of a quiet tick's reactive work).
    let coarse_now = clock.follow(|t| coarse(t.mono_ms));
    // One memo per team, so a team's poll re-judges only its own agents, and then
    // only when the poll brought new data or an agent reaches a limit.
    let team_breaches: Vec<Memo<Vec<Breach>>> = store
        .users
        .iter()
        .map(|slot| {
            let (slot, limits) = (slot.clone(), thresholds.states.clone());
            let judged = slot.clone();
            judged_until(
                Memo::new(move |_| held(&slot.data)),
                move || coarse_now.get() * AGENT_CHECK_MS,
                move |now| {
                    judged.data.with_untracked(|d| {
                        d.as_ref().map_or((Vec::new(), f64::INFINITY), |d| {
                            agent_breaches_until(&judged.id, &d.value.rows, &limits, &d.at, now)
                        })
                    })
                },
            )
        })
        .collect();
    let agent_breaches = Memo::new(move |_| {
        let mut all: Vec<Breach> = Vec::new();
        for team in &team_breaches {
            team.with(|b| all.extend_from_slice(b));
        }
        all
    });
    // Queues follow the clock to the second (a wait crosses its limit on time),
    // but are judged only when a work type polls or the clock reaches the instant
    // the last judgement named. That instant is watched on the clock's tick, so a tick
    // costs one comparison, not a memo run and a check by every reader of the breaches.
    // Which data the work types hold is a memo of its own, read instead of 20 slots.
    let work_types = store.work_types.clone();
    let queue_data = Memo::new(move |_| work_types.iter().map(|s| held(&s.data)).collect::<Vec<_>>());
    let queue_until = StoredValue::new(f64::NEG_INFINITY);
    let queue_due = Trigger::new();
    clock.each_tick(move |t| {
        if queue_until.try_get_value().is_some_and(|until| t.mono_ms >= until) {
            queue_due.notify();
        }
    });
    let queue_breaches = judged_until(
        queue_data,
        move || {
            queue_due.track();
            clock.0.get_untracked().mono_ms
        },
        move |now| {
            let mut all: Vec<Breach> = Vec::new();
            let mut next = f64::INFINITY;
            for slot in store.work_types.iter() {
                slot.data.with_untracked(|d| {
                    if let Some(d) = d {
                        let (found, until) = queue_breaches_until(&slot.id, &d.value.rows, &d.at, now, &thresholds);
                        all.extend(found);
                        next = next.min(until);
                    }
                });
            }
            queue_until.set_value(next);
            (all, next)
        },
    );
    let breaches = Memo::new(move |_| {
        let mut all: Vec<Breach> = agent_breaches.get();
        queue_breaches.with(|q| all.extend_from_slice(q));
        all
    });
    let region = NodeRef::<html::Div>::new();
    let announcer = StoredValue::new(Announcer::new(ANNOUNCE_GAP_MS));
    // Side effects on the page only (title, live region text), no signal writes.
    // Setting document.title costs about as much as the rest of a tick (the browser
    // redraws its tab strip), so it is set only when its words change.
    // A kiosk's tab strip is rarely seen (full screen) and its floor large: its
    // title follows the breaches every few seconds, not with every poll.
    let shown_title = StoredValue::new(String::new());
    Effect::new(move |_| {
        let text = if kiosk {
            coarse_now.track();
            breaches.with_untracked(|b| title(TITLE, b))
        } else {
            breaches.with(|b| title(TITLE, b))
        };
        if shown_title.with_value(|t| *t != text) {
            browser::set_title(&text);
            shown_title.set_value(text);
        }
    });
    Effect::new(move |_| {
        breaches.with(|b| {
            let said = announcer
                .try_update_value(|a| a.update(b, browser::now_mono_ms()))
                .flatten();
            if let (Some(text), Some(el)) = (said, region.get()) {
                el.set_text_content(Some(&text));
            }
        });
    });
    on_cleanup(|| browser::set_title(TITLE));
    view! {
        <div
            class="visually-hidden"
            aria-live="polite"
            aria-atomic="true"
            data-testid="announcer"
            data-breaches=move || breaches.with(Vec::len)
            node_ref=region
        ></div>
    }
}

/// The agents' judgement period `mono_ms` falls in.
fn coarse(mono_ms: f64) -> f64 {
    (mono_ms / AGENT_CHECK_MS).floor()
}

/// Which data a signal holds, tracked: new data is a new `Arc`. Held weakly, so
/// the old allocation stays reserved (its contents are freed) and a later snapshot
/// can never reuse its address and pass for it.
#[derive(Clone)]
struct Held<T>(Option<Weak<T>>);

impl<T> PartialEq for Held<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Weak::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

fn held<T: Send + Sync + 'static>(data: &RwSignal<Option<Arc<T>>>) -> Held<T> {
    data.with(|d| Held(d.as_ref().map(Arc::downgrade)))
}

/// A breach list judged again only when its data changes (`data`, a memo that
/// changes only then) or the time (`now`, tracked) reaches the instant its last
/// judgement said time alone could next change it; in between, each tick costs a
/// comparison.
fn judged_until<D: PartialEq + Clone + Send + Sync + 'static>(
    data: Memo<D>,
    now: impl Fn() -> f64 + Send + Sync + 'static,
    judge: impl Fn(f64) -> (Vec<Breach>, f64) + Send + Sync + 'static,
) -> Memo<Vec<Breach>> {
    let last = StoredValue::new((None::<D>, f64::NEG_INFINITY));
    Memo::new_owning(move |prev: Option<Vec<Breach>>| {
        let now = now();
        let still = data.with(|d| last.with_value(|(was, until)| was.as_ref() == Some(d) && now < *until));
        match prev {
            Some(prev) if still => (prev, false),
            prev => {
                let (breaches, until) = judge(now);
                last.set_value((Some(data.get_untracked()), until));
                let changed = prev.as_ref() != Some(&breaches);
                (breaches, changed)
            }
        }
    })
}
