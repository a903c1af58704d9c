//! Outbound contact lists worked by a predictive dialler: attempts grow, penetration
//! and saturation follow.

use std::collections::VecDeque;

use super::agent::SimSecond;
use super::random::Draw;
use crate::models::{ListActivity, KIND_LIST_ACTIVITY};

/// Share of attempts that end busy and must be tried again.
const BUSY_SHARE: f64 = 0.12;

/// One contact list's progress.
#[derive(Debug, Clone)]
pub struct ContactList {
    pub name: String,
    total: u32,
    attempted: u32,
    attempts: u64,
    busy: u32,
    pass_attempted: u32,
    pass_attempts: u64,
    /// When each record now with the dialler comes back.
    in_flight: VecDeque<SimSecond>,
    /// Attempts per second.
    rate: f64,
    next_attempt: f64,
}

impl ContactList {
    /// A list part-way through its first pass, as one finds it mid-morning.
    pub fn new(name: String, draw: &mut Draw) -> Self {
        let total = draw.between(3_000, 12_000) as u32;
        let attempted = (f64::from(total) * (0.1 + 0.5 * draw.unit())) as u32;
        let attempts = (f64::from(attempted) * 1.3) as u64;
        ContactList {
            name,
            total,
            attempted,
            attempts,
            busy: attempted / 20,
            pass_attempted: attempted,
            pass_attempts: attempts,
            in_flight: VecDeque::new(),
            rate: 0.3 + 1.2 * draw.unit(),
            next_attempt: 0.0,
        }
    }

    /// Dials whatever falls due at second `t`.
    pub fn step(&mut self, t: SimSecond, draw: &mut Draw) {
        while self.in_flight.front().is_some_and(|back| *back <= t) {
            self.in_flight.pop_front();
        }
        while self.next_attempt <= t as f64 {
            self.next_attempt += draw.exponential(1.0 / self.rate).max(0.01);
            self.attempt(t, draw);
        }
    }

    fn attempt(&mut self, t: SimSecond, draw: &mut Draw) {
        if self.attempted >= self.total && self.busy == 0 {
            if self.in_flight.is_empty() {
                // Worked out: the campaign loads a fresh list of the same name.
                *self = ContactList {
                    rate: self.rate,
                    next_attempt: self.next_attempt,
                    ..ContactList::fresh(self.name.clone(), self.total)
                };
            }
            return;
        }
        let fresh_share = f64::from(self.total - self.attempted.min(self.total)) / f64::from(self.total);
        if draw.chance(fresh_share) {
            self.attempted += 1;
            self.pass_attempted += 1;
        } else {
            self.busy = self.busy.saturating_sub(1);
        }
        self.attempts += 1;
        self.pass_attempts += 1;
        if draw.chance(BUSY_SHARE) {
            self.busy += 1;
        }
        self.in_flight.push_back(t + draw.between(15, 45));
        if self.pass_attempted >= self.total {
            self.pass_attempted = 0;
            self.pass_attempts = 0;
        }
    }

    fn fresh(name: String, total: u32) -> Self {
        ContactList {
            name,
            total,
            attempted: 0,
            attempts: 0,
            busy: 0,
            pass_attempted: 0,
            pass_attempts: 0,
            in_flight: VecDeque::new(),
            rate: 1.0,
            next_attempt: 0.0,
        }
    }

    /// The `listActivity` payload for this list.
    pub fn snapshot(&self) -> ListActivity {
        ListActivity {
            kind: Some(KIND_LIST_ACTIVITY.to_owned()),
            contact_list: Some(self.name.clone()),
            records_available: Some(self.total - self.attempted.min(self.total) + self.busy),
            records_attempted: Some(self.attempted),
            records_in_active: u32::try_from(self.in_flight.len()).ok(),
            calls_busy: Some(self.busy),
            passcount_penetration: Some(percent(u64::from(self.pass_attempted), u64::from(self.total))),
            passcount_saturation: Some(percent(self.pass_attempts, u64::from(self.pass_attempted))),
            list_penetration: Some(percent(u64::from(self.attempted), u64::from(self.total))),
            list_saturation: Some(percent(self.attempts, u64::from(self.attempted))),
        }
    }
}

/// A whole percentage, as the API types them; 0 when there is nothing to divide by.
fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 100.0 / whole as f64).round()
    }
}
