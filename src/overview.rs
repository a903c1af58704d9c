//! The figures the Overview shows, derived from decoded payloads: pure, so they are
//! tested natively and the view only lays them out.

use floorview_reporting::TeamActivityRow;

/// One part of a team's stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub label: &'static str,
    /// CSS modifier (`idle`, `not-ready`, …).
    pub class: &'static str,
    pub count: u32,
    pub percent: f64,
}

/// The stacked bar's parts: every state with agents in it, in counter order. Each
/// agent is in exactly one state (`multiline` is a state of its own), so the parts
/// add up to the agents signed on.
pub fn team_segments(row: &TeamActivityRow) -> Vec<Segment> {
    let parts: Vec<(&'static str, &'static str, u32)> = row
        .counters()
        .into_iter()
        .filter_map(|(label, count)| count.filter(|c| *c > 0).map(|c| (label, state_class(label), c)))
        .collect();
    let total: u64 = parts.iter().map(|(_, _, c)| u64::from(*c)).sum();
    parts
        .into_iter()
        .map(|(label, class, count)| Segment {
            label,
            class,
            count,
            percent: crate::format::percent(u64::from(count), total),
        })
        .collect()
}

/// A state bar in words, for its `aria-label`: `Idle 4, Active 3`.
pub fn describe_segments(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| format!("{} {}", s.label, s.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row of team `id` in a `teamActivity` body: the one with that `teamId`, else
/// the only or first row (some tenants omit `teamId`).
pub fn team_row<'a>(rows: &'a [TeamActivityRow], id: &str) -> Option<&'a TeamActivityRow> {
    rows.iter()
        .find(|r| r.team_id.as_deref() == Some(id))
        .or_else(|| rows.first())
}

/// The CSS modifier of a counter label.
pub fn state_class(label: &str) -> &'static str {
    match label {
        "Idle" => "idle",
        "Pending active" => "pending",
        "Active" => "active",
        "Multiline" => "multiline",
        "Hold" => "hold",
        "Preview" => "preview",
        "Wrap" => "wrap",
        "Wrap warning" => "wrap-warning",
        "Park" => "park",
        "Park warning" => "park-warning",
        "Not ready" => "not-ready",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> TeamActivityRow {
        TeamActivityRow {
            idle_count: Some(3),
            active_count: Some(5),
            multi_line_count: Some(1),
            not_ready_count: Some(2),
            wrap_count: Some(0),
            hold_count: None,
            ..Default::default()
        }
    }

    #[test]
    fn segments_cover_every_occupied_state_and_add_up() {
        let s = team_segments(&team());
        let labels: Vec<&str> = s.iter().map(|s| s.label).collect();
        assert_eq!(labels, ["Idle", "Active", "Multiline", "Not ready"]);
        assert_eq!(s[1].percent, 5.0 * 100.0 / 11.0);
        assert_eq!(s[3].class, "not-ready");
        assert_eq!(s.iter().map(|s| u64::from(s.count)).sum::<u64>(), team().signed_on());
        assert!((s.iter().map(|s| s.percent).sum::<f64>() - 100.0).abs() < 1e-9);
        assert!(team_segments(&TeamActivityRow::default()).is_empty());
    }

    #[test]
    fn the_team_row_is_found_by_id_or_falls_back_to_the_first() {
        let a = TeamActivityRow {
            team_id: Some("a".into()),
            ..Default::default()
        };
        let b = TeamActivityRow {
            team_id: Some("b".into()),
            ..Default::default()
        };
        let rows = [a, b];
        assert_eq!(team_row(&rows, "b").and_then(|r| r.team_id.as_deref()), Some("b"));
        assert_eq!(team_row(&rows, "zzz").and_then(|r| r.team_id.as_deref()), Some("a"));
        assert_eq!(team_row(&[], "a"), None);
    }
}
