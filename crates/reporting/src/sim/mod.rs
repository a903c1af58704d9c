//! A deterministic contact-centre simulator.
//!
//! Given a seed and the clock you pass in, it produces the payloads of all five
//! endpoints, telling one consistent story: a team's counts equal its agents' states,
//! presence lists exactly the signed-on agents, and every duration agrees with its
//! timestamp. Time advances in whole seconds from an origin, so the state at a given
//! instant does not depend on how often it was asked.

mod agent;
mod body;
mod channel;
mod config;
mod dialler;
mod json;
mod names;
mod random;
mod snapshot;
mod story;
pub(crate) mod timestamp;
mod work_type;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

pub use self::agent::{SimSecond, PARK_WARNING_AFTER, WRAP_WARNING_AFTER};
pub use self::channel::Channel;
pub use self::config::{SimConfig, SimConfigError, MAX_AGENTS};
pub use self::story::{inconsistencies, Story};

use self::agent::SimAgent;
use self::dialler::ContactList;
use self::json::AgentJson;
use self::random::Draw;
use self::work_type::WorkType;
use crate::enums::StateId;

/// Simulated seconds run before the first snapshot, so the floor starts busy.
const WARM_UP_SECONDS: SimSecond = 900;
/// Share of agents signed on at the start.
const SIGNED_ON_AT_START: f64 = 0.92;

/// A team and its agents.
#[derive(Debug, Clone)]
struct Team {
    id: String,
    name: String,
    members: Vec<usize>,
}

/// The simulated organisation at one instant.
pub struct Simulator {
    origin: DateTime<Utc>,
    /// Seconds since `origin`.
    t: SimSecond,
    draw: Draw,
    teams: Vec<Team>,
    team_index: HashMap<String, usize>,
    work_types: Vec<WorkType>,
    work_type_index: HashMap<String, usize>,
    agents: Vec<SimAgent>,
    /// What each agent's rows always say, as JSON, by agent index.
    agent_json: Vec<AgentJson>,
    lists: Vec<ContactList>,
    list_index: HashMap<String, usize>,
    next_session: u64,
}

impl Simulator {
    /// A simulator whose clock reads `start`, after a warm-up that fills queues and
    /// spreads agents over states.
    pub fn new(config: SimConfig, start: DateTime<Utc>) -> Result<Simulator, SimConfigError> {
        config.validate()?;
        let draw = Draw::new(config.seed);
        let work_types: Vec<WorkType> = (0..config.work_types)
            .map(|n| {
                let channel = Channel::CYCLE[n % Channel::CYCLE.len()];
                let (_, base) = names::work_type(n);
                let name = format!("{base} {}", channel.label());
                let id = format!("{}_{}", names::work_type(n).0, channel.label().to_ascii_lowercase());
                WorkType::new(id, name, channel, n as f64 * 0.37)
            })
            .collect();
        let mut sim = Simulator {
            origin: start - Duration::seconds(WARM_UP_SECONDS),
            t: 0,
            draw,
            teams: Vec::new(),
            team_index: HashMap::new(),
            work_type_index: work_types.iter().enumerate().map(|(i, w)| (w.id.clone(), i)).collect(),
            work_types,
            agents: Vec::with_capacity(config.agents()),
            agent_json: Vec::with_capacity(config.agents()),
            lists: Vec::new(),
            list_index: HashMap::new(),
            next_session: 2300,
        };
        sim.populate(&config);
        sim.lists = (0..config.contact_lists)
            .map(|n| ContactList::new(names::contact_list(n), &mut sim.draw))
            .collect();
        sim.list_index = sim.lists.iter().enumerate().map(|(i, l)| (l.name.clone(), i)).collect();
        for _ in 0..WARM_UP_SECONDS {
            sim.step();
        }
        Ok(sim)
    }

