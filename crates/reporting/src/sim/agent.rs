//! One simulated agent and the state machine it moves through.
//!
//! idle → pendingActive → active (⇄ held) → wrap (→ wrapWarning) → idle; email may
//! park before wrap; chat and SMS agents go multiline; outbound agents preview and
//! dial on their own; anyone may go not ready with a reason; shifts sign on and off.

use super::channel::Channel;
use super::names;
use super::random::Draw;
use crate::enums::StateId;

/// Sim time: whole seconds since the simulator's origin.
pub type SimSecond = i64;

/// A state that lasts until something else (dispatch) ends it.
pub const NEVER: SimSecond = SimSecond::MAX;

/// Wrap longer than this shows as `wrapwarning`.
pub const WRAP_WARNING_AFTER: SimSecond = 90;
/// Park longer than this shows as `parkwarning`.
pub const PARK_WARNING_AFTER: SimSecond = 240;

/// Why an agent is not ready or parked: `(reasonId, reasonName, mean seconds, weight)`.
const NOT_READY_REASONS: &[(&str, &str, f64, f64)] = &[
    ("break", "Break", 600.0, 0.45),
    ("lunch", "Lunch", 1800.0, 0.15),
    ("training", "Training", 1500.0, 0.1),
    ("meeting", "Meeting", 1200.0, 0.1),
    ("coaching", "Coaching", 900.0, 0.1),
    ("personal", "Personal Time", 300.0, 0.1),
];
const PARK_REASON: (&str, &str) = ("awaitingcustomer", "Awaiting Customer");

/// One interaction an agent holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// Index into the work type's channel's interaction types.
    pub kind: usize,
    pub started: SimSecond,
    pub ends: SimSecond,
}

/// A simulated agent.
#[derive(Debug, Clone)]
pub struct SimAgent {
    /// Derived from the agent's global number, so stable across runs.
    pub user_id: String,
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// "First Last", kept because every poll writes it.
    pub preferred_name: String,
    pub work_type: usize,
    pub state: StateId,
    pub reason: Option<(&'static str, &'static str)>,
    pub state_since: SimSecond,
    /// When the current state next changes on its own.
    pub next_change: SimSecond,
    /// When the current phase (wrap, park) ends, where it outlasts a warning.
    phase_end: SimSecond,
    pub signed_on: Option<SimSecond>,
    pub session: u64,
    shift_end: SimSecond,
    pub calls: Vec<Call>,
    /// The interaction type of the last call, for wrap and park counts.
    pub last_kind: usize,
    hold_at: Option<SimSecond>,
    /// Bumped on every entry to idle, so stale idle-pool entries can be recognised.
    pub idle_token: u64,
}

impl SimAgent {
    pub fn new(number: usize, work_type: usize) -> Self {
        let (first_name, last_name) = names::agent(number);
        SimAgent {
            user_id: names::user_id(number),
            first_name,
            last_name,
            preferred_name: format!("{first_name} {last_name}"),
            work_type,
            state: StateId::LoggedOff,
            reason: None,
            state_since: 0,
            next_change: 0,
            phase_end: 0,
            signed_on: None,
            session: 0,
            shift_end: 0,
            calls: Vec::new(),
            last_kind: 0,
            hold_at: None,
            idle_token: 0,
        }
    }

    pub fn is_signed_on(&self) -> bool {
        self.signed_on.is_some()
    }

    /// Whether dispatch may hand this agent one more interaction now.
    pub fn can_take(&self, channel: Channel) -> bool {
        match self.state {
            StateId::Idle => true,
            StateId::Active | StateId::Multiline => channel.capacity() > 1 && self.calls.len() < channel.capacity(),
            _ => false,
        }
    }

