//! The Presence view's logic: who is logged on, searched, and reconciled against the
//! teams' `userActivity`, since supervisors ask why someone shows in one and not the
//! other.

use std::collections::HashSet;

use floorview_reporting::{PresenceUser, StateId, UsersCollection};

use crate::agents::TeamAgents;

/// A logged-on user as the table shows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PresentUser {
    pub id: String,
    /// First and last name, else the id.
    pub name: String,
    pub email: String,
    pub session: String,
    /// Lower-case name, id and email, for search.
    haystack: String,
}

impl PresentUser {
    /// From a presence row; `position` stands in for a missing id.
    pub fn from_row(user: &PresenceUser, position: usize) -> PresentUser {
        let text = |v: &Option<String>| v.as_deref().map_or("", str::trim).to_owned();
        let id = Some(text(&user.user_id))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("(row {})", position + 1));
        let full = format!("{} {}", text(&user.first_name), text(&user.last_name));
        let name = Some(full.trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.clone());
        let email = text(&user.email_address);
        PresentUser {
            haystack: format!(
                "{}\n{}\n{}",
                name.to_lowercase(),
                id.to_lowercase(),
                email.to_lowercase()
            ),
            session: text(&user.ehub_session_id),
            id,
            name,
            email,
        }
    }

    /// Every user of a presence answer, in its order.
    pub fn all_of(users: &UsersCollection) -> Vec<PresentUser> {
        users
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| PresentUser::from_row(u, i))
            .collect()
    }

    /// Whether the user matches a search (name, id or e-mail; any case).
    pub fn matches(&self, search: &str) -> bool {
        let needle = search.trim().to_lowercase();
        needle.is_empty() || self.haystack.contains(&needle)
    }
}

/// Users in one source and not the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mismatch {
    /// Logged on in presence, but in no configured team's `userActivity`.
    pub only_in_presence: Vec<(String, String)>,
    /// Signed on in a team's `userActivity`, but not logged on in presence.
    pub only_in_teams: Vec<(String, String)>,
}

impl Mismatch {
    /// The disagreement in one short line, for a wall screen that has no room for the
    /// names (and whose layout must not change height as the counts come and go).
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.only_in_presence.len(), "logged on in no team"),
            (self.only_in_teams.len(), "signed on, not logged on"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        (!parts.is_empty()).then(|| format!("⚠ Presence and teams disagree: {}", parts.join(" · ")))
    }
}

/// Compares presence with the teams' agents. Agents whose state says logged off are
/// not expected in presence. Each list is sorted by name.
pub fn reconcile(present: &[PresentUser], teams: &[&TeamAgents]) -> Mismatch {
    let present_ids: HashSet<&str> = present.iter().map(|u| u.id.as_str()).collect();
    let mut team_ids: HashSet<&str> = HashSet::new();
    let mut only_in_teams = Vec::new();
    let logged_off = floorview_reporting::enums::normalise(StateId::LoggedOff.as_str());
    for agent in teams.iter().flat_map(|t| t.agents.iter()) {
        team_ids.insert(&agent.id);
        if agent.state.key != logged_off && !present_ids.contains(&*agent.id) {
            only_in_teams.push((agent.id.to_string(), agent.name.clone()));
        }
    }
    let mut only_in_presence: Vec<(String, String)> = present
        .iter()
        .filter(|u| !team_ids.contains(u.id.as_str()))
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    only_in_presence.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    only_in_teams.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    only_in_teams.dedup();
    Mismatch {
        only_in_presence,
        only_in_teams,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FetchInstant;
    use floorview_reporting::decode;

    const AT: FetchInstant = FetchInstant::by_pc_clock(0.0, 0.0);

    fn present(body: &str) -> Vec<PresentUser> {
        let users = decode::presence_users(body).expect("decodes").value.users;
        users
            .iter()
            .enumerate()
            .map(|(i, u)| PresentUser::from_row(u, i))
            .collect()
    }

    #[test]
    fn users_read_well_with_whatever_the_api_sent() {
        let p = present(
            r#"{"users":[{"userId":"u1","firstName":"Ana","lastName":"Li","emailAddress":"ana@x.io","ehubSessionId":123},{"firstName":" "}]}"#,
        );
        assert_eq!((p[0].name.as_str(), p[0].session.as_str()), ("Ana Li", "123"));
        assert_eq!(p[1].name, "(row 2)");
        assert!(p[0].matches("ANA@"));
        assert!(p[0].matches(" li"));
        assert!(!p[0].matches("bob"));
    }

    #[test]
    fn who_is_missing_from_which_side_is_flagged() {
        let p = present(r#"{"users":[{"userId":"u1","firstName":"Ana"},{"userId":"ghost","firstName":"Gus"}]}"#);
        let team = decode::user_activity(
            r#"{"rows":[{"userId":"u1","stateId":"idle"},{"userId":"u2","preferredName":"Bo","stateId":"active"},{"userId":"u3","stateId":"loggedOff"}]}"#,
        )
        .expect("decodes")
        .value;
        let team = TeamAgents::from_payload(&team, 0, "t", &AT);
        let m = reconcile(&p, &[&team]);
        assert_eq!(m.only_in_presence, [("ghost".to_owned(), "Gus".to_owned())]);
        assert_eq!(m.only_in_teams, [("u2".to_owned(), "Bo".to_owned())]);
        assert_eq!(
            m.summary().as_deref(),
            Some("⚠ Presence and teams disagree: 1 logged on in no team · 1 signed on, not logged on")
        );
        let one_side = Mismatch {
            only_in_presence: Vec::new(),
            ..m
        };
        assert_eq!(
            one_side.summary().as_deref(),
            Some("⚠ Presence and teams disagree: 1 signed on, not logged on")
        );
        assert_eq!(Mismatch::default().summary(), None);
    }
}
