//! The clock's browser half: the one shared 1 Hz clock (`src/clock.rs` holds the
//! pure instants and live durations it ticks).
//!
//! Every ticking cell reads this single signal, so one timer drives the whole page;
//! only cells on screen subscribe (a measured trap: thousands of subscribers to one
//! signal cost hundreds of ms per tick).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::browser;
use super::hooks::use_interval;
use super::long_lived;

/// One tick: the monotonic and wall clocks read together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    pub mono_ms: f64,
    pub wall_ms: f64,
}

impl Tick {
    /// The clocks now.
    pub fn now() -> Tick {
        Tick {
            mono_ms: browser::now_mono_ms(),
            wall_ms: browser::now_wall_ms(),
        }
    }
}

/// The shared clock, provided as context: a signal for what the screen shows, and
/// plain callbacks for the per-second checks that seldom act (see [`Clock::each_tick`]).
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub RwSignal<Tick>, Listeners);

/// The callbacks called on each tick, each with the id that removes it.
type Listeners = StoredValue<Vec<(u64, Rc<dyn Fn(Tick)>)>, LocalStorage>;

impl Clock {
    /// A clock at `tick` that moves only when advanced.
    pub fn new(tick: Tick) -> Clock {
        Clock(RwSignal::new(tick), StoredValue::new_local(Vec::new()))
    }

    /// The current tick (subscribes the caller).
    pub fn get(self) -> Tick {
        self.0.get()
    }

    /// Calls `check` with every tick until the calling owner is cleaned up. For a
    /// check that seldom acts (a deadline, a period's end, a text written straight to
    /// the DOM): an effect on the clock costs a task wake-up, a run and a
    /// re-subscription on every tick, several times what such a check does.
    pub fn each_tick(self, check: impl Fn(Tick) + 'static) {
        let id = NEXT_LISTENER.with(|n| n.replace(n.get() + 1));
        self.1.try_update_value(|l| l.push((id, Rc::new(check))));
        let listeners = self.1;
        on_cleanup(move || {
            listeners.try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }

    /// A signal of `of(tick)`, moved on by a check of the tick and written only when
    /// its value changes: its readers wake once a minute or a period, not every tick.
    pub fn follow<T: PartialEq + Send + Sync + 'static>(self, of: impl Fn(Tick) -> T + 'static) -> ReadSignal<T> {
        let signal = RwSignal::new(of(self.0.get_untracked()));
        self.each_tick(move |t| {
            let now = of(t);
            if signal.try_with_untracked(|was| *was != now) == Some(true) {
                signal.set(now);
            }
        });
        signal.read_only()
    }

    /// Moves the clock to `tick`, waking every reader on screen and calling every
    /// check.
    pub fn advance(self, tick: Tick) {
        long_lived::set(self.0, tick);
        // Copied out first: a check may add or remove checks.
        let checks: Vec<Rc<dyn Fn(Tick)>> = self
            .1
            .try_with_value(|l| l.iter().map(|(_, f)| Rc::clone(f)).collect())
            .unwrap_or_default();
        for check in checks {
            check(tick);
        }
    }
}

thread_local! {
    static NEXT_LISTENER: Cell<u64> = const { Cell::new(0) };
}

/// Starts the clock (stopped on cleanup) and provides it to descendants.
pub fn provide_clock() -> Clock {
    let clock = Clock::new(Tick::now());
    use_interval(Duration::from_secs(1), move || clock.advance(Tick::now()));
    provide_context(clock);
    clock
}

/// The clock of the enclosing app; a still clock when none was provided (a
/// component mounted alone in a test).
pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(|| Clock::new(Tick::now()))
}
