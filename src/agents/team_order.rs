//! One team's part of the agents table: its agents that pass the filter, in order,
//! with their per-state counts. Made again only when that team's data or the user's
//! choices change; [`super::table::merge`] interleaves the teams.

use super::agent::TeamAgents;
use super::sort_key::{SortEntry, SortKey};
use super::state::StateBadge;
use super::table::Choice;

/// One team's agents that pass the filter, in table order, with their sort keys and
/// per-state counts. Made again only when that team's data or the user's choices
/// change, so a poll of one team of fifty sorts 200 agents, not 10,000; [`merge`]
/// then interleaves the teams' runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamOrder {
    pub(super) ranked: Vec<Ranked>,
    /// Agents shown per state: fingerprint, badge, count.
    pub(super) states: Vec<(u64, StateBadge, usize)>,
    /// Agents of the team, shown or not.
    pub(super) total: usize,
}

/// An agent's place: its integer sort key, where it is, and whether it was over its
/// limit (the only part of the order that depends on the time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Ranked {
    pub(super) key: SortKey,
    /// Index into the team's agents.
    pub(super) index: u32,
    pub(super) breached: bool,
}

impl TeamOrder {
    /// The order of `team`'s agents (configured as `team_id`) under `choice`.
    pub fn of(team: &TeamAgents, team_id: Option<&str>, choice: &Choice<'_>) -> TeamOrder {
        let filter = choice.filter;
        let total = team.agents.len();
        if !filter.teams.is_empty() && !team_id.is_some_and(|id| filter.teams.contains(id)) {
            return TeamOrder {
                total,
                ..TeamOrder::default()
            };
        }
        let needle = filter.search.trim().to_lowercase();
        let (grouped, descending) = (choice.arrange.group_by_team, choice.sort.descending);
        // Every sort key is computed once per agent, not once per comparison.
        let entries: Vec<SortEntry<'_>> = team
            .agents
            .iter()
            .enumerate()
            .filter(|(_, a)| filter.states.is_empty() || filter.states.contains(&a.state.key))
            .filter(|(_, a)| needle.is_empty() || a.haystack.contains(&needle))
            .map(|(i, a)| SortEntry::of(a, i as u32, choice))
            .collect();
        let mut order: Vec<usize> = (0..entries.len()).collect();
        let keys: Vec<SortKey> = entries.iter().map(|e| e.key(grouped, descending)).collect();
        // The order is total (id and team end every tie), so an unstable sort gives
        // the same result as a stable one.
        order.sort_unstable_by(|&a, &b| {
            keys[a]
                .cmp(&keys[b])
                .then_with(|| entries[a].cmp(&entries[b], grouped, descending))
        });
        // A floor has a dozen states at most: a scan of their fingerprints beats
        // hashing pairs of strings.
        let mut states: Vec<(u64, StateBadge, usize)> = Vec::new();
        for e in &entries {
            match states.iter_mut().find(|(p, ..)| *p == e.agent.state_print) {
                Some(s) => s.2 += 1,
                None => states.push((e.agent.state_print, e.agent.state.clone(), 1)),
            }
        }
        let ranked = order
            .into_iter()
            .map(|i| Ranked {
                key: keys[i],
                index: entries[i].index,
                breached: entries[i].breached,
            })
            .collect();
        TeamOrder { ranked, states, total }
    }
}
