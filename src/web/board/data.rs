//! What a board's tiles read from the store: one memo per tile over the slots of
//! its scope only, so a poll of one team wakes only the tiles that cover it, and a
//! tick of the clock costs each running figure one multiplication.

use std::sync::Arc;

use leptos::prelude::*;

use crate::agents::TeamAgents;
use crate::board::evaluate::Samples;
use crate::board::figure::Figure;
use crate::board::model::{Reading, Scope};
use crate::config::StateLimits;
use crate::freshness::{worst, Freshness};
use crate::overview::team_row;
use crate::web::browser;
use crate::web::clock::Clock;
use crate::web::derived::team_agents;
use crate::web::store::{Slot, Store};
use floorview_reporting::Endpoint;

/// Everything a board's tiles read, shared by them.
#[derive(Clone)]
pub struct BoardData {
    pub store: Store,
    pub clock: Clock,
    pub limits: StateLimits,
    /// Each team's agents, made once per poll and only for a tile that reads them
    /// (memos are lazy).
    pub agents: Arc<[Memo<Option<Arc<TeamAgents>>>]>,
}

impl BoardData {
    pub fn new(store: Store, clock: Clock, limits: StateLimits) -> BoardData {
        let agents = team_agents(&store).into();
        BoardData {
            store,
            clock,
            limits,
            agents,
        }
    }

    /// The figure of a reading, recomputed when a slot of its scope changes.
    pub fn figure(&self, reading: Reading) -> Memo<Option<Figure>> {
        if reading.metric.source() == Endpoint::UserActivity {
            return self.agent_figure(reading);
        }
        let data = self.clone();
        Memo::new(move |_| {
            let mut samples = Samples::default();
            let store = &data.store;
            let scope = &reading.scope;
            match reading.metric.source() {
                Endpoint::TeamActivity => {
                    for slot in in_scope(&store.teams, &scope.teams) {
                        slot.data.with(|d| {
                            if let Some(row) = d.as_ref().and_then(|s| team_row(&s.value.rows, &slot.id)) {
                                samples.team(&reading, row);
                            }
                        });
                    }
                }
                Endpoint::ChannelActivity => {
                    for slot in in_scope(&store.work_types, &scope.work_types) {
                        slot.data.with(|d| {
                            if let Some(s) = d {
                                samples.channel(&reading, &s.value, &s.at);
                            }
                        });
                    }
                }
                Endpoint::ListActivity => {
                    for slot in in_scope(&store.lists, &scope.lists) {
                        slot.data.with(|d| {
                            if let Some(s) = d {
                                samples.list(&reading, &s.value);
                            }
                        });
                    }
                }
                Endpoint::PresenceUsers => {
                    // Everyone logged on, or the work types of the scope.
                    let slots: Vec<&Slot<_>> = if scope.work_types.is_empty() {
                        store.presence.iter().take(1).collect()
                    } else {
                        store
                            .presence
                            .iter()
                            .skip(1)
                            .filter(|s| Scope::allows(&scope.work_types, &s.id))
                            .collect()
                    };
                    for slot in slots {
                        slot.data.with(|d| {
                            if let Some(s) = d {
                                samples.presence(&s.value);
                            }
                        });
                    }
                }
                Endpoint::UserActivity => {}
            }
            samples.figure(&reading, browser::now_mono_ms())
        })
    }

    /// A figure over agents: each team's samples in a memo of their own, so one
    /// team's poll goes through that team's 200 agents, not the floor's 10,000.
    fn agent_figure(&self, reading: Reading) -> Memo<Option<Figure>> {
        let parts: Vec<Memo<Samples>> = self
            .store
            .users
            .iter()
            .zip(self.agents.iter().copied())
            .filter(|(slot, _)| Scope::allows(&reading.scope.teams, &slot.id))
            .map(|(_, agents)| {
                let (reading, limits) = (reading.clone(), self.limits.clone());
                Memo::new(move |_| {
                    let mut samples = Samples::default();
                    agents.with(|a| {
                        if let Some(a) = a {
                            samples.agents(&reading, &a.agents, &limits);
                        }
                    });
                    samples
                })
            })
            .collect();
        Memo::new(move |_| {
            let mut samples = Samples::default();
            for part in &parts {
                part.with(|p| samples.extend(p));
            }
            samples.figure(&reading, browser::now_mono_ms())
        })
    }

    /// How fresh the data under a scope is: the worst of its slots. Tracks the
    /// store's one [`Store::statuses`] rather than each of up to 50 slots.
    pub fn freshness(&self, source: Endpoint, scope: &Scope) -> Signal<Freshness> {
        let (store, scope) = (self.store.clone(), scope.clone());
        // A memo, redrawn only when a source in scope polls or grows too old.
        Memo::new(move |_| {
            store.statuses.track();
            let all: Vec<Freshness> = match source {
                Endpoint::TeamActivity => in_scope(&store.teams, &scope.teams)
                    .map(Slot::freshness_untracked)
                    .collect(),
                Endpoint::UserActivity => in_scope(&store.users, &scope.teams)
                    .map(Slot::freshness_untracked)
                    .collect(),
                Endpoint::ChannelActivity => in_scope(&store.work_types, &scope.work_types)
                    .map(Slot::freshness_untracked)
                    .collect(),
                Endpoint::ListActivity => in_scope(&store.lists, &scope.lists)
                    .map(Slot::freshness_untracked)
                    .collect(),
                Endpoint::PresenceUsers => store.presence.iter().take(1).map(Slot::freshness_untracked).collect(),
            };
            worst(all)
        })
        .into()
    }
}

/// The slots whose ids the scope's list allows (all for an empty list).
pub fn in_scope<'a, T: Send + Sync + 'static>(
    slots: &'a [Slot<T>],
    ids: &'a [String],
) -> impl Iterator<Item = &'a Slot<T>> + 'a {
    slots.iter().filter(move |s| Scope::allows(ids, &s.id))
}
