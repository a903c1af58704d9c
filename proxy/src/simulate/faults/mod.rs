//! Fault injection: rules that make the five endpoints fail in the ways a real
//! upstream does, switched on by `--fault` flags or the loopback-only `/__faults`
//! control API, and counted so tests can check how clients reacted.

mod control;
pub mod inject;
mod kind;
mod mutate;
mod registry;
mod spec;

pub use control::{is_loopback, router, FAULTS_PATH};
pub use kind::FaultKind;
pub use mutate::HUGE_BYTES;
pub use registry::{Faults, FaultsView};
pub use spec::{FaultSpec, RuleView, SpecError, Trigger};
