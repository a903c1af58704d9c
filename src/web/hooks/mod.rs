//! Browser plumbing as hooks: each registers with the browser when a component
//! mounts and unregisters when its owner is cleaned up, so no caller removes a
//! listener or clears a timer by hand (issue #16).

mod hash;
mod interval;
mod window_event;

pub use hash::use_hash;
pub use interval::use_interval;
pub use window_event::use_window_event;