    /// Signs on at `t`, mid-shift when `since` lies before `t`. Returns true (the
    /// agent is now idle).
    pub fn sign_on(&mut self, t: SimSecond, since: SimSecond, session: u64, channel: Channel, draw: &mut Draw) -> bool {
        self.signed_on = Some(since);
        self.session = session;
        self.shift_end = (since + draw.between(4 * 3600, 8 * 3600)).max(t + 1800);
        self.become_idle(t, channel, draw);
        true
    }

    /// Moves the agent on when its state is due. Returns true when it became idle
    /// and should join the idle pool.
    pub fn on_due(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        match self.state {
            // Signing on needs a session number, which the simulator hands out.
            StateId::LoggedOff => false,
            StateId::Idle if t >= self.shift_end => self.log_off(t, draw),
            StateId::Idle if channel.is_outbound() && !draw.chance(0.03) => self.start_outbound(t, channel, draw),
            StateId::Idle => self.go_not_ready(t, draw),
            StateId::PendingActive => self.connect(t, channel, draw),
            StateId::Active | StateId::Multiline => self.progress_calls(t, channel, draw),
            StateId::Held => {
                self.set_state(StateId::Active, t);
                self.next_change = self.calls.first().map_or(t, |c| c.ends);
                false
            }
            StateId::Wrap if self.phase_end > t => {
                self.set_state(StateId::WrapWarning, t);
                self.next_change = self.phase_end;
                false
            }
            StateId::Park if self.phase_end > t => {
                self.set_state(StateId::ParkWarning, t);
                self.next_change = self.phase_end;
                false
            }
            StateId::Park | StateId::ParkWarning => {
                self.start_wrap(t, channel, draw);
                false
            }
            StateId::Preview => {
                self.set_state(StateId::PendingActive, t);
                self.next_change = t + draw.between(5, 25);
                false
            }
            _ => self.finish_wrap_or_break(t, channel, draw),
        }
    }

    /// Takes an interaction from the queue: rings when idle, or joins the calls
    /// already in hand (multiline).
    pub fn assign(&mut self, t: SimSecond, kind: usize, channel: Channel, draw: &mut Draw) {
        if self.state == StateId::Idle {
            self.calls.push(Call {
                kind,
                started: t,
                ends: NEVER,
            });
            self.set_state(StateId::PendingActive, t);
            let ring = if channel == Channel::Voice {
                draw.between(3, 12)
            } else {
                draw.between(1, 4)
            };
            self.next_change = t + ring;
        } else {
            let ends = t + draw.duration(channel.handle_mean(), 0.7, 20);
            self.calls.push(Call { kind, started: t, ends });
            self.set_state(StateId::Multiline, t);
            self.next_change = self.next_change.min(ends);
        }
        self.last_kind = kind;
    }

    /// Signs off immediately (used when a simulator starts with part of the floor
    /// away). The agent signs back on at `back_at`.
    pub fn start_off_shift(&mut self, back_at: SimSecond) {
        self.signed_on = None;
        self.state = StateId::LoggedOff;
        self.next_change = back_at;
    }

    fn set_state(&mut self, state: StateId, t: SimSecond) {
        self.state = state;
        self.state_since = t;
        if !matches!(self.state, StateId::NotReady | StateId::Park | StateId::ParkWarning) {
            self.reason = None;
        }
    }

    fn become_idle(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        self.set_state(StateId::Idle, t);
        self.calls.clear();
        self.hold_at = None;
        self.idle_token += 1;
        let idle_ends = if channel.is_outbound() {
            // The dialler hands the next record over within seconds.
            t + draw.between(2, 10)
        } else {
            // Inbound idle usually ends by dispatch; on its own only by going not
            // ready (or by the shift ending).
            t + draw.exponential(2400.0).round() as SimSecond + 30
        };
        self.next_change = idle_ends.min(self.shift_end);
        true
    }

    fn log_off(&mut self, t: SimSecond, draw: &mut Draw) -> bool {
        self.set_state(StateId::LoggedOff, t);
        self.signed_on = None;
        self.calls.clear();
        self.next_change = t + draw.between(900, 2700);
        false
    }

