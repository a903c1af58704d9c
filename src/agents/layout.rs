//! Which agents the table shows and in what order: filter by team, state and text,
//! sort by any column (stable), optionally group by team and bubble rows past their
//! time-in-state limit to the top; with the per-state counts of exactly those rows.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::agent::{Agent, TeamAgents};
use super::state::StateBadge;
use crate::config::{Level, StateLimits};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Team,
    State,
    Reason,
    InState,
    SignedOn,
    Interactions,
    SignOnTime,
    StateStart,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::Team,
        Column::State,
        Column::Reason,
        Column::InState,
        Column::SignedOn,
        Column::Interactions,
        Column::SignOnTime,
        Column::StateStart,
    ];

    /// The header text.
    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "Agent",
            Column::Team => "Team",
            Column::State => "State",
            Column::Reason => "Reason",
            Column::InState => "Time in state",
            Column::SignedOn => "Signed on for",
            Column::Interactions => "Interactions",
            Column::SignOnTime => "Signed on at",
            Column::StateStart => "State since",
        }
    }

    /// Name in URLs and test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Team => "team",
            Column::State => "state",
            Column::Reason => "reason",
            Column::InState => "in-state",
            Column::SignedOn => "signed-on",
            Column::Interactions => "interactions",
            Column::SignOnTime => "sign-on-time",
            Column::StateStart => "state-start",
        }
    }

    /// The first click sorts longest durations and most interactions first, names
    /// from A.
    pub fn descending_first(self) -> bool {
        matches!(self, Column::InState | Column::SignedOn | Column::Interactions)
    }
}

/// Sort column and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    /// Longest in state first: who needs attention.
    fn default() -> Self {
        Sort {
            column: Column::InState,
            descending: true,
        }
    }
}

impl Sort {
    /// The sort after a click on `column`: the other direction of the same column,
    /// or the column's natural first direction.
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.descending_first(),
            }
        }
    }
}

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
/// only when rows are bubbled by breach).
pub fn layout(
    teams: &Teams<'_>,
    filter: &Filter,
    sort: Sort,
    arrange: Arrange,
    limits: &StateLimits,
    now_mono_ms: f64,
) -> Layout {
    let needle = filter.search.trim().to_lowercase();
    let total = teams.agents.iter().map(|t| t.agents.len()).sum();
    let shown: Vec<&Agent> = teams
        .agents
        .iter()
        .enumerate()
        .filter(|(i, _)| filter.teams.is_empty() || teams.ids.get(*i).is_some_and(|id| filter.teams.contains(id)))
        .flat_map(|(_, t)| t.agents.iter())
        .filter(|a| filter.states.is_empty() || filter.states.contains(&a.state.key))
        .filter(|a| needle.is_empty() || a.haystack.contains(&needle))
        .collect();

    // Judged once per agent, not once per comparison.
    let mut shown: Vec<(bool, &Agent)> = shown
        .into_iter()
        .map(|a| {
            let breached = arrange.breached_first
                && a.in_state_s(now_mono_ms)
                    .is_some_and(|s| limits.level(&a.state.key, s as f64) != Level::Normal);
            (breached, a)
        })
        .collect();
    // The id and team break the last ties, so equal rows never swap between polls.
    shown.sort_by(|(a_breached, a), (b_breached, b)| {
        let group = if arrange.group_by_team {
            a.team_name.cmp(&b.team_name).then(a.team.cmp(&b.team))
        } else {
            Ordering::Equal
        };
        group
            .then_with(|| b_breached.cmp(a_breached))
            .then_with(|| compare(a, b, sort.column, sort.descending))
            .then_with(|| a.name_key.cmp(&b.name_key))
            .then_with(|| a.id.cmp(&b.id))
            .then(a.team.cmp(&b.team))
    });

    let shown: Vec<&Agent> = shown.into_iter().map(|(_, a)| a).collect();
    let mut counts: Vec<(StateBadge, usize)> = Vec::new();
    for a in &shown {
        match counts
            .iter_mut()
            .find(|(s, _)| s.key == a.state.key && s.label == a.state.label)
        {
            Some((_, n)) => *n += 1,
            None => counts.push((a.state.clone(), 1)),
        }
    }
    counts.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.label.cmp(&b.label)));

    let mut lines = Vec::with_capacity(shown.len() + if arrange.group_by_team { teams.agents.len() } else { 0 });
    let mut i = 0;
    while i < shown.len() {
        let team = shown[i].team;
        let run = shown[i..]
            .iter()
            .take_while(|a| !arrange.group_by_team || a.team == team)
            .count();
        if arrange.group_by_team {
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
        total,
        states: counts,
        lines,
    }
}

/// Orders two agents by `column`; a missing value sorts after every present one,
/// whichever the direction.
fn compare(a: &Agent, b: &Agent, column: Column, descending: bool) -> Ordering {
    fn option<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let text = |a: &str, b: &str| option(Some(a), Some(b), descending);
    // Time in state grows alike for everyone, so the order of the start instants is
    // the order of the durations at any moment: no re-sort as the clock ticks. A later
    // start is a shorter duration.
    let start = |d: Option<crate::live::LiveDuration>| d.map(|d| -d.start_mono_ms());
    match column {
        Column::Name => text(&a.name_key, &b.name_key),
        Column::Team => text(&a.team_name, &b.team_name),
        Column::State => text(&a.state.label, &b.state.label),
        Column::Reason => text(&a.reason, &b.reason),
        Column::InState => option(start(a.in_state), start(b.in_state), descending),
        Column::SignedOn => option(start(a.signed_on), start(b.signed_on), descending),
        Column::Interactions => option(a.interactions, b.interactions, descending),
        Column::SignOnTime => option(a.sign_on_time, b.sign_on_time, descending),
        Column::StateStart => option(a.state_start_time, b.state_start_time, descending),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::FetchInstant;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant {
        mono_ms: 0.0,
        wall_ms: 0.0,
        server_ms: None,
    };

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
