//! The live simulated floor: one simulator advanced with wall time × speed by a
//! background task, and the JSON bodies it produced in the current simulated second.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use floorview_reporting::sim::{SimConfig, SimConfigError, Simulator};
use floorview_reporting::{Catalog, Query};

/// The simulator, its clock and a cache of serialised bodies.
pub struct Floor {
    sim: RwLock<Simulator>,
    clock: SimClock,
    cache: Mutex<BodyCache>,
}

/// Maps wall time to simulated time: `start + elapsed × speed`.
struct SimClock {
    wall_start: Instant,
    sim_start: DateTime<Utc>,
    speed: f64,
}

impl SimClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = self.wall_start.elapsed().as_secs_f64() * self.speed;
        let millis = (elapsed * 1000.0).min(i64::MAX as f64 / 2.0) as i64;
        self.sim_start + chrono::Duration::milliseconds(millis)
    }
}

/// Bodies of one simulated second, keyed by normalised path and query. Every body
/// depends only on the query and the simulator's state, which changes only when
/// the clock ticks, so many wallboards polling the same team cost one serialisation
/// per second. Cleared as soon as the second changes, so it never outgrows the
/// distinct queries of one second.
#[derive(Default)]
struct BodyCache {
    second: Option<DateTime<Utc>>,
    bodies: HashMap<String, Bytes>,
}

impl Floor {
    /// A floor whose simulated clock starts now and runs `speed` times wall time.
    pub fn new(config: SimConfig, speed: f64) -> Result<Floor, SimConfigError> {
        let (wall_now, instant_now) = (Utc::now(), Instant::now());
        // Whole seconds: the API's timestamps have none below (yyyy-MM-ddTHH:mm:ssZ).
        // The clock starts at that whole second, so at speed 1 it reads wall time.
        let sim_start = wall_now.trunc_subsecs(0);
        let past_the_second = (wall_now - sim_start).to_std().unwrap_or_default();
        let wall_start = instant_now.checked_sub(past_the_second).unwrap_or(instant_now);
        let sim = Simulator::new(config, sim_start)?;
        Ok(Floor {
            sim: RwLock::new(sim),
            clock: SimClock {
                wall_start,
                sim_start,
                speed,
            },
            cache: Mutex::new(BodyCache::default()),
        })
    }

    /// Advances the simulator to the clock's current second.
    pub fn catch_up(&self) {
        let target = self.clock.now();
        self.sim
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .advance_to(target);
    }

    /// The simulated clock's reading, to the millisecond: the server's "now" in
    /// the simulated world, which the payloads reach at the next tick.
    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The simulated instant the payloads describe.
    pub fn now(&self) -> DateTime<Utc> {
        self.read(Simulator::now)
    }

    /// Runs `f` on the simulator as it is now.
    pub fn read<R>(&self, f: impl FnOnce(&Simulator) -> R) -> R {
        f(&self.sim.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Teams, work types and contact lists.
    pub fn catalog(&self) -> Catalog {
        self.read(Simulator::catalog)
    }

    /// The JSON body answering `query`; `None` when the id it names does not exist.
    pub fn body(&self, query: &Query) -> Option<Bytes> {
        let sim = self.sim.read().unwrap_or_else(PoisonError::into_inner);
        let now = sim.now();
        let key = query.path_and_query();
        if let Some(body) = self.cached(now, &key) {
            return Some(body);
        }
        let body = Bytes::from(sim.body(query)?);
        drop(sim);
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.second == Some(now) {
            cache.bodies.insert(key, body.clone());
        }
        Some(body)
    }

    fn cached(&self, now: DateTime<Utc>, key: &str) -> Option<Bytes> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.second != Some(now) {
            cache.second = Some(now);
            cache.bodies.clear();
            return None;
        }
        cache.bodies.get(key).cloned()
    }
}

/// Ticks the floor once a second for as long as the server runs, so a request
/// never pays for catching up on simulated time.
pub async fn tick_forever(floor: std::sync::Arc<Floor>) {
    let mut interval = tokio::time::interval(Duration::from_secs(1));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        interval.tick().await;
        let floor = floor.clone();
        // Stepping thousands of agents is CPU work: keep it off the async workers.
        if let Err(e) = tokio::task::spawn_blocking(move || floor.catch_up()).await {
            tracing::error!(error = %e, "the simulator's tick failed");
        }
    }
}
