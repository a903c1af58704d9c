//! How an agent state looks: a label, an icon shape and a colour class, so colour is
//! never the only cue. States the API adds later are shown as they come.

use floorview_reporting::{StateId, StateName};

/// The badge of one agent state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateBadge {
    /// The state id as the API sent it, folded (`notready`); the key of filters and
    /// time-in-state limits.
    pub key: String,
    pub label: String,
    /// CSS modifier shared with the Overview's bars (`state--wrap`).
    pub class: &'static str,
    pub icon: &'static str,
}

/// The known states in the legend's order: the working cycle first, then the rest.
pub const KNOWN: [StateId; 16] = [
    StateId::Idle,
    StateId::PendingActive,
    StateId::Active,
    StateId::Multiline,
    StateId::Held,
    StateId::Preview,
    StateId::Wrap,
    StateId::WrapWarning,
    StateId::NotReady,
    StateId::Park,
    StateId::ParkWarning,
    StateId::Reserved,
    StateId::Exception,
    StateId::LoggedOn,
    StateId::LoggedOff,
    StateId::Uninitialized,
];

impl StateBadge {
    /// The badge of a state from its id and display name, either of which may be
    /// missing or unknown.
    pub fn of(id: Option<&StateId>, name: Option<&StateName>) -> StateBadge {
        let id = id.cloned().or_else(|| name.map(|n| StateId::parse(n.as_str())));
        let Some(id) = id else {
            return StateBadge {
                key: String::new(),
                label: "Unknown".to_owned(),
                class: "other",
                icon: "?",
            };
        };
        let (class, icon) = look(&id);
        let label = match (&id, name) {
            // The API's own display name, when it sent one that is not blank.
            (_, Some(n)) if !n.as_str().trim().is_empty() => n.as_str().to_owned(),
            (StateId::Other(raw), _) => raw.clone(),
            (known, _) => known.name().as_str().to_owned(),
        };
        StateBadge {
            key: floorview_reporting::enums::normalise(id.as_str()),
            label,
            class,
            icon,
        }
    }

    /// The badge of a known state, for the legend.
    pub fn known(id: &StateId) -> StateBadge {
        StateBadge::of(Some(id), None)
    }
}

/// The same shapes as the Overview's state swatches (`style/states.css`), so a shape
/// means one state everywhere.
fn look(id: &StateId) -> (&'static str, &'static str) {
    match id {
        StateId::Idle => ("idle", "●"),
        StateId::PendingActive => ("pending", "▲"),
        StateId::Active => ("active", "■"),
        StateId::Multiline => ("multiline", "⬢"),
        StateId::Held => ("hold", "◆"),
        StateId::Preview => ("preview", "⬟"),
        StateId::Wrap => ("wrap", "▼"),
        StateId::WrapWarning => ("wrap-warning", "▽"),
        StateId::NotReady => ("not-ready", "✕"),
        StateId::Park => ("park", "▬"),
        StateId::ParkWarning => ("park-warning", "▭"),
        StateId::Reserved => ("reserved", "□"),
        StateId::Exception => ("exception", "⚠"),
        StateId::LoggedOn => ("logged-on", "+"),
        StateId::LoggedOff => ("logged-off", "−"),
        StateId::Uninitialized | StateId::UserCleared | StateId::Other(_) => ("other", "?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_states_have_distinct_icons() {
        let icons: std::collections::HashSet<_> = KNOWN.iter().map(|s| look(s).1).collect();
        // Uninitialized shares "?" with every unknown state.
        assert_eq!(icons.len(), KNOWN.len());
    }

    #[test]
    fn an_unknown_state_is_shown_as_it_came() {
        let id = StateId::parse("Coaching");
        let badge = StateBadge::of(Some(&id), None);
        assert_eq!(badge.label, "Coaching");
        assert_eq!(badge.key, "coaching");
        assert_eq!(badge.icon, "?");
    }

    #[test]
    fn the_apis_display_name_wins_and_a_name_alone_is_enough() {
        let name = StateName::parse("Not Ready");
        let badge = StateBadge::of(None, Some(&name));
        assert_eq!(
            (badge.key.as_str(), badge.label.as_str(), badge.class),
            ("notready", "Not Ready", "not-ready")
        );
        let wrap = StateBadge::of(Some(&StateId::Wrap), Some(&StateName::parse("After-call work")));
        assert_eq!((wrap.label.as_str(), wrap.class), ("After-call work", "wrap"));
        assert_eq!(StateBadge::of(None, None).label, "Unknown");
    }
}
