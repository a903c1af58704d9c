//! The agents table's order as integers: each agent's sort keys worked out once, and
//! their leading part packed into a [`SortKey`] (floats and text prefixes as
//! order-keeping bits), so most comparisons of a 10,000-row sort are one integer
//! comparison.

use std::cmp::Ordering;

use super::agent::Agent;
use super::columns::{Column, Sort};
use super::table::Choice;
use crate::config::Level;

/// An agent with its sort keys worked out.
pub(super) struct SortEntry<'a> {
    pub(super) agent: &'a Agent,
    /// Where the agent is in its team.
    pub(super) index: u32,
    pub(super) breached: bool,
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

impl<'a> SortEntry<'a> {
    /// The entry of `agent` (at `index` in its team) under `choice`.
    pub(super) fn of(agent: &'a Agent, index: u32, choice: &Choice<'_>) -> SortEntry<'a> {
        let breached = choice.arrange.breached_first
            && agent
                .in_state_s(choice.now_mono_ms)
                .is_some_and(|s| choice.limits.level(&agent.state.key, s as f64) != Level::Normal);
        SortEntry::known(agent, choice.sort, breached, index)
    }

    /// The entry of `agent` whose breach was judged already.
    pub(super) fn known(agent: &'a Agent, sort: Sort, breached: bool, index: u32) -> SortEntry<'a> {
        // A later start is a shorter duration; durations that grow alike keep their
        // order, so the clock's ticks never call for a re-sort.
        let duration = |d: Option<crate::clock::LiveDuration>| d.map(|d| -d.start_mono_ms());
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
        SortEntry {
            agent,
            index,
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

    /// The leading part of [`SortEntry::cmp`] as integers: whenever two keys differ,
    /// they order as the entries do.
    pub(super) fn key(&self, grouped: bool, descending: bool) -> SortKey {
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
    pub(super) fn cmp(&self, other: &SortEntry<'_>, grouped: bool, descending: bool) -> Ordering {
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
pub(super) struct SortKey(u64, u8, u64, u64, u64);

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

    #[test]
    fn ordered_bits_order_as_floats_do() {
        let xs = [f64::NEG_INFINITY, -1e9, -2.5, -0.0, 0.0, 1e-9, 3.0, f64::INFINITY];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{} < {}", w[0], w[1]);
        }
        assert!(prefix("abc") < prefix("abd") && prefix("ab") < prefix("abc") && prefix("") == 0);
    }
}