    fn populate(&mut self, config: &SimConfig) {
        let work_type_count = self.work_types.len();
        for team in 0..config.teams {
            let (id, name) = names::team(team);
            let mut members = Vec::with_capacity(config.agents_per_team);
            for seat in 0..config.agents_per_team {
                let index = self.agents.len();
                // Most of a team serves its own work type; every fourth agent is
                // skilled for the next one, so every channel has some staff.
                let work_type = if seat % 4 == 3 {
                    (team + 1) % work_type_count
                } else {
                    team % work_type_count
                };
                let mut agent = SimAgent::new(index, work_type);
                let channel = self.work_types[work_type].channel;
                if self.draw.chance(SIGNED_ON_AT_START) {
                    let since = -self.draw.between(0, 4 * 3600);
                    let session = self.new_session();
                    agent.sign_on(0, since, session, channel, &mut self.draw);
                    self.work_types[work_type]
                        .idle_pool
                        .push_back((index, agent.idle_token));
                } else {
                    agent.start_off_shift(self.draw.between(60, 3600));
                }
                self.work_types[work_type].members.push(index);
                self.agent_json.push(AgentJson::new(&agent, &id, &name));
                self.agents.push(agent);
                members.push(index);
            }
            self.team_index.insert(id.clone(), team);
            self.teams.push(Team { id, name, members });
        }
        for work_type in &mut self.work_types {
            work_type.plan_demand();
        }
    }

    fn new_session(&mut self) -> u64 {
        self.next_session += 1;
        self.next_session
    }

    /// The simulator's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.origin + Duration::seconds(self.t)
    }

    /// Advances whole seconds until the clock reaches `now` (never backwards).
    pub fn advance_to(&mut self, now: DateTime<Utc>) {
        let target = (now - self.origin).num_seconds();
        while self.t < target {
            self.step();
        }
    }

    /// Every endpoint's payload at this instant (presence unfiltered, UTC local
    /// times), for checking with [`inconsistencies`].
    pub fn story(&self) -> Story {
        let catalog = self.catalog();
        Story {
            now: self.now().fixed_offset(),
            teams: catalog
                .teams
                .iter()
                .filter_map(|t| {
                    Some((
                        self.team_activity(&t.team_id)?,
                        self.user_activity(&t.team_id, crate::TzOffset::UTC)?,
                    ))
                })
                .collect(),
            channels: catalog
                .work_types
                .iter()
                .filter_map(|w| self.channel_activity(&w.work_type_id))
                .collect(),
            lists: catalog
                .contact_lists
                .iter()
                .filter_map(|l| self.list_activity(&l.name))
                .collect(),
            presence: self.presence(None).unwrap_or_default(),
        }
    }

    /// Advances the simulation by one second.
    pub fn step(&mut self) {
        self.t += 1;
        let t = self.t;
        for work_type in &mut self.work_types {
            work_type.step(t, &mut self.draw);
        }
        for index in 0..self.agents.len() {
            if self.agents[index].next_change > t {
                continue;
            }
            let work_type = self.agents[index].work_type;
            let channel = self.work_types[work_type].channel;
            let became_idle = if self.agents[index].state == StateId::LoggedOff {
                let session = self.new_session();
                self.agents[index].sign_on(t, t, session, channel, &mut self.draw)
            } else {
                self.agents[index].on_due(t, channel, &mut self.draw)
            };
            if became_idle {
                let token = self.agents[index].idle_token;
                self.work_types[work_type].idle_pool.push_back((index, token));
            }
        }
        for work_type in 0..self.work_types.len() {
            self.dispatch(work_type, t);
        }
        for list in &mut self.lists {
            list.step(t, &mut self.draw);
        }
    }

    /// Hands waiting interactions to agents: the longest-idle agent first, then
    /// multiline agents with room.
    fn dispatch(&mut self, work_type: usize, t: SimSecond) {
        let Simulator {
            work_types,
            agents,
            draw,
            ..
        } = self;
        let wt = &mut work_types[work_type];
        let channel = wt.channel;
        while !wt.queue.is_empty() {
            let Some((agent, token)) = wt.idle_pool.pop_front() else {
                break;
            };
            if agents[agent].state != StateId::Idle || agents[agent].idle_token != token {
                continue;
            }
            if let Some(waiting) = wt.queue.pop_front() {
                agents[agent].assign(t, waiting.kind, channel, draw);
            }
        }
        if channel.capacity() > 1 {
            for &member in &wt.members {
                if wt.queue.is_empty() {
                    break;
                }
                if agents[member].state != StateId::Idle && agents[member].can_take(channel) {
                    if let Some(waiting) = wt.queue.pop_front() {
                        agents[member].assign(t, waiting.kind, channel, draw);
                    }
                }
            }
        }
    }
}
