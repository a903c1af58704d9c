//! Which agents the table shows and in what order: filter by team, state and text,
//! sort by any column (stable), optionally group by team and bubble rows past their
//! time-in-state limit to the top; with the per-state counts of exactly those rows.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::agent::{Agent, TeamAgents};
use super::columns::Sort;
use super::sort_key::SortEntry;
use super::state::StateBadge;
use super::team_order::Ranked;
pub use super::team_order::TeamOrder;
use crate::config::StateLimits;

/// What the user narrowed the table to. Empty sets mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Team ids (as configured).
    pub teams: BTreeSet<String>,
    /// State keys (folded state ids).
    pub states: BTreeSet<String>,
    pub search: String,
}

/// How rows are arranged beyond sorting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Arrange {
    pub group_by_team: bool,
    pub breached_first: bool,
}

/// A line of the table: a team's group header or an agent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Line {
    Group { team: usize, name: String, shown: usize },
    Agent { team: usize, id: Arc<str> },
}

/// The table's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// Agents shown (lines minus group headers).
    pub shown: usize,
    /// Agents known across all teams.
    pub total: usize,
    /// Agents shown per state, most first.
    pub states: Vec<(StateBadge, usize)>,
}

/// The team id behind each configured team number, for the team filter.
pub struct Teams<'a> {
    pub ids: &'a [String],
    pub agents: Vec<Arc<TeamAgents>>,
}

/// Lays the agents of `teams` out for the table at monotonic time `now_mono_ms` (read
/// only when rows are bubbled by breach): every team's [`TeamOrder`], then [`merge`].
pub fn layout(
    teams: &Teams<'_>,
    filter: &Filter,
    sort: Sort,
    arrange: Arrange,
    limits: &StateLimits,
    now_mono_ms: f64,
) -> Layout {
    let choice = Choice {
        filter,
        sort,
        arrange,
        limits,
        now_mono_ms,
    };
    let orders: Vec<Arc<TeamOrder>> = teams
        .agents
        .iter()
        .enumerate()
        .map(|(i, t)| Arc::new(TeamOrder::of(t, teams.ids.get(i).map(String::as_str), &choice)))
        .collect();
    merge(&teams.agents, &orders, sort, arrange)
}

/// What the user chose, and the time if rows are bubbled by breach.
#[derive(Debug, Clone, Copy)]
pub struct Choice<'a> {
    pub filter: &'a Filter,
    pub sort: Sort,
    pub arrange: Arrange,
    pub limits: &'a StateLimits,
    pub now_mono_ms: f64,
}

