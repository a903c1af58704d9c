//! The clock's browser half: the one shared 1 Hz clock (`src/clock.rs` holds the
//! pure instants and live durations it ticks).
//!
//! Every ticking cell reads this single signal, so one timer drives the whole page;
//! only cells on screen subscribe (a measured trap: thousands of subscribers to one
//! signal cost hundreds of ms per tick).

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

/// The shared clock, provided as context.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub RwSignal<Tick>);

impl Clock {
    /// The current tick (subscribes the caller).
    pub fn get(self) -> Tick {
        self.0.get()
    }

    /// Moves the clock to `tick`, waking every reader on screen.
    pub fn advance(self, tick: Tick) {
        long_lived::set(self.0, tick);
    }
}

/// Starts the clock (stopped on cleanup) and provides it to descendants.
pub fn provide_clock() -> Clock {
    let clock = Clock(RwSignal::new(Tick::now()));
    use_interval(Duration::from_secs(1), move || clock.advance(Tick::now()));
    provide_context(clock);
    clock
}

/// The clock of the enclosing app; a still clock when none was provided (a
/// component mounted alone in a test).
pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(|| Clock(RwSignal::new(Tick::now())))
}
