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

    // Every sort key is computed once per agent, not once per comparison: at 10,000
    // agents a sort makes some 130,000 comparisons on every poll.
    let entries: Vec<Entry<'_>> = shown
        .into_iter()
        .map(|a| Entry::of(a, sort, arrange, limits, now_mono_ms))
        .collect();
    // First by a key of plain integers that orders as the full comparison does, as
    // far as it goes; then runs of equal keys (rare) by the full comparison. The order
    // is total (id and team end every tie), so unstable sorts give the same result as
    // stable ones.
    let (grouped, descending) = (arrange.group_by_team, sort.descending);
    let mut keyed: Vec<(SortKey, u32)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key(grouped, descending), i as u32))
        .collect();
    keyed.sort_unstable_by_key(|a| a.0);
    let mut start = 0;
    while start < keyed.len() {
        let end = start + keyed[start..].iter().take_while(|(k, _)| *k == keyed[start].0).count();
        if end - start > 1 {
            keyed[start..end]
                .sort_unstable_by(|a, b| entries[a.1 as usize].cmp(&entries[b.1 as usize], grouped, descending));
        }
        start = end;
    }
    let shown: Vec<&Agent> = keyed.into_iter().map(|(_, i)| entries[i as usize].agent).collect();

    // A floor has a dozen states at most: a scan of their fingerprints beats hashing
    // 10,000 pairs of strings.
    let mut counts: Vec<(StateBadge, usize)> = Vec::new();
    let mut prints: Vec<u64> = Vec::new();
    for a in &shown {
        match prints.iter().position(|p| *p == a.state_print) {
            Some(i) => counts[i].1 += 1,
            None => {
                prints.push(a.state_print);
                counts.push((a.state.clone(), 1));
            }
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

/// An agent with its sort keys worked out.
struct Entry<'a> {
    agent: &'a Agent,
    breached: bool,
    /// The sort column has no value: such rows go last in either direction.
    missing: bool,
    /// The sort column's value, for number and time columns.
    number: f64,
    /// The sort column's value, for text columns, and its first bytes as a number.
    text: &'a str,
    text_prefix: u64,
    name_prefix: u64,
    team_prefix: u64,
}

impl<'a> Entry<'a> {
    fn of(agent: &'a Agent, sort: Sort, arrange: Arrange, limits: &StateLimits, now_mono_ms: f64) -> Entry<'a> {
        let breached = arrange.breached_first
            && agent
                .in_state_s(now_mono_ms)
                .is_some_and(|s| limits.level(&agent.state.key, s as f64) != Level::Normal);
        // A later start is a shorter duration; durations that grow alike keep their
        // order, so the clock's ticks never call for a re-sort.
        let duration = |d: Option<crate::live::LiveDuration>| d.map(|d| -d.start_mono_ms());
        let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| t.map(|t| t.timestamp_millis() as f64);
        let (number, text): (Option<f64>, Option<&str>) = match sort.column {
            Column::Name => (None, Some(&agent.name_key)),
            Column::Team => (None, Some(&agent.team_name)),
            Column::State => (None, Some(&agent.state.label)),
            Column::Reason => (None, Some(&agent.reason)),
            Column::InState => (duration(agent.in_state), None),
            Column::SignedOn => (duration(agent.signed_on), None),
            Column::Interactions => (agent.interactions.map(f64::from), None),
            Column::SignOnTime => (time(agent.sign_on_time), None),
            Column::StateStart => (time(agent.state_start_time), None),
        };
        let text = text.unwrap_or("");
        Entry {
            agent,
            breached,
            missing: number.is_none()
                && matches!(
                    sort.column,
                    Column::InState | Column::SignedOn | Column::Interactions | Column::SignOnTime | Column::StateStart
                ),
            number: number.unwrap_or(0.0),
            text,
            text_prefix: prefix(text),
            name_prefix: prefix(&agent.name_key),
            team_prefix: prefix(&agent.team_name),
        }
    }

    /// The leading part of [`Entry::cmp`] as integers: whenever two keys differ,
    /// they order as the entries do.
    fn key(&self, grouped: bool, descending: bool) -> SortKey {
        let directed = |v: u64| if descending { !v } else { v };
        SortKey(
            if grouped { self.team_prefix } else { 0 },
            (u8::from(!self.breached) << 1) | u8::from(self.missing),
            directed(ordered_bits(self.number)),
            directed(self.text_prefix),
            self.name_prefix,
        )
    }

    /// Group, then breached first, then the column (missing last), then name, id and
    /// team, so equal rows never swap between polls.
    fn cmp(&self, other: &Entry<'_>, grouped: bool, descending: bool) -> Ordering {
        let (a, b) = (self, other);
        let group = if grouped {
            a.team_prefix
                .cmp(&b.team_prefix)
                .then_with(|| a.agent.team_name.cmp(&b.agent.team_name))
                .then(a.agent.team.cmp(&b.agent.team))
        } else {
            Ordering::Equal
        };
        group
            .then(b.breached.cmp(&a.breached))
            .then(a.missing.cmp(&b.missing))
            .then_with(|| {
                let column = a
                    .number
                    .total_cmp(&b.number)
                    .then(a.text_prefix.cmp(&b.text_prefix))
                    .then_with(|| a.text.cmp(b.text));
                if descending {
                    column.reverse()
                } else {
                    column
                }
            })
            .then(a.name_prefix.cmp(&b.name_prefix))
            .then_with(|| a.agent.name_key.cmp(&b.agent.name_key))
            .then_with(|| a.agent.id.cmp(&b.agent.id))
            .then(a.agent.team.cmp(&b.agent.team))
    }
}

/// The integer leading part of an entry's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey(u64, u8, u64, u64, u64);

/// An f64 as a u64 that orders as `f64::total_cmp` does.
fn ordered_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The first eight bytes of `s` as a number that orders as the bytes do, so most
/// string comparisons end in one integer comparison.
fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::FetchInstant;

    #[test]
    fn ordered_bits_order_as_floats_do() {
        let xs = [f64::NEG_INFINITY, -1e9, -2.5, -0.0, 0.0, 1e-9, 3.0, f64::INFINITY];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{} < {}", w[0], w[1]);
        }
        assert!(prefix("abc") < prefix("abd") && prefix("ab") < prefix("abc") && prefix("") == 0);
    }
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
