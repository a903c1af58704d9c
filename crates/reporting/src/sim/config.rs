//! The scale of a simulated contact centre.

use thiserror::Error;

/// How big the simulated organisation is, and the seed that makes it repeatable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimConfig {
    pub seed: u64,
    pub teams: usize,
    pub agents_per_team: usize,
    pub work_types: usize,
    pub contact_lists: usize,
}

impl Default for SimConfig {
    /// A floor a demo can show on one screen: four teams, five channels, three lists.
    fn default() -> Self {
        SimConfig {
            seed: 42,
            teams: 4,
            agents_per_team: 12,
            work_types: 5,
            contact_lists: 3,
        }
    }
}

/// Most agents one simulator holds; ten times the largest floor we benchmark.
pub const MAX_AGENTS: usize = 100_000;

/// A scale the simulator refuses.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimConfigError {
    #[error("{0} must be at least 1")]
    Zero(&'static str),
    #[error("{what} is {value}, more than the {max} the simulator supports")]
    TooLarge {
        what: &'static str,
        value: usize,
        max: usize,
    },
}

impl SimConfig {
    /// Checks the scale is one the simulator can run.
    pub fn validate(&self) -> Result<(), SimConfigError> {
        for (what, value) in [
            ("teams", self.teams),
            ("agents per team", self.agents_per_team),
            ("work types", self.work_types),
        ] {
            if value == 0 {
                return Err(SimConfigError::Zero(what));
            }
        }
        let limits = [
            ("teams", self.teams, 1_000),
            ("work types", self.work_types, 200),
            ("contact lists", self.contact_lists, 200),
            ("agents", self.teams.saturating_mul(self.agents_per_team), MAX_AGENTS),
        ];
        for (what, value, max) in limits {
            if value > max {
                return Err(SimConfigError::TooLarge { what, value, max });
            }
        }
        Ok(())
    }

    /// Total agents on the floor.
    pub fn agents(&self) -> usize {
        self.teams * self.agents_per_team
    }
}
