//! Placeholder until the dashboard lands (issue "The dashboard: runtime config…").
fn main() {}