/// The table's content from every team's agents and order (in the configured order
/// of teams): the teams' sorted runs merged, group headers added.
pub fn merge(teams: &[Arc<TeamAgents>], orders: &[Arc<TeamOrder>], sort: Sort, arrange: Arrange) -> Layout {
    let (grouped, descending) = (arrange.group_by_team, sort.descending);
    let mut all: Vec<(u32, Ranked)> = Vec::with_capacity(orders.iter().map(|o| o.ranked.len()).sum());
    for (team, order) in orders.iter().enumerate().take(teams.len()) {
        all.extend(order.ranked.iter().map(|r| (team as u32, *r)));
    }
    let agent = |(team, r): &(u32, Ranked)| teams.get(*team as usize).and_then(|t| t.agents.get(r.index as usize));
    // Each team's run is sorted already: the stable sort finds the runs and merges
    // them, O(n log teams). Equal integer keys (rare) fall back to the full order.
    all.sort_by(|a, b| {
        a.1.key.cmp(&b.1.key).then_with(|| match (agent(a), agent(b)) {
            (Some(x), Some(y)) => SortEntry::known(x, sort, a.1.breached, a.1.index).cmp(
                &SortEntry::known(y, sort, b.1.breached, b.1.index),
                grouped,
                descending,
            ),
            _ => a.0.cmp(&b.0),
        })
    });
    let shown: Vec<&Agent> = all.iter().filter_map(agent).collect();

    let mut states: Vec<(u64, StateBadge, usize)> = Vec::new();
    for (print, badge, n) in orders.iter().flat_map(|o| o.states.iter()) {
        match states.iter_mut().find(|(p, ..)| p == print) {
            Some(s) => s.2 += n,
            None => states.push((*print, badge.clone(), *n)),
        }
    }
    let mut counts: Vec<(StateBadge, usize)> = states.into_iter().map(|(_, b, n)| (b, n)).collect();
    counts.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.label.cmp(&b.label)));

    let mut lines = Vec::with_capacity(shown.len() + if grouped { teams.len() } else { 0 });
    let mut i = 0;
    while i < shown.len() {
        let team = shown[i].team;
        let run = shown[i..].iter().take_while(|a| !grouped || a.team == team).count();
        if grouped {
            lines.push(Line::Group {
                team,
                name: shown[i].team_name.clone(),
                shown: run,
            });
        }
        lines.extend(shown[i..i + run].iter().map(|a| Line::Agent {
            team: a.team,
            id: Arc::clone(&a.id),
        }));
        i += run;
    }
    Layout {
        shown: shown.len(),
        total: orders.iter().map(|o| o.total).sum(),
        states: counts,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::columns::Column;
    use crate::clock::FetchInstant;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant::by_pc_clock(0.0, 0.0);

    fn team(n: usize, rows: &str) -> Arc<TeamAgents> {
        let payload = decode::user_activity(&format!(r#"{{"rows":[{rows}]}}"#))
            .expect("decodes")
            .value;
        Arc::new(TeamAgents::from_payload(&payload, n, ["sales", "support"][n], &AT))
    }

    fn floor() -> (Vec<String>, Vec<Arc<TeamAgents>>) {
        let sales = team(
            0,
            r#"{"userId":"s1","preferredName":"Bea","teamName":"Sales","stateId":"idle","stateDur":30},
               {"userId":"s2","preferredName":"abe","teamName":"Sales","stateId":"wrap","stateDur":400},
               {"userId":"s3","preferredName":"Cy","teamName":"Sales","stateId":"notReady","reasonName":"Lunch","stateDur":100}"#,
        );
        let support = team(
            1,
            r#"{"userId":"p1","preferredName":"Dee","teamName":"Support","stateId":"idle","stateDur":100},
               {"userId":"p2","preferredName":"Eve","teamName":"Support","stateId":"coaching"},
               {"userId":"p3","preferredName":"Flo","teamName":"Support","stateId":"active","stateDur":100}"#,
        );
        (vec!["sales".into(), "support".into()], vec![sales, support])
    }

    fn names(ids: &[String], agents: &[Arc<TeamAgents>], filter: &Filter, sort: Sort, arrange: Arrange) -> Vec<String> {
        let teams = Teams {
            ids,
            agents: agents.to_vec(),
        };
        let l = layout(&teams, filter, sort, arrange, &StateLimits::default(), 0.0);
        l.lines
            .iter()
            .map(|line| match line {
                Line::Group { name, shown, .. } => format!("[{name} {shown}]"),
                Line::Agent { team, id } => agents[*team].get(id).map(|a| a.name.clone()).unwrap_or_default(),
            })
            .collect()
    }

    #[test]
    fn longest_in_state_first_by_default_missing_last_ties_by_name() {
        let (ids, agents) = floor();
        let got = names(&ids, &agents, &Filter::default(), Sort::default(), Arrange::default());
        assert_eq!(got, ["abe", "Cy", "Dee", "Flo", "Bea", "Eve"]);
        let asc = Sort::default().toggled(Column::InState);
        let got = names(&ids, &agents, &Filter::default(), asc, Arrange::default());
        assert_eq!(got, ["Bea", "Cy", "Dee", "Flo", "abe", "Eve"]);
    }

    #[test]
    fn names_sort_without_regard_to_case() {
        let (ids, agents) = floor();
        let sort = Sort::default().toggled(Column::Name);
        assert!(!sort.descending);
        let got = names(&ids, &agents, &Filter::default(), sort, Arrange::default());
        assert_eq!(got, ["abe", "Bea", "Cy", "Dee", "Eve", "Flo"]);
    }

    #[test]
    fn filters_combine_and_counts_match_the_rows_shown() {
        let (ids, agents) = floor();
        let filter = Filter {
            teams: ["support".to_owned()].into(),
            states: ["idle".to_owned(), "coaching".to_owned()].into(),
            search: String::new(),
        };
        let teams = Teams {
            ids: &ids,
            agents: agents.clone(),
        };
        let l = layout(
            &teams,
            &filter,
            Sort::default(),
            Arrange::default(),
            &StateLimits::default(),
            0.0,
        );
        assert_eq!((l.shown, l.total), (2, 6));
        let counts: Vec<(&str, usize)> = l.states.iter().map(|(s, n)| (s.label.as_str(), *n)).collect();
        assert_eq!(counts, [("Idle", 1), ("coaching", 1)]);
        let search = Filter {
            search: " EV ".into(),
            ..Filter::default()
        };
        assert_eq!(
            names(&ids, &agents, &search, Sort::default(), Arrange::default()),
            ["Eve"]
        );
        let by_id = Filter {
            search: "s3".into(),
            ..Filter::default()
        };
        assert_eq!(
            names(&ids, &agents, &by_id, Sort::default(), Arrange::default()),
            ["Cy"]
        );
    }

    #[test]
    fn groups_carry_their_counts_and_keep_the_sort_inside() {
        let (ids, agents) = floor();
        let arrange = Arrange {
            group_by_team: true,
            breached_first: false,
        };
        let filter = Filter {
            search: "e".into(),
            ..Filter::default()
        };
        let got = names(&ids, &agents, &filter, Sort::default(), arrange);
        assert_eq!(got, ["[Sales 2]", "abe", "Bea", "[Support 2]", "Dee", "Eve"]);
    }

    #[test]
    fn breached_rows_bubble_up_when_asked() {
        let (ids, agents) = floor();
        let sort = Sort::default().toggled(Column::Name);
        let arrange = Arrange {
            group_by_team: false,
            breached_first: true,
        };
        // At the fetch, abe has wrapped 400 s (over the 300 s limit); 20 min later Cy's
        // lunch (100 s then) is past 15 min as well.
        let teams = Teams {
            ids: &ids,
            agents: agents.clone(),
        };
        let at = |now| {
            let l = layout(&teams, &Filter::default(), sort, arrange, &StateLimits::default(), now);
            l.lines
                .iter()
                .take(2)
                .map(|line| match line {
                    Line::Agent { id, .. } => id.to_string(),
                    Line::Group { .. } => String::new(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(at(0.0), ["s2", "s1"]);
        assert_eq!(at(1_200_000.0), ["s2", "s3"]);
    }

    /// Every agent of the floor in one sort by the full order: what merging the
    /// teams' runs must give.
    fn one_big_sort(agents: &[Arc<TeamAgents>], choice: &Choice<'_>) -> Vec<String> {
        let (grouped, descending) = (choice.arrange.group_by_team, choice.sort.descending);
        let mut all: Vec<SortEntry<'_>> = agents
            .iter()
            .flat_map(|t| t.agents.iter().enumerate())
            .map(|(i, a)| SortEntry::of(a, i as u32, choice))
            .collect();
        all.sort_by(|a, b| a.cmp(b, grouped, descending));
        all.iter().map(|e| e.agent.id.to_string()).collect()
    }

    #[test]
    fn merged_team_runs_order_the_floor_as_one_sort_would() {
        use floorview_reporting::sim::{SimConfig, Simulator};
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:00:00Z")
            .expect("a time")
            .to_utc();
        let mut sim = Simulator::new(
            SimConfig {
                teams: 7,
                agents_per_team: 60,
                work_types: 1,
                contact_lists: 1,
                seed: 11,
            },
            start,
        )
        .expect("a floor");
        for _ in 0..40 {
            sim.step();
        }
        let ids: Vec<String> = sim.catalog().teams.iter().map(|t| t.team_id.clone()).collect();
        let agents: Vec<Arc<TeamAgents>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let payload = sim
                    .user_activity(id, floorview_reporting::TzOffset::UTC)
                    .expect("a team");
                Arc::new(TeamAgents::from_payload(&payload, i, id, &AT))
            })
            .collect();
        let everyone: usize = agents.iter().map(|t| t.agents.len()).sum();
        assert!(everyone > 300, "most of the floor is signed on");
        let teams = Teams {
            ids: &ids,
            agents: agents.clone(),
        };
        let limits = StateLimits::default();
        let filter = Filter::default();
        for column in Column::ALL {
            for descending in [false, true] {
                for (group_by_team, breached_first) in [(false, false), (true, false), (false, true)] {
                    let (sort, arrange) = (
                        Sort { column, descending },
                        Arrange {
                            group_by_team,
                            breached_first,
                        },
                    );
                    let choice = Choice {
                        filter: &filter,
                        sort,
                        arrange,
                        limits: &limits,
                        now_mono_ms: 600_000.0,
                    };
                    let merged: Vec<String> = layout(&teams, &filter, sort, arrange, &limits, 600_000.0)
                        .lines
                        .iter()
                        .filter_map(|l| match l {
                            Line::Agent { id, .. } => Some(id.to_string()),
                            Line::Group { .. } => None,
                        })
                        .collect();
                    assert_eq!(merged.len(), everyone, "nobody lost or doubled");
                    assert_eq!(
                        merged,
                        one_big_sort(&agents, &choice),
                        "{column:?} desc {descending} {arrange:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sorting_toggles_direction_and_starts_naturally() {
        let s = Sort::default();
        assert_eq!(
            s.toggled(Column::InState),
            Sort {
                column: Column::InState,
                descending: false
            }
        );
        assert_eq!(
            s.toggled(Column::Team),
            Sort {
                column: Column::Team,
                descending: false
            }
        );
        assert!(s.toggled(Column::Interactions).descending);
    }
}
