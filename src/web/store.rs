//! The last good data of every source, kept on screen while later polls fail.

use std::sync::Arc;

use floorview_reporting::{ChannelActivity, TeamActivity};
use leptos::prelude::*;

use super::clock::Clock;
use crate::config::Config;
use crate::freshness::{Freshness, SourceStatus};
use crate::live::FetchInstant;

/// A decoded payload and when it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<T> {
    pub value: T,
    pub at: FetchInstant,
    /// Rows skipped or other oddities overlooked while decoding.
    pub warnings: Vec<String>,
}

/// One source's slot: its last good data and its status.
#[derive(Debug)]
pub struct Slot<T: Send + Sync + 'static> {
    /// The parameter value (team id, work type id).
    pub id: Arc<str>,
    pub data: RwSignal<Option<Arc<Snapshot<T>>>>,
    pub status: RwSignal<SourceStatus>,
    /// Data older than this (ms) is stale even without an error.
    pub max_age_ms: f64,
}

impl<T: Send + Sync + 'static> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot {
            id: Arc::clone(&self.id),
            data: self.data,
            status: self.status,
            max_age_ms: self.max_age_ms,
        }
    }
}

impl<T: Send + Sync + 'static> Slot<T> {
    /// An empty slot for parameter `id`.
    pub fn new(id: &str, period_s: f64, timeout_s: f64) -> Slot<T> {
        Slot {
            id: Arc::from(id),
            data: RwSignal::new(None),
            status: RwSignal::new(SourceStatus::default()),
            // Three missed polls, or one poll that hangs to its timeout, and then some.
            max_age_ms: (3.0 * period_s).max(period_s + timeout_s + 2.0) * 1000.0,
        }
    }

    /// The slot's freshness at the clock's tick (subscribes to both).
    pub fn freshness(&self, clock: Clock) -> Freshness {
        let now = clock.get().mono_ms;
        self.status.with(|s| Freshness::of(s, now, self.max_age_ms))
    }

    /// Stores good data.
    pub fn accept(&self, snapshot: Snapshot<T>) {
        let at = snapshot.at;
        self.data.set(Some(Arc::new(snapshot)));
        self.status.update(|s| {
            s.last_ok_wall_ms = Some(at.wall_ms);
            s.last_ok_mono_ms = Some(at.mono_ms);
            s.error = None;
            s.config_error = false;
        });
    }

    /// Records a failed poll; the data stays.
    pub fn reject(&self, message: String, config_error: bool) {
        self.status.update(|s| {
            s.error = Some(message);
            s.config_error = config_error;
        });
    }
}

/// Every source of the configured floor, provided as context.
#[derive(Debug, Clone)]
pub struct Store {
    pub teams: Arc<[Slot<TeamActivity>]>,
    pub work_types: Arc<[Slot<ChannelActivity>]>,
}

impl Store {
    /// Empty slots for the configured teams and work types.
    pub fn new(config: &Config) -> Store {
        use floorview_reporting::Endpoint;
        let timeout = f64::from(config.timeout_s);
        let team_period = config.poll.seconds(Endpoint::TeamActivity);
        let channel_period = config.poll.seconds(Endpoint::ChannelActivity);
        Store {
            teams: config
                .teams
                .iter()
                .map(|id| Slot::new(id, team_period, timeout))
                .collect(),
            work_types: config
                .work_types
                .iter()
                .map(|id| Slot::new(id, channel_period, timeout))
                .collect(),
        }
    }

    /// Freshness of every source (for the status bar).
    pub fn freshness(&self, clock: Clock) -> Vec<Freshness> {
        let teams = self.teams.iter().map(|s| s.freshness(clock));
        teams
            .chain(self.work_types.iter().map(|s| s.freshness(clock)))
            .collect()
    }
}

/// The store of the enclosing app.
pub fn expect_store() -> Store {
    use_context::<Store>().unwrap_or_else(|| Store {
        teams: Arc::new([]),
        work_types: Arc::new([]),
    })
}
