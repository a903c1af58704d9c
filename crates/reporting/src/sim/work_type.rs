//! A work type: its channel, who serves it, and the interactions waiting for them.

use std::collections::VecDeque;

use super::agent::{pick_kind, SimSecond};
use super::channel::Channel;
use super::random::Draw;

/// An interaction not yet with an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub kind: usize,
    /// When it entered its current stage (self-service or queue).
    pub since: SimSecond,
    /// When it leaves that stage by itself: self-service ends, or the caller hangs up.
    pub until: SimSecond,
}

/// One work type of the simulated organisation.
#[derive(Debug, Clone)]
pub struct WorkType {
    pub id: String,
    pub name: String,
    pub channel: Channel,
    /// Agents (indices into the simulator's agents) who serve it.
    pub members: Vec<usize>,
    /// Idle agents in the order they became idle, with their idle token; entries go
    /// stale when the agent leaves idle and are dropped when met.
    pub idle_pool: VecDeque<(usize, u64)>,
    pub self_service: Vec<Waiting>,
    /// Oldest first.
    pub queue: VecDeque<Waiting>,
    /// Mean arrivals per second at the daily average.
    base_rate: f64,
    next_arrival: f64,
    /// Shifts this work type's busy and quiet spells against the others'.
    phase: f64,
}

/// Share of staffed capacity the average demand asks for; with the ±35% swing of
/// the demand cycle and agents away on breaks, peaks exceed capacity.
const TARGET_OCCUPANCY: f64 = 0.85;

/// Length of one busy-and-quiet cycle of arrivals, so queues visibly build and drain.
const DEMAND_CYCLE_SECONDS: f64 = 1800.0;

impl WorkType {
    pub fn new(id: String, name: String, channel: Channel, phase: f64) -> Self {
        WorkType {
            id,
            name,
            channel,
            members: Vec::new(),
            idle_pool: VecDeque::new(),
            self_service: Vec::new(),
            queue: VecDeque::new(),
            base_rate: 0.0,
            next_arrival: 0.0,
            phase,
        }
    }

    /// Sets the arrival rate from the staffing: on average the floor copes, at the
    /// peaks of each demand cycle it does not and queues build, then drain. An
    /// unstaffed work type still gets a trickle, which then waits and abandons.
    pub fn plan_demand(&mut self) {
        let staffed = self.members.len() as f64;
        // Multiline agents take new interactions whenever the queue has any, so a
        // queue only builds once every agent is at capacity.
        let concurrency = self.channel.capacity() as f64;
        let cycle = self.channel.handle_mean() + self.channel.wrap_mean() / concurrency + 10.0;
        self.base_rate = if self.channel.is_outbound() {
            0.0
        } else if staffed == 0.0 {
            1.0 / 120.0
        } else {
            TARGET_OCCUPANCY * staffed * concurrency / cycle
        };
    }

    /// Arrivals, self-service exits and abandons at second `t`.
    pub fn step(&mut self, t: SimSecond, draw: &mut Draw) {
        if self.base_rate > 0.0 {
            let swing = 1.0 + 0.35 * (std::f64::consts::TAU * (t as f64 / DEMAND_CYCLE_SECONDS + self.phase)).sin();
            let rate = self.base_rate * swing;
            while self.next_arrival <= t as f64 {
                self.next_arrival += draw.exponential(1.0 / rate).max(0.001);
                self.arrive(t, draw);
            }
        }
        let mut index = 0;
        while index < self.self_service.len() {
            if self.self_service[index].until <= t {
                let done = self.self_service.swap_remove(index);
                // Some callers finish in self-service and never queue.
                if !draw.chance(0.1) {
                    self.enqueue(done.kind, t, draw);
                }
            } else {
                index += 1;
            }
        }
        self.queue.retain(|w| w.until > t);
    }

    fn arrive(&mut self, t: SimSecond, draw: &mut Draw) {
        let kind = pick_kind(self.channel, draw);
        if draw.chance(self.channel.self_service_share()) {
            self.self_service.push(Waiting {
                kind,
                since: t,
                until: t + draw.between(15, 90),
            });
        } else {
            self.enqueue(kind, t, draw);
        }
    }

    fn enqueue(&mut self, kind: usize, t: SimSecond, draw: &mut Draw) {
        let until = match self.channel.patience_mean() {
            Some(mean) => t + draw.exponential(mean).round() as SimSecond + 5,
            None => SimSecond::MAX,
        };
        self.queue.push_back(Waiting { kind, since: t, until });
    }
}
