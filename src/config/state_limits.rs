//! How long an agent may stay in a state before the Agents view marks the row:
//! `thresholds.states` in the settings, e.g. `{"wrap": [120, 300], "notReady": [900, 1800]}`.

use floorview_reporting::enums::{normalise, same_value};

use super::Level;

/// Warn and critical limits, in seconds, for one agent state.
#[derive(Debug, Clone, PartialEq)]
pub struct StateLimit {
    /// The state id, folded (lower case, letters and digits only) so `notReady`,
    /// `NotReady` and `not_ready` name the same state, as the API's own values vary.
    pub state: String,
    pub warn_s: f64,
    pub critical_s: f64,
}

/// The limits of every state that has one.
#[derive(Debug, Clone, PartialEq)]
pub struct StateLimits(pub Vec<StateLimit>);

impl Default for StateLimits {
    fn default() -> Self {
        let limit = |state: &str, warn_s: f64, critical_s: f64| StateLimit {
            state: state.to_owned(),
            warn_s,
            critical_s,
        };
        // A wrap past 2 min is a habit, past 5 a problem; a break of 15 min is normal,
        // past 30 min it is not; a ringing phone should be picked up within seconds.
        StateLimits(vec![
            limit("wrap", 120.0, 300.0),
            limit("notready", 900.0, 1800.0),
            limit("held", 120.0, 300.0),
            limit("pendingactive", 20.0, 45.0),
            limit("park", 300.0, 600.0),
        ])
    }
}

impl StateLimits {
    /// The limit of state `state_id` (any spelling), if it has one.
    pub fn get(&self, state_id: &str) -> Option<&StateLimit> {
        // Without allocating: every agent of the floor is judged every few seconds.
        self.0.iter().find(|l| same_value(&l.state, state_id))
    }

    /// How an agent `seconds` into state `state_id` stands.
    pub fn level(&self, state_id: &str, seconds: f64) -> Level {
        self.get(state_id)
            .map_or(Level::Normal, |l| Level::of(seconds, l.warn_s, l.critical_s))
    }

    /// Sets (or replaces) one state's limit.
    pub fn set(&mut self, state_id: &str, warn_s: f64, critical_s: f64) {
        let state = normalise(state_id);
        self.0.retain(|l| l.state != state);
        self.0.push(StateLimit {
            state,
            warn_s,
            critical_s,
        });
    }

    /// Removes one state's limit.
    pub fn remove(&mut self, state_id: &str) {
        let state = normalise(state_id);
        self.0.retain(|l| l.state != state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_spelling_of_a_state_finds_its_limit() {
        let limits = StateLimits::default();
        assert_eq!(limits.level("NotReady", 899.0), Level::Normal);
        assert_eq!(limits.level("not_ready", 900.0), Level::Warn);
        assert_eq!(limits.level("notready", 1800.0), Level::Critical);
        assert_eq!(limits.level("WRAP", 301.0), Level::Critical);
        assert_eq!(limits.level("idle", 100_000.0), Level::Normal);
    }

    #[test]
    fn setting_a_limit_replaces_the_old_one() {
        let mut limits = StateLimits::default();
        limits.set("Wrap", 10.0, 20.0);
        assert_eq!(limits.level("wrap", 15.0), Level::Warn);
        assert_eq!(limits.0.iter().filter(|l| l.state == "wrap").count(), 1);
        limits.remove("wrap");
        assert_eq!(limits.level("wrap", 1e6), Level::Normal);
    }
}
