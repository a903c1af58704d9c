//! The poller's browser half: drives the pure [`Scheduler`] (`src/poller.rs`) over the sources of
//! [`sources::plan`], each paired with its store slot: a timer armed for the next due
//! source (re-armed after every start and every completion, with a slow interval as
//! a safety net), requests through [`fetch::get`], results into the [`Store`], and
//! the tab's visibility and the network's state as pause and refresh signals.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use floorview_reporting::{decode, Endpoint};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use web_sys::AbortController;

use super::browser;
use super::fetch::{self, NoReply, Reply};
use super::hooks::{use_interval, use_window_event};
use super::store::Store;
use crate::backoff::Failure;
use crate::config::Config;
use crate::poller::Scheduler;
use crate::problem;
use crate::sources;

mod demand;
mod target;
use target::Target;

/// Whether the browser is online and the tab visible, for the status bar.
#[derive(Debug, Clone, Copy)]
pub struct Connectivity {
    pub online: RwSignal<bool>,
    pub hidden: RwSignal<bool>,
}

/// A source of [`sources::plan`] with the store slot its answers go to.
struct Polled {
    url: String,
    subject: String,
    target: Target,
    endpoint: Endpoint,
    /// Its position among the store's slots of `endpoint`.
    slot: usize,
    /// The configured period: a kiosk rests the source at a slower one while no
    /// page it shows now or next needs it (see [`demand`]).
    period_s: f64,
}

/// How often the poller checks for due sources without being woken.
const SAFETY_NET: Duration = Duration::from_secs(5);

struct Poller {
    scheduler: RefCell<Scheduler>,
    sources: Vec<Polled>,
    controllers: RefCell<Vec<Option<AbortController>>>,
    stopped: Cell<bool>,
    /// The one-shot wake-up for the next due source.
    timer: RefCell<Option<Timeout>>,
    /// When `timer` is due, while it has not fired: re-arming for the same instant
    /// keeps it (the safety net re-arms on each run, mostly for nothing new).
    armed_for_ms: Cell<Option<f64>>,
    timeout_ms: u32,
    kiosk: bool,
    perf_marks: bool,
}

/// Starts polling every configured source; everything stops on cleanup.
pub fn start(config: &Config, store: &Store) -> Connectivity {
    let connectivity = Connectivity {
        online: RwSignal::new(browser::online()),
        hidden: RwSignal::new(browser::tab_hidden()),
    };
    provide_context(connectivity);
    let (planned, refused) = sources::plan(config);
    for r in refused {
        if let Some(target) = Target::of(store, r.endpoint, r.slot) {
            target.reject(r.reason, true);
        }
    }
    let mut polled = Vec::with_capacity(planned.len());
    let mut periods = Vec::with_capacity(planned.len());
    for source in planned {
        if let Some(target) = Target::of(store, source.endpoint, source.slot) {
            periods.push(source.period_ms);
            polled.push(Polled {
                url: source.url,
                subject: source.subject,
                target,
                endpoint: source.endpoint,
                slot: source.slot,
                period_s: source.period_ms / 1000.0,
            });
        }
    }
    // The first batch (the cap's worth) is asked at once; the rest is spread 10 ms
    // per source, so a floor of hundreds is spread over its period.
    let spread_ms = 10.0 * polled.len() as f64;
    let scheduler = Scheduler::new(
        &periods,
        config.max_in_flight as usize,
        spread_ms,
        browser::random_seed(),
        browser::now_mono_ms(),
    );
    let poller = Rc::new(Poller {
        scheduler: RefCell::new(scheduler),
        controllers: RefCell::new(vec![None; polled.len()]),
        sources: polled,
        stopped: Cell::new(false),
        timer: RefCell::new(None),
        armed_for_ms: Cell::new(None),
        timeout_ms: config.timeout_s.saturating_mul(1000),
        kiosk: config.kiosk,
        perf_marks: config.perf_marks,
    });

    // Every start and completion re-arms the wake-up, so this only catches one lost
    // (a paused check that no event ended). Each run costs a task and two browser
    // calls; every second was a fifth of a quiet wallboard's tick.
    let p = Rc::clone(&poller);
    use_interval(SAFETY_NET, move || check(&p));
    let p = Rc::clone(&poller);
    use_window_event("visibilitychange", move |_| {
        let hidden = browser::tab_hidden();
        connectivity.hidden.set(hidden);
        if !hidden {
            wake(&p);
        }
    });
    let p = Rc::clone(&poller);
    use_window_event("online", move |_| {
        connectivity.online.set(true);
        wake(&p);
    });
    use_window_event("offline", move |_| connectivity.online.set(false));
    if config.kiosk {
        demand::follow(config, &poller);
    }
    let p = Rc::clone(&poller);
    check(&p);
    // The handles and the controllers are browser objects (not Send); cleanup runs on
    // the same thread, which SendWrapper checks.
    let stop = SendWrapper::new(move || {
        poller.stopped.set(true);
        // Dropping the timer cancels it and releases the poller it holds.
        poller.timer.borrow_mut().take();
        for c in poller.controllers.borrow_mut().iter_mut().filter_map(Option::take) {
            c.abort();
        }
    });
    on_cleanup(move || stop.take()());
    connectivity
}

