//! Writing the signals that outlive the views reading them: the store's slots and
//! trends and the shared clock, which live as long as the dashboard while a kiosk
//! builds and drops every view every few seconds.
//!
//! Why this is needed (Leptos 0.8, `reactive_graph` 0.2.16): a memo or render effect that
//! is dropped never takes itself out of the subscriber sets of the signals it read, and
//! a signal never prunes its set. Each dropped view left one dead entry per (signal,
//! reader) pair behind, a weak reference that also kept the reader's allocation alive;
//! a kiosk rotating five views every 5 s grew its wasm memory by ~15 MB an hour that way.
//!
//! A write marks every subscriber *dirty*, and a dirty subscriber reads its sources
//! again, subscribing anew, whenever it next runs (effects at once, memos when next
//! read). So straight after a write the signal can let go of its whole set: the living
//! readers come back on their own, the dead ones are freed. Readers re-subscribe on
//! every run anyway, so this costs nothing they did not already do.

use leptos::prelude::*;
use leptos::reactive::graph::Source;

/// Sets `signal` to `value`, then releases its subscribers (see the module docs).
pub fn set<T: Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    signal.set(value);
    signal.clear_subscribers();
}

/// Updates `signal` in place, then releases its subscribers (see the module docs).
pub fn update<T: Send + Sync + 'static>(signal: RwSignal<T>, change: impl FnOnce(&mut T)) {
    signal.update(change);
    signal.clear_subscribers();
}