    fn go_not_ready(&mut self, t: SimSecond, draw: &mut Draw) -> bool {
        let total: f64 = NOT_READY_REASONS.iter().map(|r| r.3).sum();
        let mut pick = draw.unit() * total;
        let mut chosen = NOT_READY_REASONS[0];
        for reason in NOT_READY_REASONS {
            if pick < reason.3 {
                chosen = *reason;
                break;
            }
            pick -= reason.3;
        }
        self.set_state(StateId::NotReady, t);
        self.reason = Some((chosen.0, chosen.1));
        self.next_change = t + draw.duration(chosen.2, 0.4, 60);
        false
    }

    fn start_outbound(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        let kind = pick_kind(channel, draw);
        self.calls.push(Call {
            kind,
            started: t,
            ends: NEVER,
        });
        self.last_kind = kind;
        if draw.chance(0.5) {
            self.set_state(StateId::Preview, t);
            self.next_change = t + draw.between(10, 45);
        } else {
            self.set_state(StateId::PendingActive, t);
            self.next_change = t + draw.between(5, 25);
        }
        false
    }

    fn connect(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        if channel.is_outbound() && draw.chance(0.3) {
            // No answer: back to idle for the next record.
            return self.become_idle(t, channel, draw);
        }
        let handle = draw.duration(channel.handle_mean(), 0.7, 20);
        if let Some(call) = self.calls.last_mut() {
            call.started = t;
            call.ends = t + handle;
        }
        self.hold_at = (handle > 60 && draw.chance(channel.hold_chance())).then(|| t + draw.between(20, handle - 30));
        self.set_state(StateId::Active, t);
        self.next_change = self.hold_at.unwrap_or(t + handle);
        false
    }

    fn progress_calls(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        if let Some(hold_at) = self.hold_at.filter(|h| *h <= t) {
            let hold = draw.between(15, 90);
            self.hold_at = None;
            if let Some(call) = self.calls.first_mut() {
                call.ends = call.ends.max(hold_at) + hold;
            }
            self.set_state(StateId::Held, t);
            self.next_change = t + hold;
            return false;
        }
        let before = self.calls.len();
        self.calls.retain(|c| c.ends > t);
        match self.calls.len() {
            0 => {
                self.start_after_work(t, channel, draw);
            }
            n => {
                if n != before {
                    self.set_state(if n == 1 { StateId::Active } else { StateId::Multiline }, t);
                }
                self.next_change = self.calls.iter().map(|c| c.ends).min().unwrap_or(t + 1);
            }
        }
        false
    }

    fn start_after_work(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) {
        if draw.chance(channel.park_chance()) {
            let park = draw.between(60, 480);
            self.set_state(StateId::Park, t);
            self.reason = Some(PARK_REASON);
            self.phase_end = t + park;
            self.next_change = t + park.min(PARK_WARNING_AFTER);
        } else {
            self.start_wrap(t, channel, draw);
        }
    }

    fn start_wrap(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) {
        let wrap = draw.duration(channel.wrap_mean(), 0.8, 5);
        self.set_state(StateId::Wrap, t);
        self.calls.clear();
        self.phase_end = t + wrap;
        self.next_change = t + wrap.min(WRAP_WARNING_AFTER);
    }

    fn finish_wrap_or_break(&mut self, t: SimSecond, channel: Channel, draw: &mut Draw) -> bool {
        if t >= self.shift_end {
            self.log_off(t, draw)
        } else if self.state != StateId::NotReady && draw.chance(0.05) {
            self.go_not_ready(t, draw)
        } else {
            self.become_idle(t, channel, draw)
        }
    }
}

/// Picks an interaction type of `channel` by its share.
pub fn pick_kind(channel: Channel, draw: &mut Draw) -> usize {
    let kinds = channel.interaction_types();
    let mut pick = draw.unit();
    for (index, (_, share)) in kinds.iter().enumerate() {
        if pick < *share {
            return index;
        }
        pick -= share;
    }
    0
}