/// Asks every idle source at once (tab shown again, network back).
fn wake(poller: &Rc<Poller>) {
    poller.scheduler.borrow_mut().refresh_all(browser::now_mono_ms());
    check(poller);
}

/// Starts the requests that are due, unless paused.
fn check(poller: &Rc<Poller>) {
    let paused = (!poller.kiosk && browser::tab_hidden()) || !browser::online();
    if poller.stopped.get() || paused {
        return;
    }
    let due = poller.scheduler.borrow_mut().take_due(browser::now_mono_ms());
    for id in due {
        poll_one(poller, id);
    }
    arm(poller);
}

/// Sets the wake-up for the next due source. At the concurrency cap there is none:
/// the next completion checks again (a zero-delay timer would spin).
fn arm(poller: &Rc<Poller>) {
    let next = {
        let scheduler = poller.scheduler.borrow();
        if scheduler.at_capacity() {
            None
        } else {
            scheduler.next_due_ms()
        }
    };
    if next == poller.armed_for_ms.get() {
        return;
    }
    poller.armed_for_ms.set(next);
    let timer = next.map(|due| {
        // Rounded up: a timer that fires before its source is due would find nothing
        // to do and leave the next wake-up to the safety net.
        let wait = (due - browser::now_mono_ms()).clamp(0.0, 3_600_000.0).ceil() as u32;
        let p = Rc::clone(poller);
        Timeout::new(wait, move || {
            p.armed_for_ms.set(None);
            check(&p);
        })
    });
    *poller.timer.borrow_mut() = timer;
}

/// Sends source `id`'s request now and handles its reply when it comes.
fn poll_one(poller: &Rc<Poller>, id: usize) {
    let Some(source) = poller.sources.get(id) else { return };
    let p = Rc::clone(poller);
    let pending = fetch::get(&source.url, poller.timeout_ms, move |c| {
        if let Some(slot) = p.controllers.borrow_mut().get_mut(id) {
            *slot = Some(c);
        }
    });
    spawn_local(receive(Rc::clone(poller), id, pending));
}

async fn receive(poller: Rc<Poller>, id: usize, pending: impl std::future::Future<Output = Result<Reply, NoReply>>) {
    let Some(source) = poller.sources.get(id) else { return };
    let reply = pending.await;
    if poller.stopped.get() {
        return;
    }
    if let Some(slot) = poller.controllers.borrow_mut().get_mut(id) {
        *slot = None;
    }
    if poller.perf_marks && reply.is_ok() {
        browser::measure_until_settled(&format!("floorview:apply {}", source.url));
    }
    let result = apply(source, reply);
    poller
        .scheduler
        .borrow_mut()
        .complete(id, browser::now_mono_ms(), result.as_ref().copied());
    check(&poller);
}

/// Puts a reply into the store; the failure, if any, for the scheduler.
fn apply(source: &Polled, reply: Result<Reply, NoReply>) -> Result<(), Failure> {
    let (failure, message) = match reply {
        Err(NoReply::Timeout) => (Failure::Timeout, None),
        Err(NoReply::Network(_)) => (Failure::Network, None),
        Err(NoReply::TooLarge(bytes)) => (Failure::BadBody, Some(problem::too_large(bytes))),
        Ok(r) if (200..300).contains(&r.status) => match source.target.accept(&r) {
            Ok(()) => return Ok(()),
            Err(message) => (Failure::BadBody, Some(message)),
        },
        Ok(r) => (
            Failure::from_status(r.status, r.retry_after.as_deref(), r.at.server_now_ms()),
            r.body.read(decode::error_message),
        ),
    };
    let text = problem::describe(&failure, message.as_deref(), &source.subject);
    source.target.reject(text, failure.is_config());
    Err(failure)
}
