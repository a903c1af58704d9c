//! What every handler shares.

use std::sync::Arc;

use crate::simulate::faults::Faults;
use crate::simulate::floor::Floor;

/// The simulated floor, the organisation it belongs to, and the fault rules.
#[derive(Clone)]
pub struct AppState {
    pub floor: Arc<Floor>,
    /// The only organisation id the simulator answers for.
    pub org: Arc<str>,
    pub faults: Arc<Faults>,
}
