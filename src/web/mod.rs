//! The browser half of the dashboard.
pub fn mount() {}
